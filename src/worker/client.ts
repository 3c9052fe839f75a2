// Typed client for the analysis worker thread. The thread starts on the first request, runs one job at a time,
// and is replaced after a crash or a cancel it did not answer in time. The caller's event loop never blocks.
import { Worker } from 'node:worker_threads';
import type { Report } from '../core/report';
import type { AnalysisJob, AnalysisProgress, ErrorData, FromWorker, ToWorker } from '../protocol';
import { unpackReport } from './reportPacking';
import { CANCEL_SLOT, type WorkerStartData } from './workerData';

export class AnalysisError extends Error {
  override readonly name = 'AnalysisError';
  constructor(readonly data: ErrorData) {
    super(data.message);
  }

  static is(error: unknown): error is AnalysisError {
    return error instanceof AnalysisError;
  }
}

export interface RunOptions {
  readonly onProgress?: (progress: AnalysisProgress) => void;
  readonly signal?: AbortSignal;
}

/** How long a cancelled worker may take to stop before its thread is terminated. */
const CANCEL_GRACE_MS = 200;

interface Run {
  readonly id: number;
  readonly job: AnalysisJob;
  readonly options: RunOptions;
  readonly resolve: (report: Report) => void;
  readonly reject: (error: AnalysisError) => void;
  /** Set once the caller has been answered; later worker messages for this run are dropped. */
  settled: boolean;
  /** The worker has answered and its report is being read (see unpackReport): a cancel now answers at once. */
  unpacking?: boolean;
  detachSignal?: () => void;
}

interface Thread {
  readonly worker: Worker;
  readonly cancelFlags: Int32Array;
}

function cancelledError(): AnalysisError {
  return new AnalysisError({ kind: 'cancelled', message: 'The analysis was cancelled.' });
}

export class AnalysisClient {
  private thread: Thread | undefined;
  private readonly queue: Run[] = [];
  /** The run the worker is busy with (possibly already cancelled and answered, until the worker confirms). */
  private active: Run | undefined;
  /** The run whose report is being read (see unpackReport): the next run waits for it, so reports come in order. */
  private unpacking: Run | undefined;
  private cancelTimer: NodeJS.Timeout | undefined;
  private nextId = 1;
  private disposed = false;

  /** When the last cancel was sent to the worker (for `observer`). */
  private cancelledAt: number | undefined;

  constructor(
    private readonly workerScriptPath: string,
    /** For measurements (the bench): told how each cancelled run's worker stopped, and how long it took. */
    private readonly observer: { readonly onCancelSettled?: (settled: { readonly byWorker: boolean; readonly ms: number }) => void } = {},
  ) {}

  analyze(job: AnalysisJob, options: RunOptions = {}): Promise<Report> {
    return new Promise<Report>((resolve, reject) => {
      if (this.disposed) {
        reject(new AnalysisError({ kind: 'internal', message: 'The analysis client was disposed.' }));
        return;
      }
      if (options.signal?.aborted) {
        reject(cancelledError());
        return;
      }
      const run: Run = { id: this.nextId++, job, options, resolve, reject, settled: false };
      if (options.signal) {
        const signal = options.signal;
        const onAbort = (): void => this.cancel(run);
        signal.addEventListener('abort', onAbort, { once: true });
        run.detachSignal = () => signal.removeEventListener('abort', onAbort);
      }
      this.queue.push(run);
      this.pump();
    });
  }

  dispose(): void {
    this.disposed = true;
    const error = new AnalysisError({ kind: 'cancelled', message: 'The analysis client was disposed.' });
    for (const run of this.queue.splice(0)) this.settle(run, error);
    if (this.active) this.settle(this.active, error);
    if (this.unpacking) this.settle(this.unpacking, error);
    this.active = undefined;
    this.stopThread();
  }

  private settle(run: Run, outcome: Report | AnalysisError): void {
    if (run.settled) return;
    run.settled = true;
    run.detachSignal?.();
    if (outcome instanceof AnalysisError) run.reject(outcome);
    else run.resolve(outcome);
  }

  private cancel(run: Run): void {
    const queued = this.queue.indexOf(run);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.settle(run, cancelledError());
      return;
    }
    if (run.unpacking === true) {
      this.settle(run, cancelledError());
      return;
    }
    if (this.active !== run || run.settled || !this.thread) return;
    // The caller hears at once; the worker gets the flag (read at its next checkpoint) and a grace period.
    this.settle(run, cancelledError());
    Atomics.store(this.thread.cancelFlags, CANCEL_SLOT, run.id);
    this.post({ type: 'cancel', id: run.id });
    this.cancelledAt = performance.now();
    this.cancelTimer = setTimeout(() => {
      if (this.active !== run) return;
      this.observer.onCancelSettled?.({ byWorker: false, ms: performance.now() - (this.cancelledAt ?? 0) });
      this.stopThread();
      this.active = undefined;
      this.pump();
    }, CANCEL_GRACE_MS);
  }

  private startThread(): Thread {
    const cancelBuffer = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
    const startData: WorkerStartData = { cancelBuffer };
    const worker = new Worker(this.workerScriptPath, { workerData: startData });
    const thread: Thread = { worker, cancelFlags: new Int32Array(cancelBuffer) };
    worker.on('message', (message: FromWorker) => {
      if (this.thread === thread) this.onMessage(message);
    });
    worker.on('messageerror', (error) => {
      if (this.thread === thread) this.onCrash(`A worker message could not be read: ${error.message}`);
    });
    worker.on('error', (error) => {
      if (this.thread === thread) this.onCrash(`The analysis worker failed: ${error.message}`);
    });
    worker.on('exit', (code) => {
      if (this.thread === thread) this.onCrash(`The analysis worker stopped unexpectedly (exit code ${code}).`);
    });
    return thread;
  }

  private stopThread(): void {
    clearTimeout(this.cancelTimer);
    this.cancelTimer = undefined;
    const thread = this.thread;
    this.thread = undefined;
    if (thread) void thread.worker.terminate();
  }

  private onCrash(message: string): void {
    const run = this.active;
    this.active = undefined;
    this.stopThread();
    if (run) this.settle(run, new AnalysisError({ kind: 'internal', reason: 'workerCrashed', message }));
    // Queued runs get a fresh thread.
    this.pump();
  }

  private onMessage(message: FromWorker): void {
    const run = this.active;
    if (!run || message.id !== run.id) return;
    if (message.type === 'progress') {
      if (!run.settled) run.options.onProgress?.(message.progress);
      return;
    }
    if (this.cancelTimer !== undefined) this.observer.onCancelSettled?.({ byWorker: true, ms: performance.now() - (this.cancelledAt ?? 0) });
    clearTimeout(this.cancelTimer);
    this.cancelTimer = undefined;
    this.active = undefined;
    if (message.type === 'result' && !run.settled) {
      // Read in slices, so a report of hundreds of thousands of anomalies does not stall this thread; a cancel or
      // dispose meanwhile answers at once and stops the reading at its next slice.
      run.unpacking = true;
      this.unpacking = run;
      unpackReport(message.report, () => run.settled)
        .then(
          (report) => this.settle(run, report),
          (error: unknown) => this.settle(run, new AnalysisError({ kind: 'internal', message: `The analysis report could not be read: ${(error as Error).message}` })),
        )
        .finally(() => {
          run.unpacking = false;
          this.unpacking = undefined;
          this.pump();
        });
      return;
    }
    if (message.type === 'error') this.settle(run, new AnalysisError(message.error));
    this.pump();
  }

  private post(message: ToWorker): void {
    this.thread?.worker.postMessage(message);
  }

  private pump(): void {
    if (this.active || this.unpacking || this.disposed) {
      return;
    }
    const run = this.queue.shift();
    if (!run) {
      // An idle thread must not keep a CLI or test process alive.
      this.thread?.worker.unref();
      return;
    }
    try {
      this.thread ??= this.startThread();
    } catch (error) {
      this.settle(run, new AnalysisError({ kind: 'internal', reason: 'workerStart', message: `The analysis worker could not start: ${(error as Error).message}` }));
      this.pump();
      return;
    }
    this.thread.worker.ref();
    Atomics.store(this.thread.cancelFlags, CANCEL_SLOT, 0);
    this.active = run;
    this.post({ type: 'analyze', id: run.id, job: run.job });
  }
}
