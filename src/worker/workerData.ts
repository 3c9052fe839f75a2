// What the client hands the worker thread at start-up (worker_threads `workerData`), and the messages of the
// helper thread a worker starts to use the second core.
import type { BaselineSnapshot, NearestRef } from '../core/analysis';
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

/** A helper thread scores target files of one job with the main thread (see splitAnalysis.ts), then exits. */
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

export type ToHelper = HelperRequest;

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

export type HelperReply = HelperProgress | HelperResult | { readonly type: 'report'; readonly ok: false; readonly error: ErrorData };

export const CANCEL_SLOT = 0;

export function isWorkerStartData(value: unknown): value is WorkerStartData {
  return typeof value === 'object' && value !== null && (value as { cancelBuffer?: unknown }).cancelBuffer instanceof SharedArrayBuffer;
}

export function isHelperStartData(value: unknown): value is HelperStartData {
  return isWorkerStartData(value) && (value as { role?: unknown }).role === 'helper' && typeof (value as { cancelId?: unknown }).cancelId === 'number';
}
