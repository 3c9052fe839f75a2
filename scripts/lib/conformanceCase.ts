// Runs one conformance dataset (`*.good` baseline, `*.fail` target, `inf.yaml` expectations) through the engine and
// scores it the way logreduce-tests' runner does: the report is made with 0 context lines, so its blocks ("chunks")
// are runs of anomalies less than 5 lines apart. Accuracy = share of required expected lines found as a substring of
// a chunk (optional ones may be missed); false-positive rate = share of chunks that hold no expected line (each
// expected line marks only the first chunk holding it, as upstream does). The per-line figures (every reported line,
// repeats included, must match an expected line) are computed too, as a stricter secondary view.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeWith, DEFAULT_ENGINE, type EngineChoices, type SourceFile } from '../../src/core/analysis';
import { DEFAULT_OPTIONS } from '../../src/core/options';
import { parseInfYaml, type DatasetInfo } from './infYaml';

export interface ConformanceResult {
  readonly dataset: string;
  readonly threshold: number;
  readonly required: number;
  readonly found: number;
  readonly missing: readonly string[];
  readonly chunks: number;
  readonly falsePositiveChunks: readonly string[];
  readonly accuracy: number;
  readonly falsePositiveRate: number;
  /** Stricter per-line view: reported lines (repeats included) and those matching no expected line. */
  readonly reportedLines: number;
  readonly falsePositiveLines: readonly string[];
}

export function listDatasets(root: string): string[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

function readSide(directory: string, suffix: string): SourceFile[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith(suffix))
    .sort()
    .map((name) => ({ path: name, text: readFileSync(join(directory, name), 'latin1') }));
}

export function readDatasetInfo(directory: string): DatasetInfo {
  return parseInfYaml(readFileSync(join(directory, 'inf.yaml'), 'utf8'));
}

export function runConformanceCase(
  root: string,
  dataset: string,
  threshold?: number,
  engine: EngineChoices = DEFAULT_ENGINE,
): ConformanceResult {
  const directory = join(root, dataset);
  const info = readDatasetInfo(directory);
  const effectiveThreshold = threshold ?? info.threshold ?? DEFAULT_OPTIONS.threshold;
  const report = analyzeWith(
    { baseline: readSide(directory, '.good'), target: readSide(directory, '.fail') },
    // The datasets were labelled against whole lines by the Python tool, which has no length limit; one expected
    // line sits 7 kB into an Ansible result line, so the scoring limit is lifted here.
    { ...DEFAULT_OPTIONS, threshold: effectiveThreshold, contextBefore: 0, contextAfter: 0, maxLineLength: 1_000_000 },
    {},
    engine,
  );
  const reportedLines: string[] = [];
  for (const file of report.files) {
    for (const anomaly of file.anomalies) {
      reportedLines.push(anomaly.text);
      for (let repeat = 0; repeat < anomaly.repeats.length; repeat += 1) reportedLines.push(anomaly.text);
    }
  }
  const chunks = report.files.flatMap((file) => file.blocks.map((block) => block.lines.join('\n')));
  const matchedChunks = new Set<number>();
  const missing: string[] = [];
  let required = 0;
  let found = 0;
  for (const expected of info.anomalies) {
    const chunk = chunks.findIndex((text) => text.includes(expected.line));
    if (chunk >= 0) matchedChunks.add(chunk);
    if (expected.optional) continue;
    required += 1;
    if (chunk >= 0) found += 1;
    else missing.push(expected.line);
  }
  const falsePositiveChunks = chunks.filter((_, index) => !matchedChunks.has(index));
  const falsePositiveLines = reportedLines.filter((line) => !info.anomalies.some((expected) => line.includes(expected.line)));
  return {
    dataset,
    threshold: effectiveThreshold,
    required,
    found,
    missing,
    chunks: chunks.length,
    falsePositiveChunks,
    accuracy: required === 0 ? 1 : found / required,
    falsePositiveRate: chunks.length === 0 ? 0 : falsePositiveChunks.length / chunks.length,
    reportedLines: reportedLines.length,
    falsePositiveLines,
  };
}
