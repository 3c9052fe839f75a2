// `npm run bench`: speed and memory figures for the read + analyse pipeline. Prints, never asserts.
//
// Each measurement runs in a fresh child process (this same bundle with `--child`), so its peak RSS (VmHWM) belongs
// to that one analysis. Cases:
//   a) scale-ikasan, the dev speed case built by ../shared/eval/make_cases.py (~388k lines), and the biggest LogChunks
//      dev case (the eval protocol's other speed case);
//   b) a deterministic synthetic job of 2M target lines with many distinct lines;
//   c) baseline-size linearity: one target against 1x, 2x and 4x the baseline;
//   d) dense blocked scoring with ml-matrix against the sparse index, on the same target lines (see denseScoring.ts);
//   e) responsiveness through the worker client: the caller's longest event-loop stall while a job runs and its
//      report arrives (a target of 300k new lines: a report of 300k anomalies), and how soon a cancelled worker
//      stops on its own (else it is terminated after the grace period) when cancelled at moments spread over a job;
//   f) the original's model (scikit-learn's HashingVectorizer + brute-force cosine neighbours, bench/originalModel.py)
//      on the token lines of cases a and b, timed on a sample of target lines: the yardstick of the "20x the
//      original" target. Needs python3 with scikit-learn (Debian: apt-get install python3-sklearn); skipped without.
// Case a runs in-process on one thread (as `runJob` without a helper) and through the worker client: first, in a
// fresh worker thread (the first analysis of a session), and warm, in a worker that has analysed once already (the
// extension keeps its worker). The worker scores big jobs on two threads (splitAnalysis.ts); the `threads` column
// says whether a helper thread took a share of the target files.
// Options: --runs N (median of N child runs, default 3 for a, 1 for b and c), --only a,b,c,d,e,f, --keep (keep tmp data).
import { spawnSync } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { splitLines } from '../src/core/lines';
import { DEFAULT_OPTIONS } from '../src/core/options';
import { tokenize } from '../src/core/tokenizer';
import type { AnalysisJob } from '../src/protocol';
import { runJob } from '../src/worker/runJob';
import { AnalysisClient } from '../src/worker/client';
import { pseudoWord, seededRandom as prng } from '../test/fixtures/syntheticText';
import { compareDenseScoring } from './denseScoring';

interface Measurement {
  readonly baselineLines: number;
  readonly targetLines: number;
  readonly readMs: number;
  readonly trainMs: number;
  readonly testMs: number;
  readonly totalMs: number;
  readonly wallMs: number;
  readonly peakRssMb: number;
  readonly anomalyLines: number;
  /** Threads that scored target files (the report's timings.threads). */
  readonly threads: number;
}

/** Peak resident set of this process so far, from the kernel (covers every thread, worker included). */
function peakRssMb(): number {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    if (match) return Number(match[1]) / 1024;
  } catch {
    // Not Linux: fall back to the current RSS, a lower bound of the peak.
  }
  return process.memoryUsage().rss / (1024 * 1024);
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function measureOnce(job: AnalysisJob, client: AnalysisClient | undefined): Promise<Measurement> {
  gc();
  const started = performance.now();
  let report;
  if (client !== undefined) {
    report = await client.analyze(job);
  } else {
    const outcome = await runJob(job);
    if (!outcome.ok) throw new Error(`${outcome.error.kind}: ${outcome.error.message}`);
    report = outcome.report;
  }
  const wallMs = performance.now() - started;
  return {
    baselineLines: report.totals.baselineLines,
    targetLines: report.totals.targetLines,
    readMs: report.timings.readMs,
    trainMs: report.timings.trainMs,
    testMs: report.timings.testMs,
    totalMs: report.timings.totalMs,
    wallMs,
    peakRssMb: peakRssMb(),
    anomalyLines: report.totals.anomalyLines,
    threads: report.timings.threads ?? 1,
  };
}

/**
 * Child mode: `--child <job.json> [--warmup] [--worker]`; prints one Measurement as JSON. With `--worker` one
 * worker thread serves the warm-up and the measured run, as the extension keeps its worker between analyses: so a
 * warm worker row is what a second analysis in a session costs, and a row without warm-up is the first one.
 */
async function child(argv: string[]): Promise<void> {
  const job = JSON.parse(readFileSync(argv[0]!, 'utf8')) as AnalysisJob;
  const client = argv.includes('--worker') ? new AnalysisClient(path.join(__dirname, 'worker.js')) : undefined;
  try {
    if (argv.includes('--warmup')) await measureOnce(job, client);
    const measurement = await measureOnce(job, client);
    process.stdout.write(`${JSON.stringify(measurement)}\n`);
  } finally {
    client?.dispose();
  }
}

interface Responsiveness {
  readonly anomalyLines: number;
  readonly wallMs: number;
  /** Longest gap between ticks of a 5 ms timer in the calling thread while the job ran and its report arrived. */
  readonly longestStallMs: number;
  readonly loopDelayP99Ms: number;
  /** Per cancel: after how many ms of the job it came, whether the worker stopped itself, and how soon. */
  readonly cancels: { readonly afterMs: number; readonly callerMs: number; readonly byWorker: boolean; readonly workerMs: number }[];
}

/** Child mode `--child-responsive <job.json> <cancel delays ms, comma separated>`: prints one Responsiveness. */
async function childResponsive(argv: string[]): Promise<void> {
  const job = JSON.parse(readFileSync(argv[0]!, 'utf8')) as AnalysisJob;
  const delays = (argv[1] ?? '').split(',').filter(Boolean).map(Number);
  let settled: ((value: { byWorker: boolean; ms: number }) => void) | undefined;
  const client = new AnalysisClient(path.join(__dirname, 'worker.js'), { onCancelSettled: (value) => settled?.(value) });
  try {
    await client.analyze(job);
    gc();
    const histogram = monitorEventLoopDelay({ resolution: 5 });
    let last = performance.now();
    let longestStallMs = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      longestStallMs = Math.max(longestStallMs, now - last);
      last = now;
    }, 5);
    histogram.enable();
    const started = performance.now();
    const report = await client.analyze(job);
    const wallMs = performance.now() - started;
    // One more tick, so a stall at the very end (the report's arrival) is counted.
    await new Promise((resolve) => setTimeout(resolve, 20));
    clearInterval(ticker);
    histogram.disable();
    const cancels: Responsiveness['cancels'][number][] = [];
    for (const afterMs of delays) {
      const controller = new AbortController();
      const confirmed = new Promise<{ byWorker: boolean; ms: number }>((resolve) => {
        settled = resolve;
      });
      const running = client.analyze(job, { signal: controller.signal }).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, afterMs));
      const cancelledAt = performance.now();
      controller.abort();
      await running;
      const callerMs = performance.now() - cancelledAt;
      // A job that ended before the cancel has nothing to confirm.
      const outcome = await Promise.race([confirmed, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 1000))]);
      if (outcome !== undefined) cancels.push({ afterMs, callerMs, byWorker: outcome.byWorker, workerMs: outcome.ms });
    }
    const result: Responsiveness = { anomalyLines: report.totals.anomalyLines, wallMs, longestStallMs, loopDelayP99Ms: histogram.percentile(99) / 1e6, cancels };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    client.dispose();
  }
}

function runChild(jobFile: string, flags: string[]): Measurement {
  const result = spawnSync(process.execPath, ['--expose-gc', __filename, '--child', jobFile, ...flags], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (result.status !== 0) throw new Error(`bench child failed (${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop()!) as Measurement;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Median of each figure over the runs (peak RSS: the largest). */
function summarise(runs: Measurement[]): Measurement {
  const pick = (key: keyof Measurement): number => median(runs.map((r) => r[key]));
  return {
    baselineLines: runs[0]!.baselineLines,
    targetLines: runs[0]!.targetLines,
    readMs: pick('readMs'),
    trainMs: pick('trainMs'),
    testMs: pick('testMs'),
    totalMs: pick('totalMs'),
    wallMs: pick('wallMs'),
    peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
    anomalyLines: runs[0]!.anomalyLines,
    threads: Math.max(...runs.map((r) => r.threads)),
  };
}

// --- Deterministic synthetic logs --------------------------------------------------------------------------


const SERVICES = ['nova-compute', 'neutron-server', 'keystone', 'glance-api', 'cinder-volume', 'placement-api', 'ovn-controller', 'rabbitmq', 'mysqld', 'httpd'];
const LEVELS = ['DEBUG', 'DEBUG', 'DEBUG', 'INFO', 'INFO', 'WARNING', 'ERROR'];
const VERBS = ['Acquired lock', 'Released lock', 'Creating port', 'Deleting volume', 'Scheduling instance', 'Request completed', 'Refreshing cache', 'Syncing power state', 'Connected to', 'Retrying request', 'Updating resource', 'Claim successful', 'Timed out waiting for', 'Loaded extension', 'Starting task'];
const NOUNS = ['instance', 'network', 'subnet', 'router', 'volume', 'image', 'token', 'project', 'host', 'allocation', 'binding', 'agent', 'queue', 'bridge', 'flavor'];

/** Words of the message templates and of novel failure lines (these draw beyond it). */
const VOCABULARY = 20_000;
const TEMPLATE_COUNT = 20_000;
/** Share of target lines that are new failures. */
const NOVEL_SHARE = 0.002;


/**
 * Message templates: level, service and a fixed word sequence, as the format strings behind real log lines (a
 * given message always comes from the same service at the same level).
 */
const TEMPLATES: readonly string[] = (() => {
  const random = prng(99);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  return Array.from({ length: TEMPLATE_COUNT }, () => {
    const length = 2 + Math.floor(random() * 6);
    const words = Array.from({ length }, () => pseudoWord(Math.floor(VOCABULARY ** random()) - 1)).join(' ');
    return `${pick(LEVELS)} ${pick(SERVICES)} ${pick(VERBS)} ${pick(NOUNS)} ${words}`;
  });
})();

/**
 * One log-like line: timestamp, pid, request id, a message template (drawn log-uniformly: a few are everywhere,
 * most are rare) and ids, durations and host numbers that differ on every line; one line in ten carries an extra
 * word (a name, a state). Raw lines are nearly all distinct; their tokenised forms repeat the way real logs do.
 */
function syntheticLine(random: () => number, index: number): string {
  const hex = (digits: number): string => Math.floor(random() * 16 ** Math.min(digits, 12)).toString(16).padStart(Math.min(digits, 12), '0');
  const template = TEMPLATES[Math.floor(TEMPLATES.length ** random()) - 1]!;
  const extra = random() < 0.1 ? ` ${pseudoWord(Math.floor(VOCABULARY ** random()) - 1)}` : '';
  const seconds = index % 86400;
  const time = `2024-05-${String(1 + (Math.floor(index / 86400) % 28)).padStart(2, '0')} ${String(Math.floor(seconds / 3600)).padStart(2, '0')}:${String(Math.floor(seconds / 60) % 60).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}.${String(index % 1000).padStart(3, '0')}`;
  return `${time} ${1000 + Math.floor(random() * 30000)} [req-${hex(8)}-${hex(4)}-${hex(4)}] ${template} ${hex(8)}-${hex(4)}-${hex(12)}${extra} in ${Math.floor(random() * 5000)} ms on host-${Math.floor(random() * 64)}`;
}

/** A failure line made of words the baseline vocabulary never produces, so it should be reported. */
function novelLine(random: () => number, index: number, vocabulary: number): string {
  const word = (): string => pseudoWord(vocabulary + Math.floor(random() * vocabulary * 4));
  return `2024-05-01 00:00:00.${String(index % 1000).padStart(3, '0')} ${1000 + Math.floor(random() * 30000)} ERROR ${word()}.${word()} ${word()} ${word()} ${word()} failed: ${word()} ${word()}`;
}

/**
 * Writes log files totalling `lines` lines under `folder`. Baseline and target use the same vocabulary (a failed run
 * mostly looks like a good one); `novelShare` of the target lines are failures made of unseen words.
 */
function writeSynthetic(folder: string, names: readonly string[], lines: number, seed: number, vocabulary: number, novelShare = 0): void {
  mkdirSync(folder, { recursive: true });
  const random = prng(seed);
  const perFile = Math.ceil(lines / names.length);
  let written = 0;
  for (const name of names) {
    // Written in slices so generating 2M lines does not itself take hundreds of MB in the parent process.
    const fd = openSync(path.join(folder, name), 'w');
    const count = Math.min(perFile, lines - written);
    for (let start = 0; start < count; start += 10_000) {
      const slice: string[] = [];
      for (let i = start; i < Math.min(count, start + 10_000); i++) {
        slice.push(random() < novelShare ? novelLine(random, written + i, vocabulary) : syntheticLine(random, written + i));
      }
      writeSync(fd, `${slice.join('\n')}\n`);
    }
    closeSync(fd);
    written += count;
  }
}

// --- Case d: dense algebra against the sparse index -------------------------------------------------------

/** Token lines of every file under `folder`, in a stable order (tokenized as the engine does, without its cache). */
function tokenLinesUnder(folder: string): string[] {
  return filesUnder(folder).flatMap((file) => splitLines(readFileSync(file, 'utf8')).map((line) => tokenize(line)));
}

/** Every file under `folder`, in a stable order. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder)
    .sort()
    .flatMap((name) => {
      const entry = path.join(folder, name);
      return statSync(entry).isDirectory() ? filesUnder(entry) : [entry];
    });
}

function denseRow(name: string, folder: string, sampleSize: number): void {
  const figures = compareDenseScoring(tokenLinesUnder(path.join(folder, 'baseline')), tokenLinesUnder(path.join(folder, 'target')), sampleSize, 64);
  const perLine = (ms: number): string => `${((ms * 1000) / Math.max(1, figures.sampleLines)).toFixed(0)} µs/line`;
  console.log(
    `${name}: ${figures.sampleLines} new target lines against ${figures.baselineLines.toLocaleString('en-US')} distinct baseline lines ` +
      `(${figures.vocabulary.toLocaleString('en-US')} words; a dense baseline × vocabulary matrix would take ${(figures.fullMatrixBytes / 2 ** 30).toFixed(1)} GiB)`,
  );
  console.log(
    `  sparse index ${perLine(figures.sparseMs)}; ml-matrix mmul ${perLine(figures.mmulMs)} (${(figures.mmulMs / figures.sparseMs).toFixed(0)}x), ` +
      `transposeMultiply ${perLine(figures.transposeMultiplyMs)} (${(figures.transposeMultiplyMs / figures.sparseMs).toFixed(0)}x); ` +
      `${Math.round(figures.candidatesPerBlock).toLocaleString('en-US')} candidates per block of 64, ` +
      `${(figures.denseCells / Math.max(1, figures.usefulProducts)).toFixed(0)} multiply-adds per non-zero product; ` +
      `best similarities agree within ${figures.maxDifference.toExponential(1)}`,
  );
}

// --- Case e: responsiveness --------------------------------------------------------------------------------

function responsiveRow(name: string, job: AnalysisJob, delays: readonly number[], work: string): void {
  const jobFile = path.join(work, `${name.replace(/\W+/g, '_')}.json`);
  writeFileSync(jobFile, JSON.stringify(job));
  const result = spawnSync(process.execPath, ['--expose-gc', __filename, '--child-responsive', jobFile, delays.join(',')], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (result.status !== 0) {
    console.log(`${name}: failed (${result.status}): ${result.stderr.trim().split('\n').pop() ?? ''}`);
    return;
  }
  const figures = JSON.parse(result.stdout.trim().split('\n').pop()!) as Responsiveness;
  console.log(
    `${name}: ${figures.anomalyLines.toLocaleString('en-US')} lines reported in ${(figures.wallMs / 1000).toFixed(2)} s; ` +
      `the caller's longest stall ${figures.longestStallMs.toFixed(0)} ms, event-loop delay p99 ${figures.loopDelayP99Ms.toFixed(1)} ms`,
  );
  if (figures.cancels.length > 0) {
    const byWorker = figures.cancels.filter((cancel) => cancel.byWorker);
    const workerMs = byWorker.map((cancel) => cancel.workerMs);
    console.log(
      `  ${figures.cancels.length} cancels: the caller was answered within ${Math.max(...figures.cancels.map((cancel) => cancel.callerMs)).toFixed(1)} ms; ` +
        `the worker stopped itself in ${byWorker.length} (median ${median(workerMs).toFixed(0)} ms, slowest ${Math.max(0, ...workerMs).toFixed(0)} ms), ` +
        `and was terminated after the 200 ms grace in ${figures.cancels.length - byWorker.length}`,
    );
  }
}

// --- Case f: the original's model ------------------------------------------------------------------------

/**
 * Times the original's model on a case's token lines (bench/originalModel.py) for a sample of its distinct target
 * lines, and extrapolates to the whole case: fit, plus the per-line query cost times the distinct target lines. The
 * engine's own figure for the case, when measured in this run, is printed beside it.
 */
function originalRow(name: string, python: string, folder: string, sampleSize: number, results: readonly [string, Measurement][], work: string): void {
  const baseline = tokenLinesUnder(path.join(folder, 'baseline')).filter((line) => line.length > 0);
  const target = tokenLinesUnder(path.join(folder, 'target'));
  const distinctTarget = [...new Set(target.filter((line) => line.length > 0))];
  const baselineFile = path.join(work, 'original-baseline.tokens');
  const sampleFile = path.join(work, 'original-sample.tokens');
  writeFileSync(baselineFile, baseline.join('\n'));
  writeFileSync(sampleFile, distinctTarget.slice(0, sampleSize).join('\n'));
  const script = path.join(__dirname, '..', 'bench', 'originalModel.py');
  const run = spawnSync(python, [script, baselineFile, sampleFile], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (run.status !== 0) {
    console.log(`${name}: failed: ${run.stderr.trim().split('\n').pop() ?? ''}`);
    return;
  }
  const figures = JSON.parse(run.stdout.trim().split('\n').pop()!) as { fitSeconds: number; targetLines: number; querySeconds: number; distinctBaselineLines: number };
  const perLine = figures.querySeconds / Math.max(1, figures.targetLines);
  const seconds = figures.fitSeconds + perLine * distinctTarget.length;
  const lines = baseline.length + target.length;
  const ours = results.filter(([row]) => row.startsWith(folder.includes('synthetic') ? 'b synthetic' : 'a ikasan')).map(([row, m]) => `${row} ${Math.round((m.baselineLines + m.targetLines) / (m.wallMs / 1000)).toLocaleString('en-US')}`);
  console.log(
    `${name}: ${figures.distinctBaselineLines.toLocaleString('en-US')} distinct baseline lines, ${(perLine * 1000).toFixed(2)} ms per distinct target line ` +
      `(${figures.targetLines} sampled of ${distinctTarget.length.toLocaleString('en-US')}); whole case about ${Math.round(seconds).toLocaleString('en-US')} s, ` +
      `${Math.round(lines / seconds).toLocaleString('en-US')} lines/s without its tokenizer${ours.length > 0 ? `; the engine, lines/s: ${ours.join(', ')}` : ''}`,
  );
}

// --- Report ------------------------------------------------------------------------------------------------

function row(name: string, m: Measurement): string {
  const lines = m.baselineLines + m.targetLines;
  const linesPerSecond = lines / (m.wallMs / 1000);
  return [
    name.padEnd(26),
    String(m.baselineLines).padStart(9),
    String(m.targetLines).padStart(9),
    (m.readMs / 1000).toFixed(2).padStart(7),
    (m.trainMs / 1000).toFixed(2).padStart(7),
    (m.testMs / 1000).toFixed(2).padStart(7),
    (m.wallMs / 1000).toFixed(2).padStart(7),
    Math.round(linesPerSecond).toLocaleString('en-US').padStart(10),
    Math.round(m.peakRssMb).toString().padStart(7),
    String(m.anomalyLines).padStart(8),
    String(m.threads).padStart(7),
  ].join(' ');
}

const HEADER = [
  'case'.padEnd(26),
  'baseline'.padStart(9),
  'target'.padStart(9),
  'read s'.padStart(7),
  'train s'.padStart(7),
  'test s'.padStart(7),
  'wall s'.padStart(7),
  'lines/s'.padStart(10),
  'peak MB'.padStart(7),
  'reported'.padStart(8),
  'threads'.padStart(7),
].join(' ');

/** Builds scale-ikasan with ../shared/eval/make_cases.py; the case folder, or why it could not be built. */
function makeIkasanCase(work: string): { folder?: string; error?: string } {
  const cases = path.join(work, 'cases');
  const made = spawnSync('python3', ['../shared/eval/make_cases.py', '--groups', 'scale-ikasan', '--out', cases], { encoding: 'utf8' });
  const folder = path.join(cases, 'scale-ikasan');
  return made.status === 0 && existsSync(folder) ? { folder } : { error: made.stderr.trim() };
}

/** Builds the LogChunks dev cases and returns the folder of the one with the most bytes, or undefined. */
function makeBiggestLogchunksCase(work: string): string | undefined {
  const cases = path.join(work, 'logchunks');
  const made = spawnSync('python3', ['../shared/eval/make_cases.py', '--groups', 'logchunks', '--out', cases], { encoding: 'utf8' });
  if (made.status !== 0 || !existsSync(cases)) return undefined;
  const bytesUnder = (folder: string): number => filesUnder(folder).reduce((sum, file) => sum + statSync(file).size, 0);
  let biggest: { folder: string; bytes: number } | undefined;
  for (const name of readdirSync(cases).sort()) {
    const folder = path.join(cases, name);
    if (!existsSync(path.join(folder, 'baseline')) || !existsSync(path.join(folder, 'target'))) continue;
    const bytes = bytesUnder(folder);
    if (biggest === undefined || bytes > biggest.bytes) biggest = { folder, bytes };
  }
  return biggest?.folder;
}

function option(argv: string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1] : undefined;
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--child') return child(argv.slice(1));
  if (argv[0] === '--child-responsive') return childResponsive(argv.slice(1));
  const runsOption = option(argv, '--runs');
  const only = new Set((option(argv, '--only') ?? 'a,b,c,d,e,f').split(','));
  const work = mkdtempSync(path.join(tmpdir(), 'log-triage-bench-'));
  const results: [string, Measurement][] = [];
  const measure = (name: string, job: AnalysisJob, runs: number, flags: string[] = []): void => {
    const jobFile = path.join(work, `${name.replace(/\W+/g, '_')}.json`);
    writeFileSync(jobFile, JSON.stringify(job));
    const measurements = Array.from({ length: runs }, () => runChild(jobFile, flags));
    const summary = summarise(measurements);
    results.push([name, summary]);
    console.log(row(name, summary));
  };
  const options = DEFAULT_OPTIONS;
  console.log(`Node ${process.version}, ${process.platform}/${process.arch}; each figure from a fresh process; lines/s = (baseline + target) / wall.`);
  console.log(HEADER);
  try {
    const ikasan = only.has('a') || only.has('d') || only.has('f') ? makeIkasanCase(work) : undefined;
    if (only.has('a')) {
      const caseDir = ikasan?.folder;
      if (caseDir === undefined) {
        console.log(`(a) skipped: make_cases.py failed (run from the repository root with ../shared beside it): ${ikasan?.error ?? ''}`);
      } else {
        const job: AnalysisJob = { baseline: [path.join(caseDir, 'baseline')], target: [path.join(caseDir, 'target')], options };
        const runs = Number(runsOption ?? 3);
        measure('a ikasan 1 thread, warm', job, runs, ['--warmup']);
        measure('a ikasan 1 thread, cold', job, 1);
        measure('a ikasan worker, first', job, runs, ['--worker']);
        measure('a ikasan worker, warm', job, runs, ['--worker', '--warmup']);
      }
      // The eval protocol also times the biggest LogChunks cases (one log against ~100k lines of other failed runs).
      const biggest = makeBiggestLogchunksCase(work);
      if (biggest !== undefined) {
        const job: AnalysisJob = { baseline: [path.join(biggest, 'baseline')], target: [path.join(biggest, 'target')], options };
        measure('a biggest LogChunks, warm', job, Number(runsOption ?? 3), ['--warmup']);
      }
    }
    const synthetic = path.join(work, 'synthetic-2m');
    if (only.has('b') || only.has('f')) {
      const names = Array.from({ length: 8 }, (_, i) => `screen-n-cpu-${i}.log`);
      writeSynthetic(path.join(synthetic, 'baseline'), names, 500_000, 1, VOCABULARY);
      writeSynthetic(path.join(synthetic, 'target'), names, 2_000_000, 2, VOCABULARY, NOVEL_SHARE);
    }
    if (only.has('b')) {
      const folder = synthetic;
      const job: AnalysisJob = { baseline: [path.join(folder, 'baseline')], target: [path.join(folder, 'target')], options };
      measure('b synthetic 1 thread', job, Number(runsOption ?? 1));
      measure('b synthetic worker', job, Number(runsOption ?? 1), ['--worker']);
    }
    if (only.has('c')) {
      const folder = path.join(work, 'linearity');
      const target = path.join(folder, 'target');
      writeSynthetic(target, ['service.log'], 100_000, 7, VOCABULARY, NOVEL_SHARE);
      for (const scale of [1, 2, 4]) {
        const baseline = path.join(folder, `baseline-${scale}x`);
        writeSynthetic(baseline, ['service.log'], 100_000 * scale, 11, VOCABULARY);
        measure(`c baseline ${scale}x`, { baseline: [baseline], target: [target], options }, Number(runsOption ?? 1));
      }
      const byScale = results.filter(([name]) => name.startsWith('c baseline'));
      if (byScale.length === 3) {
        const [one, two, four] = byScale.map(([, m]) => m.trainMs + m.testMs);
        console.log(`c: train+test time ratio 1x:2x:4x = 1 : ${(two! / one!).toFixed(2)} : ${(four! / one!).toFixed(2)} (linear would be 1 : 2 : 4 in train, flat in test)`);
      }
    }
    if (only.has('d')) {
      console.log('d: exact nearest baseline line of sampled target lines, sparse index (the engine) against dense blocked scoring (ml-matrix)');
      if (ikasan?.folder !== undefined) denseRow('d ikasan', ikasan.folder, 512);
      const folder = path.join(work, 'dense-synthetic');
      writeSynthetic(path.join(folder, 'baseline'), ['service.log'], 100_000, 11, VOCABULARY);
      writeSynthetic(path.join(folder, 'target'), ['service.log'], 100_000, 7, VOCABULARY, NOVEL_SHARE);
      denseRow('d synthetic', folder, 128);
    }
    if (only.has('e')) {
      const folder = path.join(work, 'responsiveness');
      // Every target line new: the report holds 300k anomalies, the biggest a worker hands over.
      writeSynthetic(path.join(folder, 'all-new', 'baseline'), ['service.log'], 20_000, 3, VOCABULARY);
      writeSynthetic(path.join(folder, 'all-new', 'target'), ['service.log'], 300_000, 4, VOCABULARY, 1);
      responsiveRow('e 300k new lines', { baseline: [path.join(folder, 'all-new', 'baseline')], target: [path.join(folder, 'all-new', 'target')], options }, [], work);
      // Cancels spread over reading, training and scoring of a job of 0.75M lines on two threads.
      writeSynthetic(path.join(folder, 'cancel', 'baseline'), ['a.log', 'b.log'], 250_000, 5, VOCABULARY);
      writeSynthetic(path.join(folder, 'cancel', 'target'), ['a.log', 'b.log', 'c.log', 'd.log'], 500_000, 6, VOCABULARY, NOVEL_SHARE);
      const delays = [50, 150, 300, 500, 800, 1200, 1700, 2300, 3000, 3800, 4700, 5700];
      responsiveRow('e cancels', { baseline: [path.join(folder, 'cancel', 'baseline')], target: [path.join(folder, 'cancel', 'target')], options }, delays, work);
    }
    if (only.has('f')) {
      const python = ['python3', '/usr/bin/python3'].find((candidate) => spawnSync(candidate, ['-c', 'import sklearn'], { encoding: 'utf8' }).status === 0);
      if (python === undefined) {
        console.log('f skipped: no python3 with scikit-learn (Debian: apt-get install python3-sklearn)');
      } else {
        if (ikasan?.folder !== undefined) originalRow('f original, ikasan', python, ikasan.folder, 4096, results, work);
        originalRow('f original, synthetic', python, synthetic, 2048, results, work);
      }
    }
    console.log('Targets: >= 400,000 lines/s end to end (20x the original); < 1024 MB peak at 2M target lines.');
  } finally {
    if (argv.includes('--keep')) console.log(`data kept in ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
