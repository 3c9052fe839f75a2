// A tiny parser for the conformance datasets' `inf.yaml` (threshold + anomalies[{line, optional}]), so the dev
// tools need no YAML dependency. It understands exactly the shapes those files use: plain scalars, `|` blocks,
// `- ` list items, `#` comments.

export interface ExpectedAnomaly {
  readonly line: string;
  readonly optional: boolean;
}

export interface DatasetInfo {
  readonly threshold?: number;
  readonly anomalies: readonly ExpectedAnomaly[];
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

export function parseInfYaml(text: string): DatasetInfo {
  const lines = text.split(/\r\n|\r|\n/);
  let threshold: number | undefined;
  const anomalies: ExpectedAnomaly[] = [];
  let current: { line?: string; optional: boolean } | undefined;
  const finish = (): void => {
    if (current === undefined) return;
    if (current.line === undefined) throw new Error('inf.yaml: an anomaly item has no `line`');
    anomalies.push({ line: current.line, optional: current.optional });
    current = undefined;
  };
  for (let index = 0; index < lines.length; index += 1) {
    const raw = lines[index] ?? '';
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const topLevel = /^(\w+):\s*(.*)$/.exec(raw);
    if (topLevel !== null) {
      finish();
      if (topLevel[1] === 'threshold') threshold = Number(topLevel[2]);
      else if (topLevel[1] !== 'anomalies') throw new Error(`inf.yaml: unknown key ${topLevel[1]}`);
      continue;
    }
    let body = trimmed;
    let keyIndent = indentOf(raw);
    if (body.startsWith('- ')) {
      finish();
      current = { optional: false };
      body = body.slice(2).trimStart();
      keyIndent += 2;
    }
    if (current === undefined) throw new Error(`inf.yaml: unexpected line ${JSON.stringify(raw)}`);
    const pair = /^(\w+):\s*(.*)$/.exec(body);
    if (pair === null) throw new Error(`inf.yaml: expected key: value, got ${JSON.stringify(raw)}`);
    const key = pair[1];
    let value = (pair[2] ?? '').trim();
    if (value === '|' || value === '|-') {
      const block: string[] = [];
      while (index + 1 < lines.length) {
        const next = lines[index + 1] ?? '';
        if (next.trim() !== '' && indentOf(next) <= keyIndent) break;
        block.push(next.trim());
        index += 1;
      }
      value = block.join('\n').trim();
    }
    if (key === 'line') current.line = value;
    else if (key === 'optional') current.optional = /^(true|yes)$/i.test(value);
    else throw new Error(`inf.yaml: unknown anomaly key ${key}`);
  }
  finish();
  return { ...(threshold !== undefined ? { threshold } : {}), anomalies };
}
