// Engine speed on one dev case (default scale-ikasan): one warm-up run, then the median of N end-to-end runs of
// `analyze` (split, tokenize, index, score, report), split into read / train / test, plus peak RSS of the process.
// Files are read from disk once, before timing: reading is the sources layer's cost, not the engine's.
// Usage: npx esbuild scripts/lib/speedCase.ts --bundle --platform=node --outfile=/tmp/speedCase.js
//        node /tmp/speedCase.js [--case scale-ikasan] [--runs 3] [--tokenize-only]
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, sourceLines } from '../../src/core/analysis';
import { DEFAULT_OPTIONS } from '../../src/core/options';
import { tokenize } from '../../src/core/tokenizer';
import { readCase } from './readCase';

function argument(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function main(): void {
  const args = process.argv.slice(2);
  const name = argument(args, '--case') ?? 'scale-ikasan';
  const runs = Number(argument(args, '--runs') ?? 3);
  const evalCase = readCase(argument(args, '--cases') ?? join(tmpdir(), 'logtriage-dev-cases'), name);
  const input = { baseline: evalCase.baseline, target: evalCase.target };

  if (args.includes('--tokenize-only')) {
    const lines = [...evalCase.baseline, ...evalCase.target].flatMap((file) => sourceLines(file));
    const times: number[] = [];
    for (let run = 0; run <= runs; run += 1) {
      const started = performance.now();
      let length = 0;
      for (const line of lines) length += tokenize(line).length;
      const seconds = (performance.now() - started) / 1000;
      if (run > 0) times.push(seconds);
      if (length < 0) console.log(length);
    }
    const seconds = median(times);
    console.log(`${name}: tokenize ${lines.length} lines in ${seconds.toFixed(3)} s = ${Math.round(lines.length / seconds)} lines/s`);
    return;
  }

  // CPU time is printed beside wall time: on a shared machine it is the steadier figure.
  const results: { total: number; cpu: number; read: number; train: number; test: number; lines: number; anomalies: number }[] = [];
  for (let run = 0; run <= runs; run += 1) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const report = analyze(input, DEFAULT_OPTIONS);
    const total = performance.now() - started;
    const cpuUsed = process.cpuUsage(cpuStarted);
    const cpu = (cpuUsed.user + cpuUsed.system) / 1000;
    const lines = report.totals.baselineLines + report.totals.targetLines;
    if (run > 0) {
      results.push({
        total,
        cpu,
        read: report.timings.readMs,
        train: report.timings.trainMs,
        test: report.timings.testMs,
        lines,
        anomalies: report.totals.anomalyLines,
      });
    }
  }
  const pick = (key: 'total' | 'cpu' | 'read' | 'train' | 'test'): number => median(results.map((result) => result[key]));
  const first = results[0];
  const lines = first?.lines ?? 0;
  console.log(
    `${name}: ${lines} lines, ${first?.anomalies ?? 0} flagged lines; median of ${runs}: ` +
      `total ${(pick('total') / 1000).toFixed(3)} s = ${Math.round(lines / (pick('total') / 1000))} lines/s, cpu ${(pick('cpu') / 1000).toFixed(3)} s ` +
      `(read ${(pick('read') / 1000).toFixed(3)} s, train ${(pick('train') / 1000).toFixed(3)} s, test ${(pick('test') / 1000).toFixed(3)} s); ` +
      `peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
  );
}

main();
