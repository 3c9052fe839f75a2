// "Use both cores". Two threads share one job:
//  - the helper thread starts with the job when the target is big, or joins once scoring proves long (see
//    HELPER_AT_ONCE_BYTES);
//  - a helper that starts with the job first tokenizes the last files of a big baseline (see
//    HELPER_BASELINE_SHARE) and sends their token lines back, while the calling thread tokenizes and indexes the
//    first ones; the calling thread indexes every file, in order, so the index is the one a single thread builds.
//    Without this the helper sat idle for the whole training (6 s of bench case b). Where the target repeats the
//    baseline's lines and the token cache does most of the work (bench case a), the helper does not start with
//    the job, so the calling thread's cache still sees every baseline line;
//  - the helper then gets the built indexes' arrays in shared memory (not rebuilt: rebuilding them from the
//    distinct lines took the helper seconds on bench case b; not copied: a copy cost 50-85 MB at the peak of
//    bench case b), without the lines' raw text;
//  - both then take target files from one shared queue (an Atomics counter), read them and score them.
// The merged report is the one a single thread would give (checked in test/unit/worker/splitAnalysis.test.ts).
import { Worker } from 'node:worker_threads';
import { Analyzer, compareFiles, sourceLength, type AnalysisHooks, type SourceFile } from '../core/analysis';
import { snapshotBuffers } from '../core/lineIndex';
import type { AnalysisOptions } from '../core/options';
import type { Report, SkippedFile } from '../core/report';
import type { ErrorData } from '../protocol';
import { readCandidate, type Candidate } from '../sources/localLogs';
import type { HelperReply, HelperRequest, HelperResult, HelperStartData, ToHelper, TokenizeBaselineRequest } from './workerData';

/**
 * The target files' work queue, in shared memory when two threads use it: slot 0 is the index of the next
 * unclaimed file, slot 1 + i says which thread claimed file i (MAIN or HELPER), so the main thread can redo a
 * failed helper's files.
 */
export class TargetQueue {
  static readonly MAIN = 1;
  static readonly HELPER = 2;
  readonly slots: Int32Array;

  constructor(readonly targets: readonly Candidate[], buffer?: SharedArrayBuffer) {
    this.slots = new Int32Array(buffer ?? new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * (targets.length + 1)));
  }

  get buffer(): SharedArrayBuffer {
    return this.slots.buffer as SharedArrayBuffer;
  }

  /** The next unclaimed file's index, marked as `claimer`'s, or -1 when none is left. */
  claim(claimer: number): number {
    const index = Atomics.add(this.slots, 0, 1);
    if (index >= this.targets.length) return -1;
    Atomics.store(this.slots, index + 1, claimer);
    return index;
  }

  /** Files nobody has claimed yet. */
  unclaimed(): number {
    return Math.max(0, this.targets.length - Atomics.load(this.slots, 0));
  }

  /** Files the helper claimed or nobody did: what the main thread redoes when the helper fails. */
  notDoneByMain(): number[] {
    const left: number[] = [];
    for (let index = 0; index < this.targets.length; index += 1) {
      if (Atomics.load(this.slots, index + 1) !== TargetQueue.MAIN) left.push(index);
    }
    return left;
  }
}

/**
 * Scores target files taken one by one from the queue (shared between threads, or private to one). The next file
 * is read while the current one is scored, so reading and decoding overlap with scoring and at most two files'
 * text is held at once.
 */
export async function scoreFromQueue(
  analyzer: Analyzer,
  next: () => Candidate | undefined,
  maxFileBytes: number | undefined,
  checkpoint: () => void,
  onFileDone?: () => void,
): Promise<void> {
  const claim = (): ReturnType<typeof readCandidate> | undefined => {
    const candidate = next();
    return candidate === undefined ? undefined : readCandidate(candidate, 'target', maxFileBytes);
  };
  let pending = claim();
  while (pending !== undefined) {
    const outcome = await pending;
    checkpoint();
    pending = claim();
    if ('file' in outcome) analyzer.scoreTarget(outcome.file);
    else analyzer.addSkipped([outcome.skip]);
    onFileDone?.();
  }
}

/** A `next` for scoreFromQueue over a list, in order. */
export function inOrder(targets: readonly Candidate[]): () => Candidate | undefined {
  let index = 0;
  return () => targets[index++];
}

/** A `next` for scoreFromQueue over a shared queue. */
export function fromQueue(queue: TargetQueue, claimer: number): () => Candidate | undefined {
  return () => {
    const index = queue.claim(claimer);
    return index < 0 ? undefined : queue.targets[index];
  };
}

/** Merges the two threads' reports. `here` carries the reader's skips and the baseline-side skips. */
export function mergeReports(here: Report, helper: Report): Report {
  return {
    ...here,
    files: [...here.files, ...helper.files].sort(compareFiles),
    skipped: [...here.skipped, ...helper.skipped.filter((skip) => skip.side === 'target')],
    totals: {
      baselineLines: here.totals.baselineLines,
      targetLines: here.totals.targetLines + helper.totals.targetLines,
      anomalyLines: here.totals.anomalyLines + helper.totals.anomalyLines,
      anomalies: here.totals.anomalies + helper.totals.anomalies,
      ...optionalSum('unscoredLines', here.totals.unscoredLines, helper.totals.unscoredLines),
      ...optionalSum('truncatedLines', here.totals.truncatedLines, helper.totals.truncatedLines),
    },
    timings: {
      readMs: here.timings.readMs,
      trainMs: Math.max(here.timings.trainMs, helper.timings.trainMs),
      testMs: Math.max(here.timings.testMs, helper.timings.testMs),
      totalMs: Math.max(here.timings.totalMs, helper.timings.totalMs),
      threads: helper.totals.targetLines > 0 ? 2 : 1,
    },
  };
}

/** `{ [key]: a + b }`, or nothing when both are absent (the report leaves zero counts out). */
function optionalSum<K extends string>(key: K, a: number | undefined, b: number | undefined): { [P in K]?: number } {
  const sum = (a ?? 0) + (b ?? 0);
  return (sum > 0 ? { [key]: sum } : {}) as { [P in K]?: number };
}

class HelperFailed extends Error {
  constructor(readonly data: ErrorData) {
    super(data.message);
  }
}

export function isHelperFailure(error: unknown): error is Error & { readonly data: ErrorData } {
  return error instanceof HelperFailed;
}

/**
 * Token lines the helper sends for baseline files, taken in file order by the calling thread. Once the helper has
 * failed, every wait ends with `undefined`, and the calling thread tokenizes the file itself.
 */
export class BaselineTokenMailbox {
  private readonly arrived = new Map<number, readonly string[]>();
  private waiting: { readonly file: number; readonly settle: (tokens: readonly string[] | undefined) => void } | undefined;
  private closed = false;

  put(file: number, tokens: readonly string[]): void {
    if (this.closed) return;
    if (this.waiting?.file === file) this.waiting.settle(tokens);
    else this.arrived.set(file, tokens);
  }

  /** The helper has failed: nothing more will arrive. */
  close(): void {
    this.closed = true;
    this.waiting?.settle(undefined);
  }

  /**
   * The token lines of `file`, or `undefined` when the helper failed first. A wait runs no engine checkpoint, so it
   * calls `checkpoint` every CANCEL_POLL_MS itself: a cancel still stops the job at once.
   */
  take(file: number, checkpoint: () => void): Promise<readonly string[] | undefined> {
    const ready = this.arrived.get(file);
    if (ready !== undefined) {
      this.arrived.delete(file);
      return Promise.resolve(ready);
    }
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve, reject) => {
      const poll = setInterval(() => {
        try {
          checkpoint();
        } catch (error) {
          clearInterval(poll);
          this.waiting = undefined;
          reject(error);
        }
      }, CANCEL_POLL_MS);
      this.waiting = {
        file,
        settle: (tokens) => {
          clearInterval(poll);
          this.waiting = undefined;
          resolve(tokens);
        },
      };
    });
  }
}

/** How often a thread waiting for the helper checks for a cancel (the brief allows 200 ms in all). */
const CANCEL_POLL_MS = 50;

/**
 * The share of a big baseline's characters the helper tokenizes when it starts with the job: more than half, since
 * the calling thread also indexes every file (about a quarter of its cost per line). On bench case b (8 files of
 * equal size), giving the helper 5 files instead of 4 cut training from 3.6-4.2 s to 2.9-3.5 s (three alternating
 * pairs); the calling thread then waited at most 51 ms per helper file.
 */
export const HELPER_BASELINE_SHARE = 0.6;

/** A baseline smaller than this is tokenized by the calling thread alone: sending texts and tokens would cost more. */
export const SHARED_TOKENIZING_MIN_CHARS = 8 * 1024 * 1024;

/**
 * A split of the baseline that leaves either thread more than this share of the characters is not made: the other
 * thread would mostly wait, and the helper's part is copied to it for little.
 */
const MOST_UNEVEN_SPLIT = 0.75;

/**
 * The first baseline file the helper tokenizes: the files from there on hold about `share` of the characters, and
 * the calling thread keeps at least the first file. `sizes.length` (no split) when the nearest split is too uneven.
 */
export function helperBaselineStart(sizes: readonly number[], share: number): number {
  const total = sizes.reduce((sum, size) => sum + size, 0);
  const wanted = share * total;
  let first = sizes.length;
  let firstSuffix = 0;
  let suffix = 0;
  for (let candidate = sizes.length - 1; candidate >= 1; candidate -= 1) {
    suffix += sizes[candidate] ?? 0;
    if (Math.abs(suffix - wanted) < Math.abs(firstSuffix - wanted)) {
      first = candidate;
      firstSuffix = suffix;
    }
  }
  return Math.max(firstSuffix, total - firstSuffix) <= MOST_UNEVEN_SPLIT * total ? first : sizes.length;
}

/** When the helper thread starts (see HELPER_AT_ONCE_BYTES); tests shorten the waits and watch the start. */
export interface HelperPolicy {
  /** Target size from which the helper starts with the job; HELPER_AT_ONCE_BYTES by default. */
  readonly helperAtOnceBytes?: number;
  /** How long this thread scores alone before a late helper may join; HELPER_AFTER_MS by default. */
  readonly helperAfterMs?: number;
  /** Told when the helper starts: with the job, or later because scoring proved long. */
  readonly onHelperStart?: (when: 'atOnce' | 'late') => void;
  /** Baseline size from which a helper that starts with the job shares the tokenizing; SHARED_TOKENIZING_MIN_CHARS by default. */
  readonly sharedTokenizingMinChars?: number;
  /** Told of each baseline file (by index) whose token lines came from the helper. */
  readonly onHelperTokens?: (file: number) => void;
}

export interface SplitContext extends HelperPolicy {
  /** Worker bundle that runs the helper role (dist/worker.js). */
  readonly script: string;
  /** Shared cancel flags and the id the helper must watch, so one cancel stops both threads. */
  readonly cancel: HelperStartData;
  readonly checkpoint: () => void;
  readonly onProgress?: AnalysisHooks['onProgress'];
  readonly maxFileBytes?: number;
}

/**
 * A target this big (bytes on disk) starts the helper with the job, so its start-up overlaps with indexing. Smaller
 * jobs start it only once scoring has run HELPER_AFTER_MS with files still unclaimed: on scale-ikasan (8 MB of
 * target, 0.6 s of scoring) a helper started up front made the job slower (1.71 s on one thread, 2.00 s on two).
 */
export const HELPER_AT_ONCE_BYTES = 32 * 1024 * 1024;
export const HELPER_AFTER_MS = 1000;

/** The calling thread's side of a split job: see the top of this file. */
export async function analyzeSplit(
  baseline: readonly SourceFile[],
  targets: readonly Candidate[],
  readSkipped: readonly SkippedFile[],
  options: AnalysisOptions,
  context: SplitContext,
): Promise<Report> {
  let worker: Worker | undefined;
  let settle: { resolve: (reply: HelperResult) => void; reject: (error: Error) => void } | undefined;
  const helperReport = new Promise<HelperResult>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Awaited only after this thread's own share; a failure before then must not count as unhandled.
  helperReport.catch(() => undefined);
  const mailbox = new BaselineTokenMailbox();
  let helperFailed = false;
  const fail = (data: ErrorData): void => {
    helperFailed = true;
    mailbox.close();
    settle?.reject(new HelperFailed(data));
  };
  let helperProgress = { files: 0, lines: 0 };
  const spawn = (): Worker => {
    const started = new Worker(context.script, { workerData: context.cancel });
    started.on('message', (reply: HelperReply) => {
      if (reply.type === 'baselineTokens') mailbox.put(reply.file, reply.tokens);
      else if (reply.type === 'progress') helperProgress = { files: reply.files, lines: reply.lines };
      else if (reply.ok) settle?.resolve(reply);
      else fail(reply.error);
    });
    started.on('error', (error) => fail({ kind: 'internal', reason: 'workerCrashed', message: `The helper analysis thread failed: ${error.message}` }));
    started.on('exit', (code) => fail({ kind: 'internal', reason: 'workerCrashed', message: `The helper analysis thread stopped (exit code ${code}).` }));
    return started;
  };
  const targetBytes = targets.reduce((sum, candidate) => sum + candidate.size, 0);
  if (targetBytes >= (context.helperAtOnceBytes ?? HELPER_AT_ONCE_BYTES)) worker = spawn();
  try {
    const onProgress = context.onProgress;
    // Test-phase progress covers both threads' files; the helper reports its own after each file.
    const progress: AnalysisHooks['onProgress'] = onProgress
      ? (event) => onProgress(event.phase === 'test' ? { ...event, files: event.files + helperProgress.files, lines: event.lines + helperProgress.lines } : event)
      : undefined;
    let joinLater: (() => void) | undefined;
    const checkpoint = (): void => {
      context.checkpoint();
      joinLater?.();
    };
    const analyzer = new Analyzer(options, { checkpoint, ...(progress ? { onProgress: progress } : {}) }, undefined, { baselineFiles: baseline.length, targetFiles: targets.length });
    analyzer.addSkipped(readSkipped);
    const baselineChars = baseline.map(sourceLength);
    const helperFirst =
      worker !== undefined && baselineChars.reduce((sum, chars) => sum + chars, 0) >= (context.sharedTokenizingMinChars ?? SHARED_TOKENIZING_MIN_CHARS)
        ? helperBaselineStart(baselineChars, HELPER_BASELINE_SHARE)
        : baseline.length;
    if (worker !== undefined && helperFirst < baseline.length) {
      const request: TokenizeBaselineRequest = { type: 'tokenizeBaseline', files: baseline.slice(helperFirst), first: helperFirst, options };
      worker.postMessage(request satisfies ToHelper);
    }
    for (const [index, file] of baseline.entries()) {
      if (index < helperFirst) {
        analyzer.addBaseline(file);
        continue;
      }
      const waitFrom = performance.now();
      const tokens = await mailbox.take(index, context.checkpoint);
      analyzer.addTrainTime(performance.now() - waitFrom);
      if (tokens !== undefined) context.onHelperTokens?.(index);
      analyzer.addBaseline(file, tokens);
    }
    analyzer.train();
    const queue = new TargetQueue(targets);
    const start = (helper: Worker): void => {
      // Without the raw lines: the helper names each anomaly's nearest line by id and this thread fills it in. In
      // shared memory: both threads search the one copy of the indexes.
      const snapshot = analyzer.snapshot({ rawLines: false, shared: true });
      const request: HelperRequest = {
        type: 'start',
        baseline: snapshot,
        targets,
        queue: queue.buffer,
        options,
        ...(context.maxFileBytes ? { maxFileBytes: context.maxFileBytes } : {}),
      };
      // Arrays outside shared memory (none today) are copies made for the helper: moved, not copied a second time.
      helper.postMessage(request satisfies ToHelper, snapshot.models.flatMap((model) => snapshotBuffers(model.index)));
    };
    if (worker !== undefined) {
      // A helper that failed while tokenizing gets nothing more: its share of the target is scored here.
      if (!helperFailed) {
        start(worker);
        context.onHelperStart?.('atOnce');
      }
    } else {
      // Checked at every checkpoint while scoring: once scoring has taken long enough with two files or more still
      // unclaimed (one for the helper, one so this thread is not left idle), the helper joins.
      const scoringFrom = performance.now();
      joinLater = () => {
        if (performance.now() - scoringFrom < (context.helperAfterMs ?? HELPER_AFTER_MS) || queue.unclaimed() < 2) return;
        joinLater = undefined;
        worker = spawn();
        start(worker);
        context.onHelperStart?.('late');
      };
    }
    await scoreFromQueue(analyzer, fromQueue(queue, TargetQueue.MAIN), context.maxFileBytes, checkpoint);
    joinLater = undefined;
    if (worker === undefined) return analyzer.report();
    let helper: Report;
    try {
      const reply = await helperReport;
      helper = analyzer.resolveNearest(reply.report, reply.nearest);
    } catch (error) {
      // A cancel stops both threads; any other helper failure only costs time: its files are scored here.
      if (!isHelperFailure(error) || error.data.kind === 'cancelled') throw error;
      context.checkpoint();
      helperProgress = { files: 0, lines: 0 };
      const left = queue.notDoneByMain().map((index) => targets[index]).filter((candidate): candidate is Candidate => candidate !== undefined);
      await scoreFromQueue(analyzer, inOrder(left), context.maxFileBytes, context.checkpoint);
      return analyzer.report();
    }
    return mergeReports(analyzer.report(), helper);
  } finally {
    void worker?.terminate();
  }
}

/**
 * The helper thread's side: tokenize the baseline files it is sent (when it is), then take the indexes from the
 * snapshot and score from the same queue. After a failure it reports once and ignores what follows.
 */
export function runHelper(
  port: { postMessage(message: HelperReply): void; on(event: 'message', listener: (message: ToHelper) => void): void },
  checkpoint: () => void,
  cancelled: () => ErrorData | undefined,
  toError: (error: unknown) => ErrorData,
): void {
  let analyzer: Analyzer | undefined;
  let failed = false;
  const fail = (error: unknown): void => {
    if (failed) return;
    failed = true;
    port.postMessage({ type: 'report', ok: false, error: cancelled() ?? toError(error) });
  };
  const tokenize = (request: TokenizeBaselineRequest): void => {
    // The same analyzer scores later: the baseline lines it tokenized stay in its token cache.
    const tokenizer = (analyzer ??= new Analyzer(request.options, { checkpoint }));
    request.files.forEach((file, offset) => {
      checkpoint();
      port.postMessage({ type: 'baselineTokens', file: request.first + offset, tokens: tokenizer.baselineTokens(file) });
    });
  };
  const score = async (request: HelperRequest): Promise<void> => {
    const scorer = (analyzer ??= new Analyzer(request.options, { checkpoint }));
    scorer.restore(request.baseline);
    let files = 0;
    const queue = new TargetQueue(request.targets, request.queue);
    await scoreFromQueue(scorer, fromQueue(queue, TargetQueue.HELPER), request.maxFileBytes, checkpoint, () => {
      files += 1;
      port.postMessage({ type: 'progress', files, lines: scorer.targetLineCount });
    });
    port.postMessage({ type: 'report', ok: true, report: scorer.report(), nearest: scorer.deferredNearest() });
  };
  port.on('message', (request) => {
    if (failed) return;
    if (request.type === 'start') {
      score(request).catch(fail);
      return;
    }
    try {
      tokenize(request);
    } catch (error) {
      fail(error);
    }
  });
}
