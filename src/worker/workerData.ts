// What the client hands the worker thread at start-up (worker_threads `workerData`).

/**
 * A busy worker cannot read messages, so cancellation travels through shared memory: the client stores the
 * id of the run to stop in slot CANCEL_SLOT and the worker's checkpoints read it with Atomics.
 */
export interface WorkerStartData {
  readonly cancelBuffer: SharedArrayBuffer;
}

export const CANCEL_SLOT = 0;

export function isWorkerStartData(value: unknown): value is WorkerStartData {
  return typeof value === 'object' && value !== null && (value as { cancelBuffer?: unknown }).cancelBuffer instanceof SharedArrayBuffer;
}
