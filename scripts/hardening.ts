// `npm run hardening`: runs every case of the hostile-input corpus and the fault matrix (test/unit/hardening/corpus.ts)
// through the real code paths, prints one row per case (expected and actual outcome, time, peak RSS for the heavy ones)
// and the corpus size, and exits 1 when a case crashes or gives the wrong outcome.
//
//   node dist/hardening.js               every case; heavy ones each in a fresh process so their peak RSS is their own
//   node dist/hardening.js --light       skip the heavy cases (what the unit suite runs)
//   node dist/hardening.js --only <text> only cases whose name contains the text
//   node dist/hardening.js --case <name> one case, as a JSON line (used for the heavy ones)
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { WrongOutcome, allCases, createCorpusContext, type HardeningCase } from '../test/unit/hardening/corpus';

type Verdict = 'pass' | 'WRONG' | 'CRASH';

interface CaseResult {
  readonly name: string;
  readonly verdict: Verdict;
  /** ok / clear error: message / CRASH: message. */
  readonly actual: string;
  readonly ms: number;
  readonly peakRssMiB?: number;
  readonly corpusBytes: number;
}

const bundles = { cliPath: path.join(__dirname, 'cli.js'), workerPath: path.join(__dirname, 'worker.js') };

function oneLine(text: string, max = 110): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

async function runInProcess(testCase: HardeningCase): Promise<CaseResult> {
  const ctx = await createCorpusContext(bundles);
  const started = performance.now();
  let verdict: Verdict;
  let actual: string;
  try {
    const outcome = await testCase.run(ctx);
    verdict = outcome.kind === testCase.expected ? 'pass' : 'WRONG';
    actual = `${outcome.kind === 'ok' ? 'ok' : 'clear error'}: ${outcome.detail}`;
  } catch (error) {
    verdict = error instanceof WrongOutcome ? 'WRONG' : 'CRASH';
    actual = `${verdict === 'WRONG' ? 'wrong' : 'CRASH'}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
  }
  const ms = performance.now() - started;
  const corpusBytes = ctx.corpusBytes + ctx.hostile.servedBytes();
  await ctx.dispose();
  return { name: testCase.name, verdict, actual, ms, corpusBytes };
}

/** Runs one case in a fresh Node process and reads its JSON line; a dead child is a crash of that case. */
function runIsolated(testCase: HardeningCase): Promise<CaseResult> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [__filename, '--case', testCase.name], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code, signal) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as CaseResult);
      } catch {
        const why = signal ? `killed by ${signal}` : `exit code ${code}`;
        resolve({ name: testCase.name, verdict: 'CRASH', actual: `CRASH: process ${why}: ${oneLine(stderr.slice(-400))}`, ms: performance.now() - started, corpusBytes: 0 });
      }
    });
  });
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

async function main(argv: readonly string[]): Promise<number> {
  const cases = allCases();
  const single = argv.indexOf('--case');
  if (single >= 0) {
    const testCase = cases.find((c) => c.name === argv[single + 1]);
    if (!testCase) {
      process.stderr.write(`No case named ${JSON.stringify(argv[single + 1])}.\n`);
      return 2;
    }
    const result = await runInProcess(testCase);
    const peakRssMiB = process.resourceUsage().maxRSS / 1024;
    process.stdout.write(`${JSON.stringify({ ...result, peakRssMiB })}\n`);
    return 0;
  }
  const light = argv.includes('--light');
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt >= 0 ? (argv[onlyAt + 1] ?? '') : undefined;
  const chosen = cases.filter((c) => (!light || !c.heavy) && (only === undefined || c.name.includes(only)));

  const header = ['case', 'group', 'expected', 'actual', 'time', 'peak RSS'];
  console.log(header.join(' | '));
  const results: CaseResult[] = [];
  for (const testCase of chosen) {
    const result = testCase.heavy ? await runIsolated(testCase) : await runInProcess(testCase);
    results.push(result);
    const expected = `${testCase.expected === 'ok' ? 'ok' : 'clear error'} (${testCase.expectation})`;
    const mark = result.verdict === 'pass' ? '' : `${result.verdict} `;
    console.log([
      `${mark}${testCase.name}`, testCase.group, oneLine(expected, 90), oneLine(result.actual), `${(result.ms / 1000).toFixed(2)} s`,
      result.peakRssMiB !== undefined ? `${result.peakRssMiB.toFixed(0)} MiB` : '-',
    ].join(' | '));
  }
  const bytes = results.reduce((n, r) => n + r.corpusBytes, 0);
  const failed = results.filter((r) => r.verdict !== 'pass');
  const crashes = failed.filter((r) => r.verdict === 'CRASH').length;
  console.log(`\nCorpus: ${results.length} cases (${results.filter((r) => chosen.find((c) => c.name === r.name)?.heavy).length} heavy), ${formatBytes(bytes)} of generated input (files written and bodies served).`);
  console.log(`Outcome: ${results.length - failed.length} as expected, ${failed.length - crashes} wrong, ${crashes} crashed.`);
  return failed.length > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`hardening: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  },
);
