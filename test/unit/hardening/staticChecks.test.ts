// Source checks that no runtime test can make: nothing evaluates strings as code, and credentials only live in
// SecretStorage (extension) or the environment (CLI).
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full);
    return /\.(ts|tsx|js|mjs|html)$/.test(entry.name) ? [full] : [];
  });
}

/** Source text without comments, so a comment that names `eval(` does not count. */
function code(file: string): string {
  return readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

describe('hardening static checks', () => {
  const files = [...sourceFiles('src'), ...sourceFiles('webview')];

  it('finds the sources to check', () => assert.ok(files.length > 20, `only ${files.length} files`));

  it('no eval, new Function, string timers or javascript: URLs in src/ and webview/', () => {
    const forbidden: [RegExp, string][] = [
      [/(^|[^\w.$])eval\s*\(/, 'eval('],
      [/new\s+Function\s*\(/, 'new Function('],
      [/(^|[^\w.$])Function\s*\(\s*['"`]/, 'Function("…")'],
      [/set(Timeout|Interval)\s*\(\s*['"`]/, 'a string timer'],
      [/['"`]javascript:/i, 'a javascript: URL'],
    ];
    const found = files.flatMap((file) => {
      const text = code(file);
      return forbidden.filter(([pattern]) => pattern.test(text)).map(([, what]) => `${file}: ${what}`);
    });
    assert.deepEqual(found, []);
  });

  it('the webview never turns text into markup (no innerHTML, insertAdjacentHTML, outerHTML or document.write)', () => {
    const found = sourceFiles('webview').filter((file) => /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write/.test(code(file)));
    assert.deepEqual(found, []);
  });

  it('credentials are stored only through SecretStorage; settings and mementos never see them', () => {
    const extension = files.filter((file) => file.startsWith(`src${path.sep}extension`));
    const problems: string[] = [];
    for (const file of extension) {
      const text = code(file);
      // A token, password or credential handed to a configuration update or a memento would sit in plain JSON on disk.
      for (const match of text.matchAll(/(\w+State|configuration\(?[^)]*\)?)\.update\(([^;]*)\)/g)) {
        if (/token|password|secret|credential\b|authorization/i.test(match[2] ?? '')) problems.push(`${file}: ${match[0].slice(0, 120)}`);
      }
    }
    assert.deepEqual(problems, []);
    const store = code(path.join('src', 'extension', 'credentialStore.ts'));
    assert.match(store, /secrets\.store\(/);
  });

  it('the CLI takes credentials from the environment, never from arguments', () => {
    const analyze = code(path.join('src', 'cli', 'analyze.ts'));
    assert.doesNotMatch(analyze, /case '--(token|password|user|auth)/);
    assert.match(analyze, /LOG_TRIAGE_ZUUL_TOKEN/);
  });

  it('no source writes request headers or credentials to a log', () => {
    const found = files.filter((file) => /console\.(log|info|warn|error|debug)\([^)]*(authorization|headers|token|password)/i.test(code(file)));
    assert.deepEqual(found, []);
  });
});
