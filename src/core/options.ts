// Plain analysis options: the extension reads settings and the CLI reads flags, both hand these to core.

export interface AnalysisOptions {
  /** A target line is an anomaly when its distance is >= threshold. Range 0..1. */
  readonly threshold: number;
  /** Context lines shown before and after each anomaly. */
  readonly contextBefore: number;
  readonly contextAfter: number;
  /** Lines longer than this many characters are cut before scoring. */
  readonly maxLineLength: number;
  /** Path regular expressions (source text) of files to skip, added to or replacing the defaults. */
  readonly excludes?: readonly string[];
  /** When true, `excludes` replaces the default ignore list instead of extending it. */
  readonly replaceDefaultExcludes?: boolean;
}

export const DEFAULT_OPTIONS: AnalysisOptions = {
  threshold: 0.2,
  contextBefore: 3,
  contextAfter: 1,
  maxLineLength: 6000,
};
