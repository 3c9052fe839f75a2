// One analysis job from local paths to a Report: read both sides, run the engine, turn failures into
// ErrorData. Shared by the worker thread, the CLI (in-process) and the benchmark, so all three behave alike.
import { analyze } from '../core/analysis';
import { explainIgnore, isIgnoredPath, validateExcludes } from '../core/ignoreRules';
import type { Report } from '../core/report';
import type { AnalysisJob, AnalysisPhase, AnalysisProgress, ErrorData } from '../protocol';
import { LocalInputError, readInputs } from '../sources/localLogs';
import { analyzeSplit, isHelperFailure, planSplit } from './splitAnalysis';
import type { HelperStartData } from './workerData';

export interface JobHooks {
  /** Polled at every checkpoint; true stops the job with a 'cancelled' error. */
  readonly isCancelled?: () => boolean;
  readonly onProgress?: (progress: AnalysisProgress) => void;
  /** Cap on each file's size on disk and decompressed; the reader's default (256 MiB) when absent. */
  readonly maxFileBytes?: number;
  /** When given, a big job's target files are scored by two threads (see splitAnalysis.ts). */
  readonly split?: {
    readonly script: string;
    readonly cancel: HelperStartData;
    /** Smallest total target text (characters) worth a second thread; SPLIT_MIN_TARGET_CHARS by default. */
    readonly minTargetChars?: number;
  };
}

/**
 * Below this much target text a helper thread costs more (start-up, copying the baseline) than it saves.
 * About 40k typical log lines.
 */
export const SPLIT_MIN_TARGET_CHARS = 4 * 1024 * 1024;

/**
 * Both threads index the whole baseline, so a split saves half the scoring time but pays for a second indexing
 * (on a shared core) and for copying the texts. Measured (bench): scale-ikasan, target 0.67x the baseline,
 * 1.9 s on one thread and 2.8 s on two; the 2M-line synthetic job, target 4x the baseline, 142 s and 75 s.
 * So split only when the target is at least as large as the baseline.
 */
export function worthSplitting(targetChars: number, baselineChars: number, minTargetChars = SPLIT_MIN_TARGET_CHARS): boolean {
  return targetChars >= minTargetChars && targetChars >= baselineChars;
}

export type JobOutcome = { readonly ok: true; readonly report: Report } | { readonly ok: false; readonly error: ErrorData };

class Cancelled extends Error {}

/** Progress is posted across threads: send phase changes at once, the rest at most every PROGRESS_INTERVAL_MS. */
const PROGRESS_INTERVAL_MS = 100;

function throttle(onProgress: ((progress: AnalysisProgress) => void) | undefined): ((progress: AnalysisProgress) => void) | undefined {
  if (!onProgress) return undefined;
  let lastPhase: AnalysisPhase | undefined;
  let lastAt = 0;
  return (progress) => {
    const now = Date.now();
    const finished = progress.files === progress.totalFiles;
    if (progress.phase !== lastPhase || finished || now - lastAt >= PROGRESS_INTERVAL_MS) {
      lastPhase = progress.phase;
      lastAt = now;
      onProgress(progress);
    }
  };
}

/** Checks what a caller outside TypeScript might get wrong, so a bad setting is an 'input' error, not a crash. */
export function optionsProblem(job: AnalysisJob): string | undefined {
  const { threshold, contextBefore, contextAfter, maxLineLength } = job.options;
  if (!(threshold >= 0 && threshold <= 1)) return `The threshold must be between 0 and 1 (got ${threshold}).`;
  for (const [name, value] of [['contextBefore', contextBefore], ['contextAfter', contextAfter]] as const) {
    if (!Number.isInteger(value) || value < 0) return `${name} must be a whole number of lines, 0 or more (got ${value}).`;
  }
  if (!Number.isInteger(maxLineLength) || maxLineLength < 1) return `maxLineLength must be a positive whole number (got ${maxLineLength}).`;
  const badExclude = validateExcludes(job.options.excludes ?? [])[0];
  if (badExclude) return `An ${badExclude}.`;
  if (job.baseline.length === 0) return 'No baseline path was given.';
  if (job.target.length === 0) return 'No target path was given.';
  return undefined;
}

export function errorData(error: unknown): ErrorData {
  if (error instanceof Cancelled) return { kind: 'cancelled', message: 'The analysis was cancelled.' };
  if (isHelperFailure(error)) return error.data;
  if (LocalInputError.is(error)) return { kind: 'input', reason: error.reason, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'internal', message };
}

export async function runJob(job: AnalysisJob, hooks: JobHooks = {}): Promise<JobOutcome> {
  const problem = optionsProblem(job);
  if (problem) return { ok: false, error: { kind: 'input', reason: 'badOptions', message: problem } };
  const checkpoint = (): void => {
    if (hooks.isCancelled?.()) throw new Cancelled();
  };
  const onProgress = throttle(hooks.onProgress);
  try {
    // The engine's own rules, so a file the reader keeps is never dropped later for a different reason.
    const ignoredBy = (relativePath: string): string | undefined => {
      const rule = isIgnoredPath(relativePath, job.options);
      return rule === undefined ? undefined : explainIgnore(relativePath, rule);
    };
    const started = performance.now();
    const readOptions = { ignoredBy, checkpoint, ...(onProgress ? { onProgress } : {}), ...(hooks.maxFileBytes ? { maxFileBytes: hooks.maxFileBytes } : {}) };
    const baseline = await readInputs(job.baseline, 'baseline', readOptions);
    const target = await readInputs(job.target, 'target', readOptions);
    const readMs = performance.now() - started;
    checkpoint();
    const input = { baseline: baseline.files, target: target.files, skipped: [...baseline.skipped, ...target.skipped], ...(job.source ? { source: job.source } : {}) };
    const targetChars = target.files.reduce((sum, file) => sum + file.text.length, 0);
    const baselineChars = baseline.files.reduce((sum, file) => sum + file.text.length, 0);
    const plan = hooks.split && worthSplitting(targetChars, baselineChars, hooks.split.minTargetChars) ? planSplit(target.files) : undefined;
    const report =
      plan && hooks.split
        ? await analyzeSplit(input, plan, job.options, { script: hooks.split.script, cancel: hooks.split.cancel, checkpoint, ...(onProgress ? { onProgress } : {}) })
        : analyze(input, job.options, { checkpoint, ...(onProgress ? { onProgress } : {}) });
    // The engine times its own phases; reading happened out here, so add it.
    const timings = { ...report.timings, readMs: report.timings.readMs + readMs, totalMs: report.timings.totalMs + readMs };
    return { ok: true, report: { ...report, timings } };
  } catch (error) {
    return { ok: false, error: errorData(error) };
  }
}
