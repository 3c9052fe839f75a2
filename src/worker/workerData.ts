// What the client hands the worker thread at start-up (worker_threads `workerData`), and the messages of the
// helper thread a worker starts to use the second core.
import type { SourceFile } from '../core/analysis';
import type { AnalysisOptions } from '../core/options';
import type { Report } from '../core/report';
import type { ErrorData } from '../protocol';

/**
 * A busy worker cannot read messages, so cancellation travels through shared memory: the client stores the
 * id of the run to stop in slot CANCEL_SLOT and the worker's checkpoints read it with Atomics.
 */
export interface WorkerStartData {
  readonly cancelBuffer: SharedArrayBuffer;
}

/** A helper thread scores half of the target files of one job (see splitAnalysis.ts) and then exits. */
export interface HelperStartData {
  readonly role: 'helper';
  readonly cancelBuffer: SharedArrayBuffer;
  /** The job id whose cancellation (in CANCEL_SLOT) stops the helper too. */
  readonly cancelId: number;
}

export interface HelperRequest {
  readonly baseline: readonly SourceFile[];
  readonly target: readonly SourceFile[];
  readonly options: AnalysisOptions;
}

export type HelperReply = { readonly ok: true; readonly report: Report } | { readonly ok: false; readonly error: ErrorData };

export const CANCEL_SLOT = 0;

export function isWorkerStartData(value: unknown): value is WorkerStartData {
  return typeof value === 'object' && value !== null && (value as { cancelBuffer?: unknown }).cancelBuffer instanceof SharedArrayBuffer;
}

export function isHelperStartData(value: unknown): value is HelperStartData {
  return isWorkerStartData(value) && (value as { role?: unknown }).role === 'helper' && typeof (value as { cancelId?: unknown }).cancelId === 'number';
}
