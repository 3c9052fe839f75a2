// "Use both cores". A helper thread and the calling thread share one job:
//  1. the baseline's tokenizing is cut in two halves by size (inside a file if need be, at a line start); each
//     thread tokenizes its half and sends the other its token lines;
//  2. both then index the whole baseline from the same token lines in the same order, so their indexes are the
//     same, line ids included (indexing is a small part of the work: the tokenizing is what is shared);
//  3. both take target files from one shared queue (an Atomics counter), read them and score them, so a thread
//     that drew small files takes more of them and neither waits for the other.
// The merged report is the one a single thread would give (checked in test/unit/worker/splitAnalysis.test.ts).
import { Worker } from 'node:worker_threads';
import { Analyzer, compareFiles, tokenizeText, type AnalysisHooks, type SourceFile } from '../core/analysis';
import type { AnalysisOptions } from '../core/options';
import type { Report, SkippedFile } from '../core/report';
import type { ErrorData } from '../protocol';
import { readCandidate, type Candidate } from '../sources/localLogs';
import type { BaselineCut, BaselineTokens, HelperProgress, HelperReply, HelperRequest, HelperStartData, TokenPart, ToHelper } from './workerData';

/**
 * Where to cut the baseline's tokenizing so each thread gets about half the characters: the first line start at or
 * after the middle. A file without `\n` is not cut (its lines may end with lone `\r`).
 */
export function cutBaseline(texts: readonly string[]): BaselineCut {
  const total = texts.reduce((sum, text) => sum + text.length, 0);
  let before = 0;
  for (let fileIndex = 0; fileIndex < texts.length; fileIndex += 1) {
    const text = texts[fileIndex] ?? '';
    if (before + text.length > total / 2) {
      const lineEnd = text.indexOf('\n', Math.max(0, Math.floor(total / 2 - before) - 1));
      return { fileIndex, offset: lineEnd === -1 ? text.length : lineEnd + 1 };
    }
    before += text.length;
  }
  return { fileIndex: texts.length, offset: 0 };
}

/** The token lines of one side of the cut: `helper` false for files before the cut, true for the rest. */
function tokenizeShare(analyzer: Analyzer, baseline: readonly SourceFile[], cut: BaselineCut, helper: boolean, maxLineLength: number, checkpoint: () => void): TokenPart[] {
  const parts: TokenPart[] = [];
  const first = helper ? cut.fileIndex : 0;
  const last = helper ? baseline.length - 1 : Math.min(cut.fileIndex, baseline.length - 1);
  for (let fileIndex = first; fileIndex <= last; fileIndex += 1) {
    let text = baseline[fileIndex]?.text ?? '';
    if (fileIndex === cut.fileIndex) text = helper ? text.slice(cut.offset) : text.slice(0, cut.offset);
    const tokens = tokenizeText(text, maxLineLength, analyzer.tokenize, checkpoint);
    parts.push({ fileIndex, count: tokens.length, joined: tokens.join('\n') });
  }
  return parts;
}

/** Indexes every baseline file from the two threads' token lines (the file at the cut has a part from each). */
function indexBaseline(analyzer: Analyzer, baseline: readonly SourceFile[], mine: readonly TokenPart[], theirs: readonly TokenPart[], mineFirst: boolean): void {
  const byFile = new Map<number, string[][]>();
  const ordered = mineFirst ? [...mine, ...theirs] : [...theirs, ...mine];
  for (const part of ordered) {
    const lines = part.count === 0 ? [] : part.joined.split('\n');
    if (lines.length !== part.count) throw new Error(`token part of baseline file ${part.fileIndex} has ${lines.length} lines, expected ${part.count}`);
    const list = byFile.get(part.fileIndex) ?? [];
    list.push(lines);
    byFile.set(part.fileIndex, list);
  }
  baseline.forEach((file, fileIndex) => {
    const pieces = byFile.get(fileIndex) ?? [];
    analyzer.addBaseline(file, pieces.length === 1 ? pieces[0] : pieces.flat());
  });
}

/**
 * Scores target files taken one by one from `queue` (shared between threads, or private to one). The next file is
 * read while the current one is scored, so reading and decoding overlap with scoring and at most two files' text
 * is held at once.
 */
export async function scoreFromQueue(
  analyzer: Analyzer,
  targets: readonly Candidate[],
  queue: Int32Array,
  maxFileBytes: number | undefined,
  checkpoint: () => void,
  onFileDone?: () => void,
): Promise<void> {
  const claim = (): ReturnType<typeof readCandidate> | undefined => {
    const index = Atomics.add(queue, 0, 1);
    const candidate = targets[index];
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
    },
    timings: {
      readMs: here.timings.readMs,
      trainMs: Math.max(here.timings.trainMs, helper.timings.trainMs),
      testMs: Math.max(here.timings.testMs, helper.timings.testMs),
      totalMs: Math.max(here.timings.totalMs, helper.timings.totalMs),
    },
  };
}

class HelperFailed extends Error {
  constructor(readonly data: ErrorData) {
    super(data.message);
  }
}

export function isHelperFailure(error: unknown): error is Error & { readonly data: ErrorData } {
  return error instanceof HelperFailed;
}

/** Messages in arrival order, awaited one at a time; a failure rejects every wait from then on. */
class Inbox<T> {
  private readonly messages: T[] = [];
  private waiting: { resolve: (message: T) => void; reject: (error: Error) => void } | undefined;
  private failure: Error | undefined;

  push(message: T): void {
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = undefined;
      waiting.resolve(message);
    } else {
      this.messages.push(message);
    }
  }

  fail(error: Error): void {
    this.failure ??= error;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(this.failure);
  }

  next(): Promise<T> {
    const message = this.messages.shift();
    if (message !== undefined) return Promise.resolve(message);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<T>((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }
}

export interface SplitContext {
  /** Worker bundle that runs the helper role (dist/worker.js). */
  readonly script: string;
  /** Shared cancel flags and the id the helper must watch, so one cancel stops both threads. */
  readonly cancel: HelperStartData;
  readonly checkpoint: () => void;
  readonly onProgress?: AnalysisHooks['onProgress'];
  readonly maxFileBytes?: number;
}

/** The calling thread's side of a split job: see the top of this file. */
export async function analyzeSplit(
  baseline: readonly SourceFile[],
  targets: readonly Candidate[],
  readSkipped: readonly SkippedFile[],
  options: AnalysisOptions,
  context: SplitContext,
): Promise<Report> {
  const worker = new Worker(context.script, { workerData: context.cancel });
  const inbox = new Inbox<Exclude<HelperReply, HelperProgress>>();
  let helperProgress = { files: 0, lines: 0 };
  worker.on('message', (reply: HelperReply) => {
    if (reply.type === 'progress') helperProgress = { files: reply.files, lines: reply.lines };
    else if (reply.type === 'report' && !reply.ok) inbox.fail(new HelperFailed(reply.error));
    else inbox.push(reply);
  });
  worker.on('error', (error) => inbox.fail(new HelperFailed({ kind: 'internal', reason: 'workerCrashed', message: `The helper analysis thread failed: ${error.message}` })));
  worker.on('exit', (code) => inbox.fail(new HelperFailed({ kind: 'internal', reason: 'workerCrashed', message: `The helper analysis thread stopped (exit code ${code}).` })));
  try {
    const cut = cutBaseline(baseline.map((file) => file.text));
    const queue = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
    const request: HelperRequest = { type: 'start', baseline, cut, targets, queue: queue.buffer as SharedArrayBuffer, options, ...(context.maxFileBytes ? { maxFileBytes: context.maxFileBytes } : {}) };
    worker.postMessage(request satisfies ToHelper);
    const onProgress = context.onProgress;
    // Test-phase progress covers both threads' files; the helper reports its own after each file.
    const progress: AnalysisHooks['onProgress'] = onProgress
      ? (event) => onProgress(event.phase === 'test' ? { ...event, files: event.files + helperProgress.files, lines: event.lines + helperProgress.lines } : event)
      : undefined;
    const analyzer = new Analyzer(options, { checkpoint: context.checkpoint, ...(progress ? { onProgress: progress } : {}) }, undefined, { baselineFiles: baseline.length, targetFiles: targets.length });
    analyzer.addSkipped(readSkipped);
    const mine = tokenizeShare(analyzer, baseline, cut, false, options.maxLineLength, context.checkpoint);
    worker.postMessage({ type: 'tokens', parts: mine } satisfies ToHelper);
    const theirs = await inbox.next();
    if (theirs.type !== 'tokens') throw new HelperFailed({ kind: 'internal', message: 'The helper thread answered out of turn.' });
    indexBaseline(analyzer, baseline, mine, theirs.parts, true);
    analyzer.train();
    await scoreFromQueue(analyzer, targets, queue, context.maxFileBytes, context.checkpoint);
    const here = analyzer.report();
    const reply = await inbox.next();
    if (reply.type !== 'report' || !reply.ok) throw new HelperFailed({ kind: 'internal', message: 'The helper thread answered out of turn.' });
    return mergeReports(here, reply.report);
  } finally {
    void worker.terminate();
  }
}

/** The helper thread's side: the same steps, with the other half of the baseline and the same target queue. */
export function runHelper(port: { postMessage(message: HelperReply): void; on(event: 'message', listener: (message: ToHelper) => void): void }, checkpoint: () => void, cancelled: () => ErrorData | undefined, toError: (error: unknown) => ErrorData): void {
  const inbox = new Inbox<ToHelper>();
  port.on('message', (message) => inbox.push(message));
  const run = async (): Promise<void> => {
    const request = await inbox.next();
    if (request.type !== 'start') throw new Error('the helper thread expected a job first');
    const { baseline, cut, targets, options } = request;
    const queue = new Int32Array(request.queue);
    const analyzer = new Analyzer(options, { checkpoint });
    const mine = tokenizeShare(analyzer, baseline, cut, true, options.maxLineLength, checkpoint);
    port.postMessage({ type: 'tokens', parts: mine } satisfies BaselineTokens);
    const theirs = await inbox.next();
    if (theirs.type !== 'tokens') throw new Error('the helper thread expected the baseline tokens');
    indexBaseline(analyzer, baseline, mine, theirs.parts, false);
    analyzer.train();
    let files = 0;
    let lines = 0;
    await scoreFromQueue(analyzer, targets, queue, request.maxFileBytes, checkpoint, () => {
      files += 1;
      lines = analyzer.targetLineCount;
      port.postMessage({ type: 'progress', files, lines });
    });
    port.postMessage({ type: 'report', ok: true, report: analyzer.report() });
  };
  run().catch((error: unknown) => port.postMessage({ type: 'report', ok: false, error: cancelled() ?? toError(error) }));
}
