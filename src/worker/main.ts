// Worker thread entry (dist/worker.js). Glue only: read the inputs, run the engine, post progress and the
// result. Runs one job at a time, in arrival order.
import { parentPort, workerData } from 'node:worker_threads';
import type { FromWorker, ToWorker } from '../protocol';
import { runJob } from './runJob';
import { CANCEL_SLOT, isWorkerStartData } from './workerData';

const port = parentPort;
if (!port) throw new Error('dist/worker.js must run as a worker thread.');
const cancelFlags = isWorkerStartData(workerData) ? new Int32Array(workerData.cancelBuffer) : new Int32Array(1);

/** Ids cancelled by message: seen while the thread waits on file reads, or before a queued job starts. */
const cancelledByMessage = new Set<number>();
let queue: Promise<void> = Promise.resolve();

function post(message: FromWorker): void {
  port!.postMessage(message);
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'cancel') {
    cancelledByMessage.add(message.id);
    return;
  }
  const { id, job } = message;
  queue = queue.then(async () => {
    const isCancelled = (): boolean => Atomics.load(cancelFlags, CANCEL_SLOT) === id || cancelledByMessage.has(id);
    const outcome = await runJob(job, { isCancelled, onProgress: (progress) => post({ type: 'progress', id, progress }) });
    cancelledByMessage.delete(id);
    post(outcome.ok ? { type: 'result', id, report: outcome.report } : { type: 'error', id, error: outcome.error });
  });
});
