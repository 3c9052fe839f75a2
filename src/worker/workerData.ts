// What the client hands the worker thread at start-up (worker_threads `workerData`), and the messages of the
// helper thread a worker starts to use the second core.
import type { BaselineSnapshot, NearestRef, SourceFile } from '../core/analysis';
import type { AnalysisOptions } from '../core/options';
import type { Report } from '../core/report';
import type { ErrorData } from '../protocol';
import type { Candidate } from '../sources/localLogs';

/**
 * A busy worker cannot read messages, so cancellation travels through shared memory: the client stores the
 * id of the run to stop in slot CANCEL_SLOT and the worker's checkpoints read it with Atomics.
 */
export interface WorkerStartData {
  readonly cancelBuffer: SharedArrayBuffer;
}

/**
 * A helper thread tokenizes part of a big job's baseline and scores target files of the job with the main thread
 * (see splitAnalysis.ts); the main thread ends it when the job is done.
 */
export interface HelperStartData {
  readonly role: 'helper';
  readonly cancelBuffer: SharedArrayBuffer;
  /** The job id whose cancellation (in CANCEL_SLOT) stops the helper too. */
  readonly cancelId: number;
}

/** The job share a helper thread gets: the built baseline indexes (see IndexSnapshot) and the shared target queue. */
export interface HelperRequest {
  readonly type: 'start';
  readonly baseline: BaselineSnapshot;
  /** Every target file; both threads take the next one from `queue` until none is left. */
  readonly targets: readonly Candidate[];
  /** One Int32: the index of the next unclaimed target file. */
  readonly queue: SharedArrayBuffer;
  readonly options: AnalysisOptions;
  readonly maxFileBytes?: number;
}

/**
 * Sent before `start` when the helper shares the baseline's tokenizing: it answers with one BaselineTokens per file,
 * in order, while the main thread tokenizes and indexes the files before `first`.
 */
export interface TokenizeBaselineRequest {
  readonly type: 'tokenizeBaseline';
  /** Baseline files `first`, `first + 1`... of the job. */
  readonly files: readonly SourceFile[];
  readonly first: number;
  readonly options: AnalysisOptions;
}

export type ToHelper = TokenizeBaselineRequest | HelperRequest;

/** The token lines of baseline file `file` (see Analyzer.baselineTokens). */
export interface BaselineTokens {
  readonly type: 'baselineTokens';
  readonly file: number;
  readonly tokens: readonly string[];
}

/** How far the helper is with the target queue, for the main thread's progress events. */
export interface HelperProgress {
  readonly type: 'progress';
  readonly files: number;
  readonly lines: number;
}

/** The helper's share of the report, and its anomalies' nearest baseline lines by id (the main thread has the text). */
export interface HelperResult {
  readonly type: 'report';
  readonly ok: true;
  readonly report: Report;
  readonly nearest: readonly NearestRef[];
}

export type HelperReply = BaselineTokens | HelperProgress | HelperResult | { readonly type: 'report'; readonly ok: false; readonly error: ErrorData };

export const CANCEL_SLOT = 0;

export function isWorkerStartData(value: unknown): value is WorkerStartData {
  return typeof value === 'object' && value !== null && (value as { cancelBuffer?: unknown }).cancelBuffer instanceof SharedArrayBuffer;
}

export function isHelperStartData(value: unknown): value is HelperStartData {
  return isWorkerStartData(value) && (value as { role?: unknown }).role === 'helper' && typeof (value as { cancelId?: unknown }).cancelId === 'number';
}
