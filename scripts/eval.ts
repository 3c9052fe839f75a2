// `npm run eval`: runs the engine on every dev evaluation case and scores it with ../shared/eval/score.py.
// Usage: node dist/eval.js [--cases DIR] [--preds DIR] [--groups cidiff logchunks scale] [--weighting binary|tfidf]
// [--hashed N] (words hashed into N columns, as the original's vectorizer: see src/core/featureHash.ts)
//        [--threshold 0.2] [--sweep]
// The cases are built once with make_cases.py into <os tmp>/logtriage-dev-cases and reused. Predictions follow the
// documented format: every scored line at or above the threshold, repeats included (duplicate rule), no context.
// --sweep also scores thresholds 0.1…0.5 from the same run (distances do not depend on the threshold).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeWith, DEFAULT_ENGINE } from '../src/core/analysis';
import { DEFAULT_OPTIONS } from '../src/core/options';
import type { Weighting } from '../src/core/lineIndex';
import { listCases, readCase } from './lib/readCase';
import { terminalSafe } from '../src/cli/format';

function argument(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

function main(): number {
  const args = process.argv.slice(2);
  const shared = join(process.cwd(), '..', 'shared', 'eval');
  const cases = argument(args, '--cases') ?? join(tmpdir(), 'logtriage-dev-cases');
  const preds = argument(args, '--preds') ?? join(tmpdir(), 'logtriage-dev-preds');
  const weighting = (argument(args, '--weighting') ?? DEFAULT_ENGINE.weighting) as Weighting;
  const threshold = Number(argument(args, '--threshold') ?? DEFAULT_OPTIONS.threshold);
  const hashedText = argument(args, '--hashed');
  const hashedFeatures = hashedText === undefined ? undefined : Number(hashedText);
  const sweep = args.includes('--sweep') ? [0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5] : [threshold];
  const groupsIndex = args.indexOf('--groups');
  const groups = groupsIndex >= 0 ? args.slice(groupsIndex + 1).filter((arg) => !arg.startsWith('--')) : [];

  if (!existsSync(join(cases, 'index.json'))) {
    console.log(`building dev cases into ${cases}`);
    execFileSync('python3', [join(shared, 'make_cases.py'), '--out', cases], { stdio: 'inherit' });
  }
  const names = listCases(cases).filter(
    (name) => groups.length === 0 || groups.some((group) => name.startsWith(group === 'scale' ? 'scale-' : `${group}-`)),
  );
  const minimum = Math.min(...sweep);
  const predictions = new Map<number, Map<string, object>>(sweep.map((value) => [value, new Map()]));
  let totalLines = 0;
  let totalSeconds = 0;
  for (const name of names) {
    const evalCase = readCase(cases, name);
    const started = performance.now();
    const report = analyzeWith(
      { baseline: evalCase.baseline, target: evalCase.target },
      { ...DEFAULT_OPTIONS, threshold: minimum, contextBefore: 0, contextAfter: 0 },
      {},
      { weighting, ...(hashedFeatures !== undefined ? { hashedFeatures } : {}) },
    );
    const seconds = (performance.now() - started) / 1000;
    totalSeconds += seconds;
    totalLines += report.totals.baselineLines + report.totals.targetLines;
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    for (const value of sweep) {
      const flagged: Record<string, number[]> = {};
      for (const file of report.files) {
        const lines: number[] = [];
        for (const anomaly of file.anomalies) {
          if (anomaly.distance < value) continue;
          lines.push(anomaly.line, ...anomaly.repeats);
        }
        flagged[file.path] = lines.sort((a, b) => a - b);
      }
      predictions.get(value)?.set(name, { flagged, seconds, peak_rss_mb: peakRssMb });
    }
    for (const skipped of report.skipped) console.log(`  ${name}: skipped ${skipped.side} ${terminalSafe(skipped.path)} (${skipped.reason})`);
  }
  console.log(
    `${names.length} cases, ${totalLines} lines in ${totalSeconds.toFixed(1)} s engine time ` +
      `(${Math.round(totalLines / totalSeconds)} lines/s), weighting ${weighting}${hashedFeatures !== undefined ? `, words hashed into ${hashedFeatures} columns` : ''}`,
  );
  for (const value of sweep) {
    const directory = sweep.length === 1 ? preds : join(preds, `t${value}`);
    mkdirSync(directory, { recursive: true });
    for (const [name, prediction] of predictions.get(value) ?? []) {
      writeFileSync(join(directory, `${name}.json`), JSON.stringify(prediction));
    }
    console.log(`\n=== threshold ${value} (predictions in ${directory})`);
    const output = execFileSync('python3', [join(shared, 'score.py'), directory, '--cases', cases], { encoding: 'utf8' });
    console.log(output);
  }
  return 0;
}

process.exitCode = main();
