// The one report shape shared by the CLI, the worker, the panel and the decorations.
// The minimal shape `{version, files[{path, model, lines, anomalies[{line, distance, text, repeats}]}]}` is a
// public contract for outside tools: add fields, never rename or remove these.

/** Bump when a field of the minimal shape changes meaning; readers refuse other versions. */
export const REPORT_VERSION = 1;

/** One reported target line. Line numbers are 1-based physical lines of the target file. */
export interface Anomaly {
  /** 1-based line number of the first occurrence. */
  readonly line: number;
  /** Cosine distance to the nearest baseline line, 0 (seen) to 1 (nothing shared). */
  readonly distance: number;
  /** The raw line as read (possibly truncated for very long lines, see `truncated`). */
  readonly text: string;
  /** 1-based line numbers of later lines with the same tokens; they share this distance. */
  readonly repeats: readonly number[];
  /** Raw text of the nearest baseline line, when one shares any token. */
  readonly nearest?: string;
  /** Baseline file holding `nearest`, relative as the baseline was given. */
  readonly nearestSource?: string;
  /** True when the raw line was longer than the scoring limit and was cut for scoring and display. */
  readonly truncated?: boolean;
}

/** A run of lines shown together: anomalies with their context, merged when close. */
export interface Block {
  /** 1-based number of the first line in `lines`. */
  readonly start: number;
  /** The raw lines of the block, anomalies and context alike. */
  readonly lines: readonly string[];
}

export interface FileReport {
  /** As given on the command line, or relative to the target folder when a folder was given. */
  readonly path: string;
  /** The file model (group) name this file was scored against. */
  readonly model: string;
  /** Number of physical lines in the file. */
  readonly lines: number;
  /** Every reported line, context excluded, in line order. */
  readonly anomalies: readonly Anomaly[];
  /** Anomalies with their context lines; merged when near each other. */
  readonly blocks: readonly Block[];
  /** Absolute path on disk of the file that was read, for editors to open. */
  readonly localPath?: string;
  /** Remote URL of the file, when it was downloaded. */
  readonly url?: string;
  /** Mean distance of the anomalies (0 when none), used to sort files. */
  readonly meanDistance: number;
  /** Lines longer than the scoring limit (`maxLineLength`), scored on their start only; absent when none. */
  readonly truncatedLines?: number;
}

export interface ModelReport {
  readonly name: string;
  readonly baselineFiles: readonly { readonly path: string; readonly lines: number }[];
  /** Distinct tokenised baseline lines indexed for this model. */
  readonly indexedLines: number;
}

export type SkipReason = 'binary' | 'ignored' | 'empty' | 'unreadable' | 'tooLarge' | 'symlink' | 'noBaseline';

export interface SkippedFile {
  readonly path: string;
  /** Which side the file came from. */
  readonly side: 'baseline' | 'target';
  readonly reason: SkipReason;
  /** Human-readable detail, e.g. the error message or the matched ignore rule. */
  readonly detail?: string;
}

/** Where the logs came from, for the panel header. All optional: local analyses have none. */
export interface ReportSource {
  readonly change?: { readonly url: string; readonly number: number; readonly patchset?: string };
  readonly job?: string;
  readonly target?: { readonly label: string; readonly url?: string };
  readonly baselines?: readonly { readonly label: string; readonly url?: string }[];
}

export interface Report {
  readonly version: typeof REPORT_VERSION;
  /** Version of tokens, models and vectors that produced the distances. */
  readonly modelVersion: number;
  readonly createdAt: string;
  readonly threshold: number;
  readonly context: { readonly before: number; readonly after: number };
  readonly source?: ReportSource;
  /** Target files, job-output first then by mean distance, highest first. */
  readonly files: readonly FileReport[];
  readonly models: readonly ModelReport[];
  /** Files that were not analysed, and why; never dropped silently. */
  readonly skipped: readonly SkippedFile[];
  readonly totals: {
    readonly baselineLines: number;
    readonly targetLines: number;
    /** Anomalous lines including repeats. */
    readonly anomalyLines: number;
    /** Distinct anomalies (first occurrences). */
    readonly anomalies: number;
    /** Target lines (in `targetLines`) of files that had no baseline model, so were not compared; absent when none. */
    readonly unscoredLines?: number;
    /** Target lines scored on their start only (see FileReport.truncatedLines); absent when none. */
    readonly truncatedLines?: number;
  };
  /** Wall-clock milliseconds per phase. */
  readonly timings: {
    readonly readMs: number;
    readonly trainMs: number;
    readonly testMs: number;
    readonly totalMs: number;
    /** Threads that scored target files: 2 when a helper thread took a share of them, absent (1) otherwise. */
    readonly threads?: number;
  };
}
