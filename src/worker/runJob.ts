// One analysis job from local paths to a Report: read both sides, run the engine, turn failures into
// ErrorData. Shared by the worker thread, the CLI (in-process) and the benchmark, so all three behave alike.
import { Analyzer, sourceLength } from '../core/analysis';
import { explainIgnore, isIgnoredPath, validateExcludes } from '../core/ignoreRules';
import type { Report } from '../core/report';
import type { AnalysisJob, AnalysisPhase, AnalysisProgress, ErrorData } from '../protocol';
import { listInputs, LocalInputError, readInputs } from '../sources/localLogs';
import { analyzeSplit, inOrder, isHelperFailure, scoreFromQueue, type HelperPolicy } from './splitAnalysis';
import type { HelperStartData } from './workerData';

export interface JobHooks {
  /** Polled at every checkpoint; true stops the job with a 'cancelled' error. */
  readonly isCancelled?: () => boolean;
  readonly onProgress?: (progress: AnalysisProgress) => void;
  /** Cap on each file's size on disk and decompressed; the reader's default (256 MiB) when absent. */
  readonly maxFileBytes?: number;
  /** When given, a big job uses two threads (see splitAnalysis.ts). */
  readonly split?: HelperPolicy & {
    readonly script: string;
    readonly cancel: HelperStartData;
    /** Smallest job (baseline characters + target bytes) worth a second thread; SPLIT_MIN_CHARS by default. */
    readonly minChars?: number;
  };
}

/**
 * Below this much input a helper thread costs more (its start-up, handing it the index) than it saves. About 40k
 * typical log lines.
 */
export const SPLIT_MIN_CHARS = 4 * 1024 * 1024;

/**
 * The threads share the scoring of the target, and for a big job the tokenizing of the baseline too; the index is
 * built once and read by both from shared memory. So any job big enough pays for the helper, whatever the ratio of
 * baseline to target (bench: see the worker rows).
 */
export function worthSplitting(inputChars: number, minChars = SPLIT_MIN_CHARS): boolean {
  return inputChars >= minChars;
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
    // The baseline is read whole (its lines back the index); target files are listed and read one at a time while
    // they are scored, so a 2M-line target never sits in memory at once. They are listed first: a target path that
    // does not exist is told at once, not after gigabytes of baseline were read.
    const targets = await listInputs(job.target, 'target', readOptions);
    const baseline = await readInputs(job.baseline, 'baseline', readOptions);
    const readMs = performance.now() - started;
    checkpoint();
    const readSkipped = [...baseline.skipped, ...targets.skipped];
    const inputChars = baseline.files.reduce((sum, file) => sum + sourceLength(file), 0) + targets.candidates.reduce((sum, candidate) => sum + candidate.size, 0);
    let report;
    // Target files are the unit of work the threads share: with one, a helper could only sit and wait.
    if (hooks.split && targets.candidates.length >= 2 && worthSplitting(inputChars, hooks.split.minChars)) {
      report = await analyzeSplit(baseline.files, targets.candidates, readSkipped, job.options, {
        ...hooks.split,
        checkpoint,
        ...(onProgress ? { onProgress } : {}),
        ...(hooks.maxFileBytes ? { maxFileBytes: hooks.maxFileBytes } : {}),
      });
    } else {
      const expected = { baselineFiles: baseline.files.length, targetFiles: targets.candidates.length };
      const analyzer = new Analyzer(job.options, { checkpoint, ...(onProgress ? { onProgress } : {}) }, undefined, expected);
      analyzer.addSkipped(readSkipped);
      for (const file of baseline.files) analyzer.addBaseline(file);
      analyzer.train();
      await scoreFromQueue(analyzer, inOrder(targets.candidates), hooks.maxFileBytes, checkpoint);
      report = analyzer.report();
    }
    // The engine times its own steps; listing and reading the baseline happened out here, and target files were read
    // between scoring steps, so the total is this function's own clock.
    const timings = { ...report.timings, readMs, totalMs: performance.now() - started };
    return { ok: true, report: { ...report, ...(job.source ? { source: job.source } : {}), timings } };
  } catch (error) {
    return { ok: false, error: errorData(error) };
  }
}
