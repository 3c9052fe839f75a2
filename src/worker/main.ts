// Worker thread entry (dist/worker.js). Glue only: read the inputs, run the engine, post progress and the
// result. Runs one job at a time, in arrival order. Started with HelperStartData, the same bundle is instead the
// helper thread that shares a big job on the second core.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { FromWorker, ToWorker } from '../protocol';
import { packedBuffers, packReport } from './reportPacking';
import { errorData, runJob } from './runJob';
import { runHelper } from './splitAnalysis';
import { CANCEL_SLOT, isHelperStartData, isWorkerStartData, type HelperStartData } from './workerData';

const port = parentPort;
if (!port) throw new Error('dist/worker.js must run as a worker thread.');

if (isHelperStartData(workerData)) {
  runHelperRole(port, workerData);
} else {
  runMainRole(port);
}

/** Helper role: one share of a big job (see splitAnalysis.ts), then the thread ends. */
function runHelperRole(helperPort: MessagePort, start: HelperStartData): void {
  const flags = new Int32Array(start.cancelBuffer);
  const isCancelled = (): boolean => Atomics.load(flags, CANCEL_SLOT) === start.cancelId;
  runHelper(
    helperPort,
    () => {
      if (isCancelled()) throw new Error('cancelled');
    },
    () => (isCancelled() ? { kind: 'cancelled', message: 'The analysis was cancelled.' } : undefined),
    errorData,
  );
}

function runMainRole(mainPort: MessagePort): void {
  const cancelBuffer = isWorkerStartData(workerData) ? workerData.cancelBuffer : new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  const cancelFlags = new Int32Array(cancelBuffer);
  /** Ids cancelled by message: seen while the thread waits on file reads, or before a queued job starts. */
  const cancelledByMessage = new Set<number>();
  let queue: Promise<void> = Promise.resolve();
  const post = (message: FromWorker): void => mainPort.postMessage(message);

  mainPort.on('message', (message: ToWorker) => {
    if (message.type === 'cancel') {
      cancelledByMessage.add(message.id);
      return;
    }
    const { id, job } = message;
    queue = queue.then(async () => {
      const isCancelled = (): boolean => Atomics.load(cancelFlags, CANCEL_SLOT) === id || cancelledByMessage.has(id);
      const outcome = await runJob(job, {
        isCancelled,
        onProgress: (progress) => post({ type: 'progress', id, progress }),
        // This same bundle runs the helper role for the second core.
        split: { script: __filename, cancel: { role: 'helper', cancelBuffer, cancelId: id } },
      });
      cancelledByMessage.delete(id);
      if (outcome.ok) {
        // Packing and handing over a big report takes a while of its own: the caller can say so.
        const { files, totals } = outcome.report;
        post({ type: 'progress', id, progress: { phase: 'report', files: files.length, totalFiles: files.length, lines: totals.targetLines } });
        try {
          const packed = packReport(outcome.report);
          mainPort.postMessage({ type: 'result', id, report: packed } satisfies FromWorker, packedBuffers(packed));
        } catch (error) {
          // Whatever packing cannot hold must come back as this job's error, not end the thread unanswered.
          post({ type: 'error', id, error: { kind: 'internal', message: `The report could not be handed over: ${error instanceof Error ? error.message : String(error)}` } });
        }
      } else {
        post({ type: 'error', id, error: outcome.error });
      }
    });
  });
}
