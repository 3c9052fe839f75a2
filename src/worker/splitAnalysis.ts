// "Use both cores": the target files are split in two halves of about equal size; a helper thread scores one half
// while the calling thread scores the other. Both index the whole baseline (in parallel, so it costs memory, not
// time), so every target file meets exactly the models it would meet in one thread and the merged report is the
// same as a single-thread one. Measured on scale-ikasan (bench case a): see the bench's "2 threads" row.
import { Worker } from 'node:worker_threads';
import { analyze, compareFiles, type AnalysisHooks, type AnalysisInput, type SourceFile } from '../core/analysis';
import type { AnalysisOptions } from '../core/options';
import type { Report } from '../core/report';
import type { ErrorData } from '../protocol';
import type { HelperReply, HelperRequest, HelperStartData } from './workerData';

export interface SplitPlan {
  readonly here: SourceFile[];
  readonly helper: SourceFile[];
}

/** Greedy balance by text length, largest first; undefined when one side would be empty. */
export function planSplit(target: readonly SourceFile[]): SplitPlan | undefined {
  if (target.length < 2) return undefined;
  const order = target.map((file, index) => ({ file, index })).sort((a, b) => b.file.text.length - a.file.text.length);
  const sides: { files: { file: SourceFile; index: number }[]; size: number }[] = [{ files: [], size: 0 }, { files: [], size: 0 }];
  for (const entry of order) {
    const lighter = sides[0]!.size <= sides[1]!.size ? sides[0]! : sides[1]!;
    lighter.files.push(entry);
    lighter.size += entry.file.text.length;
  }
  // Keep the original file order inside each half, so progress and tie-breaks follow the input order.
  const inOrder = (side: { files: { file: SourceFile; index: number }[] }): SourceFile[] => side.files.sort((a, b) => a.index - b.index).map((e) => e.file);
  return { here: inOrder(sides[0]!), helper: inOrder(sides[1]!) };
}

/** Merges the two halves' reports. `here` carries the reader's skips and the baseline-side skips. */
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

/** Runs one half in a fresh helper thread of the given worker bundle. */
function runHelper(script: string, start: HelperStartData, request: HelperRequest): { result: Promise<Report>; stop: () => void } {
  const worker = new Worker(script, { workerData: start });
  const result = new Promise<Report>((resolve, reject) => {
    let settled = false;
    const finish = (outcome: Report | HelperFailed): void => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (outcome instanceof HelperFailed) reject(outcome);
      else resolve(outcome);
    };
    worker.on('message', (reply: HelperReply) => finish(reply.ok ? reply.report : new HelperFailed(reply.error)));
    worker.on('error', (error) => finish(new HelperFailed({ kind: 'internal', reason: 'workerCrashed', message: `The helper analysis thread failed: ${error.message}` })));
    worker.on('exit', (code) => finish(new HelperFailed({ kind: 'internal', reason: 'workerCrashed', message: `The helper analysis thread stopped (exit code ${code}).` })));
  });
  worker.postMessage(request);
  return { result, stop: () => void worker.terminate() };
}

export interface SplitContext {
  /** Worker bundle that runs the helper role (dist/worker.js). */
  readonly script: string;
  /** Shared cancel flags and the id the helper must watch, so one cancel stops both threads. */
  readonly cancel: HelperStartData;
  readonly checkpoint: () => void;
  readonly onProgress?: AnalysisHooks['onProgress'];
}

export async function analyzeSplit(input: AnalysisInput, plan: SplitPlan, options: AnalysisOptions, context: SplitContext): Promise<Report> {
  const helper = runHelper(context.script, context.cancel, { baseline: input.baseline, target: plan.helper, options });
  // Keep a rejection from surfacing as unhandled while this thread is busy with its own half.
  helper.result.catch(() => undefined);
  let here: Report;
  try {
    here = analyze({ ...input, target: plan.here }, options, { checkpoint: context.checkpoint, ...(context.onProgress ? { onProgress: context.onProgress } : {}) });
  } catch (error) {
    helper.stop();
    throw error;
  }
  return mergeReports(here, await helper.result);
}
