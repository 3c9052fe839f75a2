// `npm run conformance`: the 9 LogReduce conformance datasets must give 100% accuracy and 0% false positives.
// Usage: node dist/conformance.js <datasets folder> [--threshold 0.2 | --dataset-thresholds] [--weighting binary|tfidf]
// [--hashed N] [--verbose]. `--hashed 262144` measures the original's hashed features (see src/core/featureHash.ts). By default a dataset runs at the threshold its inf.yaml sets (dib-01 0.4, zuul-console-01 0.5,
// zuul-console-pep8 0.4), else at the product default 0.2, as upstream's runner does; --threshold forces one value.
// Scoring follows upstream's runner (chunks, see lib/conformanceCase.ts); the per-line false positives are printed
// as a secondary, stricter figure.
import { listDatasets, runConformanceCase } from './lib/conformanceCase';
import { DEFAULT_ENGINE } from '../src/core/analysis';
import type { Weighting } from '../src/core/lineIndex';
import { terminalSafe } from '../src/cli/format';

function main(): number {
  const args = process.argv.slice(2);
  const root = args.find((arg, index) => !arg.startsWith('--') && !(args[index - 1] ?? '').match(/^--(threshold|weighting|hashed)$/));
  if (root === undefined) {
    console.error('usage: conformance <datasets folder> [--threshold N] [--weighting tfidf|binary] [--verbose]');
    return 2;
  }
  const thresholdArg = args.indexOf('--threshold');
  const threshold = thresholdArg >= 0 ? Number(args[thresholdArg + 1]) : undefined;
  if (threshold !== undefined && !(threshold >= 0 && threshold <= 1)) {
    console.error('--threshold must be a number within 0..1');
    return 2;
  }
  const weightingArg = args.indexOf('--weighting');
  const weighting: Weighting = weightingArg >= 0 && args[weightingArg + 1] === 'tfidf' ? 'tfidf' : DEFAULT_ENGINE.weighting;
  const verbose = args.includes('--verbose');
  const hashedArg = args.indexOf('--hashed');
  const hashedFeatures = hashedArg >= 0 ? Number(args[hashedArg + 1]) : undefined;
  if (hashedFeatures !== undefined && !(Number.isInteger(hashedFeatures) && hashedFeatures > 0)) {
    console.error('--hashed must be a whole number of columns');
    return 2;
  }

  let required = 0;
  let found = 0;
  let reported = 0;
  let falsePositives = 0;
  let reportedLines = 0;
  let falsePositiveLines = 0;
  console.log(`weighting ${weighting}${hashedFeatures !== undefined ? `, words hashed into ${hashedFeatures} columns` : ''}`);
  console.log('dataset                threshold  accuracy        false-positive chunks   (false-positive lines)');
  for (const dataset of listDatasets(root)) {
    const result = runConformanceCase(root, dataset, threshold, { weighting, ...(hashedFeatures !== undefined ? { hashedFeatures } : {}) });
    required += result.required;
    found += result.found;
    reported += result.chunks;
    falsePositives += result.falsePositiveChunks.length;
    reportedLines += result.reportedLines;
    falsePositiveLines += result.falsePositiveLines.length;
    console.log(
      `${dataset.padEnd(22)} ${result.threshold.toFixed(2).padStart(9)}  ` +
        `${(result.accuracy * 100).toFixed(1).padStart(6)}% ${`(${result.found}/${result.required})`.padStart(8)}  ` +
        `${(result.falsePositiveRate * 100).toFixed(1).padStart(6)}% ${`(${result.falsePositiveChunks.length}/${result.chunks})`.padStart(8)}` +
        `       (${result.falsePositiveLines.length}/${result.reportedLines})`,
    );
    if (verbose || result.missing.length > 0) for (const line of result.missing) console.log(`    missing: ${terminalSafe(line, { dropSequences: true })}`);
    for (const chunk of result.falsePositiveChunks) console.log(`    false-positive chunk: ${chunk.slice(0, 300).split('\n').map((line) => terminalSafe(line, { dropSequences: true })).join('\n      ')}`);
    if (verbose) for (const line of result.falsePositiveLines) console.log(`    unexpected line: ${terminalSafe(line.slice(0, 300), { dropSequences: true })}`);
  }
  const accuracy = required === 0 ? 1 : found / required;
  const falsePositiveRate = reported === 0 ? 0 : falsePositives / reported;
  console.log(
    `${'total'.padEnd(22)} ${''.padStart(9)}  ${(accuracy * 100).toFixed(1).padStart(6)}% ${`(${found}/${required})`.padStart(8)}  ` +
      `${(falsePositiveRate * 100).toFixed(1).padStart(6)}% ${`(${falsePositives}/${reported})`.padStart(8)}       (${falsePositiveLines}/${reportedLines})`,
  );
  return accuracy === 1 && falsePositives === 0 ? 0 : 1;
}

process.exitCode = main();
