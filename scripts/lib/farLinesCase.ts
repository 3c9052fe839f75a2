// Engine speed when many target lines are far from every baseline line: random word mixes over a Zipf-like
// vocabulary, so lines share common words with many baseline lines but none is near. Prints the scoring speed, the
// flagged-line count with a digest of the flagged positions (to compare decisions across engine versions), and the
// peak RSS (VmHWM).
// Usage: npx esbuild scripts/lib/farLinesCase.ts --bundle --platform=node --outfile=/tmp/farLines.js
//        node /tmp/farLines.js [--baseline 200000] [--target 50000] [--vocabulary 5000] [--seed 1] [--budget N]
import { readFileSync } from 'node:fs';
import { analyzeWith, DEFAULT_ENGINE } from '../../src/core/analysis';
import { DEFAULT_OPTIONS } from '../../src/core/options';
import { pseudoWord, seededRandom as prng } from '../../test/fixtures/syntheticText';

function argument(args: readonly string[], name: string, fallback: number): number {
  const index = args.indexOf(name);
  return index >= 0 ? Number(args[index + 1]) : fallback;
}



function text(lines: number, vocabulary: number, random: () => number): string {
  const out: string[] = [];
  for (let line = 0; line < lines; line += 1) {
    const length = 4 + Math.floor(random() * 12);
    const words: string[] = [];
    for (let word = 0; word < length; word += 1) words.push(pseudoWord(Math.floor(vocabulary ** random()) - 1));
    out.push(words.join(' '));
  }
  return out.join('\n');
}

function peakRssMb(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) / 1024 : 0;
}

function main(): void {
  const args = process.argv.slice(2);
  const baselineLines = argument(args, '--baseline', 200_000);
  const targetLines = argument(args, '--target', 50_000);
  const vocabulary = argument(args, '--vocabulary', 5000);
  const random = prng(argument(args, '--seed', 1));
  const input = {
    baseline: [{ path: 'service.log', text: text(baselineLines, vocabulary, random) }],
    target: [{ path: 'service.log', text: text(targetLines, vocabulary, random) }],
  };
  const cpuStarted = process.cpuUsage();
  const budget = argument(args, '--budget', -1);
  const engine = budget >= 0 ? { ...DEFAULT_ENGINE, anomalyScanBudget: budget } : DEFAULT_ENGINE;
  const report = analyzeWith(input, DEFAULT_OPTIONS, {}, engine);
  const cpu = process.cpuUsage(cpuStarted);
  let digest = 0;
  let distanceSum = 0;
  for (const file of report.files) {
    for (const anomaly of file.anomalies) {
      digest = (Math.imul(digest, 31) + anomaly.line) | 0;
      distanceSum += anomaly.distance;
    }
  }
  const { trainMs, testMs, totalMs } = report.timings;
  console.log(
    `far lines: ${baselineLines} baseline / ${targetLines} target, ${report.totals.anomalyLines} flagged (digest ${digest >>> 0}, ` +
      `mean reported distance ${(distanceSum / Math.max(1, report.totals.anomalies)).toFixed(4)}); train ${(trainMs / 1000).toFixed(2)} s, ` +
      `test ${(testMs / 1000).toFixed(2)} s = ${Math.round(targetLines / (testMs / 1000))} target lines/s, total ${(totalMs / 1000).toFixed(2)} s, ` +
      `cpu ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s; peak RSS ${Math.round(peakRssMb())} MB`,
  );
}

main();
