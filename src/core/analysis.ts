// Entry point of the engine. Pure: no I/O, no vscode. (Contract first; the engine fills in the body.)
import type { AnalysisOptions } from './options';
import type { Report, ReportSource, SkippedFile } from './report';
import type { AnalysisProgress } from '../protocol';

/** A decoded log file handed to the engine by a reader. */
export interface SourceFile {
  /** Path relative to the root it was given under (used for file models and in the report). */
  readonly path: string;
  /** Decoded text; the engine splits it on \n, \r\n and lone \r. */
  readonly text: string;
  /** Absolute path on disk, copied into the report for editors. */
  readonly localPath?: string;
  /** Remote URL, copied into the report. */
  readonly url?: string;
}

export interface AnalysisInput {
  readonly baseline: readonly SourceFile[];
  readonly target: readonly SourceFile[];
  /** Files the reader already skipped (binary, unreadable...), carried into the report. */
  readonly skipped?: readonly SkippedFile[];
  readonly source?: ReportSource;
}

export interface AnalysisHooks {
  /** Called often (every few thousand lines); throw from it to stop the analysis (cancellation). */
  readonly checkpoint?: () => void;
  readonly onProgress?: (progress: AnalysisProgress) => void;
}

export function analyze(input: AnalysisInput, options: AnalysisOptions, hooks: AnalysisHooks = {}): Report {
  void input; void options; void hooks;
  throw new Error('analyze: not implemented yet');
}
