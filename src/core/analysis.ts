// Entry point of the engine. Pure: no I/O, no vscode.
// Pipeline: drop ignored files → group baseline files into models → tokenize and index distinct baseline lines →
// score each distinct target line against its model → threshold → context blocks → report.
import type { AnalysisOptions } from './options';
import type { Anomaly, FileReport, ModelReport, Report, ReportSource, SkippedFile } from './report';
import { REPORT_VERSION } from './report';
import type { AnalysisProgress } from '../protocol';
import { MODEL_VERSION } from './modelVersion';
import { hashedTokenLine } from './featureHash';
import { createCachedTokenizer } from './tokenizer';
import { AdaptiveCache } from './adaptiveCache';
import { flatCopy, splitLines } from './lines';
import { modelNameForPath, pickModel } from './fileModels';
import { activeExcludes, explainIgnore, isIgnoredPath, validateExcludes } from './ignoreRules';
import { DEFAULT_ANOMALY_SCAN_BUDGET, LineIndex, LineIndexBuilder, type IndexSnapshot, type NearestMatch, type Weighting } from './lineIndex';
import { buildBlocks } from './contextBlocks';

/** A log file for the engine: its text, or its lines as `splitLines` would give them (see `SourceContent`). */
export type SourceFile = SourceFileInfo & SourceContent;

/**
 * A file's content: decoded text, which the engine splits on \n, \r\n and lone \r, or lines a reader split
 * itself (a reader can decode line by line, which keeps ASCII lines one-byte strings; see sources/decode.ts).
 */
export type SourceContent = { readonly text: string; readonly lines?: undefined } | { readonly lines: readonly string[]; readonly text?: undefined };

/** About how many characters a file holds (its line ends counted as one each), without joining its lines. */
export function sourceLength(file: SourceContent): number {
  if (file.lines === undefined) return file.text.length;
  let length = 0;
  for (const line of file.lines) length += line.length + 1;
  return length;
}

/** The lines of a file, split once. */
export function sourceLines(file: SourceContent): readonly string[] {
  return file.lines ?? splitLines(file.text);
}

export interface SourceFileInfo {
  /** Path relative to the root it was given under (used for file models and in the report). */
  readonly path: string;
  /** Absolute path on disk, copied into the report for editors. */
  readonly localPath?: string;
  /** Remote URL, copied into the report. */
  readonly url?: string;
  /**
   * The path that names the file model and meets the ignore rules, when it differs from `path`. A file named on
   * its own (not found under a folder) passes its base name here, so `fail/job.log` pairs with `good/job.log`
   * and an absolute path's parent folders never match an ignore rule.
   */
  readonly modelPath?: string;
  /**
   * The user named this file itself (a file root, not a file found under a folder): asked for by name, it is
   * compared whatever the built-in ignore list says of its name (`diff good.yaml --target bad.yaml`); the user's
   * own exclude patterns still apply.
   */
  readonly named?: boolean;
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

/** Engine choices that are not user settings; exposed for the evaluation scripts that compare them. */
export interface EngineChoices {
  readonly weighting: Weighting;
  /**
   * Posting entries the search may walk to refine an anomaly's reported distance (default
   * DEFAULT_ANOMALY_SCAN_BUDGET; Infinity for exact distances everywhere). Which lines are anomalies never depends
   * on it: above the threshold a distance is exact up to this budget, otherwise an upper bound of the true one.
   */
  readonly anomalyScanBudget?: number;
  /**
   * Evaluation only: words are put in this many hashed columns, as the original's HashingVectorizer does (see
   * featureHash.ts), to measure its hashed vectors against the exact token ids. Undefined: exact ids.
   */
  readonly hashedFeatures?: number;
}

/**
 * Binary set cosine is the default: on the conformance suite it gives 100% / 0% false-positive chunks, while IDF
 * weighting (even with unseen words kept at the highest weight) turns every random word (temporary paths, ids) into
 * a heavy token and reports 93% false-positive chunks (figures in the engine's report; `npm run conformance`).
 */
export const DEFAULT_ENGINE: EngineChoices = { weighting: 'binary' };

/** Distinct target lines whose score is kept for later target files of the same model (a cache: cleared when full). */
const SCORE_CACHE_LIMIT = 1 << 17;

/** How many lines pass between two checkpoint calls. */
const CHECKPOINT_EVERY = 4096;

export function analyze(input: AnalysisInput, options: AnalysisOptions, hooks: AnalysisHooks = {}): Report {
  return analyzeWith(input, options, hooks, DEFAULT_ENGINE);
}

/** The whole analysis of files already in memory: every baseline file, then every target file. */
export function analyzeWith(input: AnalysisInput, options: AnalysisOptions, hooks: AnalysisHooks, engine: EngineChoices): Report {
  const analyzer = new Analyzer(options, hooks, engine, { baselineFiles: input.baseline.length, targetFiles: input.target.length });
  analyzer.addSkipped(input.skipped ?? []);
  for (const file of input.baseline) analyzer.addBaseline(file);
  analyzer.train();
  for (const file of input.target) analyzer.scoreTarget(file);
  return analyzer.report(input.source);
}

interface AnomalyDraft {
  readonly line: number;
  readonly distance: number;
  readonly text: string;
  readonly repeats: number[];
  readonly nearest?: string;
  readonly nearestSource?: string;
  /** The nearest baseline line's id in its model's index, or -1. */
  readonly nearestId: number;
  readonly truncated: boolean;
}

/** An anomaly whose nearest baseline line is known by id only (see `Analyzer.restore` without raw lines). */
export interface NearestRef {
  readonly path: string;
  /** The file on disk, when known: two target folders can hold files with the same report path. */
  readonly localPath?: string;
  readonly anomaly: number;
  readonly model: string;
  readonly line: number;
}

/** File counts known up front, for progress events. */
export interface ExpectedFiles {
  readonly baselineFiles: number;
  readonly targetFiles: number;
}

/** A trained analyzer's baseline side, enough for another analyzer to score target files the same way. */
export interface BaselineSnapshot {
  readonly models: readonly { readonly report: ModelReport; readonly index: IndexSnapshot }[];
  readonly baselinePaths: readonly string[];
  readonly baselineLines: number;
}

/**
 * The analysis as steps, so a caller can feed files as it reads them: every `addBaseline`, then `train`, then
 * `scoreTarget` per target file (its text can be dropped right after), then `report`. Only one target file's lines
 * are alive at a time. Two analyzers given the same baseline files in the same order build identical indexes, which
 * is what lets two threads each score part of the target files (worker/splitAnalysis.ts): `snapshot` hands copies
 * of the built indexes to a second analyzer, whose `restore` takes them as they are, without reading the baseline.
 */
export class Analyzer {
  private readonly started = now();
  private readonly checkpoint: () => void;
  private readonly progress: (progress: AnalysisProgress) => void;
  private readonly maxLineLength: number;
  private readonly skipped: SkippedFile[] = [];
  /** One tokenizer cache for both sides: the target repeats most of the baseline's lines. */
  private readonly tokenize: (raw: string, copyKey?: boolean) => string;
  private readonly builders = new Map<string, { builder: LineIndexBuilder; files: { path: string; lines: number }[] }>();
  /** Report path of each baseline file given to the index, by source id. */
  private readonly baselinePaths: string[] = [];
  private baselineFilesSeen = 0;
  private baselineLines = 0;
  private sinceCheckpoint = 0;
  private indexes: Map<string, LineIndex> | undefined;
  private readonly models: ModelReport[] = [];
  private modelNames: ReadonlySet<string> = new Set();
  /** Distinct target lines whose score is kept for later target files of the same model. */
  private readonly scoreCache = new Map<string, AdaptiveCache<NearestMatch>>();
  private readonly files: FileReport[] = [];
  private targetFilesSeen = 0;
  private targetLines = 0;
  /** Target lines of files without a baseline model, and lines scored on their start only. */
  private unscoredLines = 0;
  private truncatedLines = 0;
  private anomalyLines = 0;
  private anomalyCount = 0;
  private trainMs = 0;
  private testMs = 0;
  /** Set by `restore` from a snapshot without raw lines: nearest lines are then reported by id. */
  private deferNearest = false;
  private readonly nearestRefs: NearestRef[] = [];

  constructor(
    private readonly options: AnalysisOptions,
    hooks: AnalysisHooks = {},
    private readonly engine: EngineChoices = DEFAULT_ENGINE,
    private readonly expected: ExpectedFiles = { baselineFiles: 0, targetFiles: 0 },
  ) {
    validateOptions(options);
    this.checkpoint = hooks.checkpoint ?? noop;
    this.progress = hooks.onProgress ?? noop;
    this.maxLineLength = Math.max(1, Math.floor(options.maxLineLength));
    const cached = createCachedTokenizer();
    const columns = engine.hashedFeatures;
    this.tokenize = columns === undefined ? cached : (raw, copyKey) => hashedTokenLine(cached(raw, copyKey), columns);
  }

  /** Target lines scored so far (for progress across threads). */
  get targetLineCount(): number {
    return this.targetLines;
  }

  /** Files a reader already skipped (binary, unreadable...), carried into the report. */
  addSkipped(skipped: readonly SkippedFile[]): void {
    // One by one: a spread of a 200k-entry list would overflow the call stack.
    for (const entry of skipped) this.skipped.push(entry);
  }

  /** Whether the engine reads this file at all; a file it does not read is listed as skipped with the reason. */
  private accepts(file: SourceFile, side: 'baseline' | 'target'): boolean {
    const rulePath = file.modelPath ?? file.path;
    const rule = isIgnoredPath(rulePath, file.named === true ? { ...this.options, replaceDefaultExcludes: true } : this.options);
    if (rule !== undefined) {
      this.skipped.push({ path: file.path, side, reason: 'ignored', detail: explainIgnore(rulePath, rule) });
      return false;
    }
    if (file.lines === undefined ? file.text.length === 0 : file.lines.length === 0) {
      this.skipped.push({ path: file.path, side, reason: 'empty' });
      return false;
    }
    return true;
  }

  /**
   * The token lines of a baseline file, exactly as `addBaseline` makes them, for the analyzer of another thread that
   * indexes the file (its `addBaseline(file, tokens)`), so two threads can share the tokenizing of a big baseline.
   * The lines stay in this analyzer's token cache as copies (the file's text is not kept alive), so target lines
   * that repeat them are not tokenized again here.
   */
  baselineTokens(file: SourceFile): string[] {
    const lines = sourceLines(file);
    const tokens = new Array<string>(lines.length);
    for (let lineIndex = 0; lineIndex < lines.length; lineIndex += 1) {
      tokens[lineIndex] = this.tokenize(scoredPart(lines[lineIndex] ?? '', this.maxLineLength), true);
      if (++this.sinceCheckpoint >= CHECKPOINT_EVERY) {
        this.sinceCheckpoint = 0;
        this.checkpoint();
      }
    }
    return tokens;
  }

  /** Training time spent outside `addBaseline` and `train`: waiting for another thread's `baselineTokens`. */
  addTrainTime(ms: number): void {
    this.trainMs += ms;
  }

  /**
   * Indexes one baseline file. `tokens` are its token lines from `baselineTokens` when another thread already
   * tokenized it (the same words as tokenizing here, so the index is the same).
   */
  addBaseline(file: SourceFile, tokens?: readonly string[]): void {
    if (this.indexes !== undefined) throw new Error('addBaseline after train');
    const began = now();
    const fileIndex = this.baselineFilesSeen++;
    if (this.accepts(file, 'baseline')) {
      const name = modelNameForPath(file.modelPath ?? file.path);
      let model = this.builders.get(name);
      if (model === undefined) {
        model = { builder: new LineIndexBuilder(), files: [] };
        this.builders.set(name, model);
      }
      const lines = sourceLines(file);
      if (tokens !== undefined && tokens.length !== lines.length) throw new Error(`token lines of ${file.path} do not match its text`);
      model.files.push({ path: file.path, lines: lines.length });
      const sourceId = this.baselinePaths.length;
      this.baselinePaths.push(file.path);
      const limit = this.maxLineLength;
      for (let lineIndex = 0; lineIndex < lines.length; lineIndex += 1) {
        const scored = scoredPart(lines[lineIndex] ?? '', limit);
        model.builder.add(tokens?.[lineIndex] ?? this.tokenize(scored), scored, sourceId);
        this.baselineLines += 1;
        if (++this.sinceCheckpoint >= CHECKPOINT_EVERY) {
          this.sinceCheckpoint = 0;
          this.checkpoint();
          this.progress({ phase: 'train', files: fileIndex, totalFiles: this.expected.baselineFiles, lines: this.baselineLines });
        }
      }
    }
    this.progress({ phase: 'train', files: fileIndex + 1, totalFiles: Math.max(this.expected.baselineFiles, fileIndex + 1), lines: this.baselineLines });
    this.trainMs += now() - began;
  }

  /** Freezes one index per model; target files can be scored from now on. */
  train(): void {
    if (this.indexes !== undefined) return;
    const began = now();
    const indexes = new Map<string, LineIndex>();
    for (const [name, model] of this.builders) {
      const index = model.builder.freeze(this.engine.weighting, { anomalyScan: this.engine.anomalyScanBudget ?? DEFAULT_ANOMALY_SCAN_BUDGET });
      this.checkpoint();
      index.prepare(decisionThreshold(this.options.threshold), this.checkpoint);
      indexes.set(name, index);
      this.models.push({ name, baselineFiles: model.files, indexedLines: index.lineCount });
    }
    this.builders.clear();
    this.indexes = indexes;
    this.modelNames = new Set(indexes.keys());
    this.trainMs += now() - began;
  }

  /**
   * The trained baseline side, for `restore` in another analyzer (another thread). Without `rawLines` it is much
   * smaller (the distinct lines' raw text is most of it); the other analyzer then reports each anomaly's nearest
   * line by id (`deferredNearest`) and this one fills the text in (`resolveNearest`). With `shared`, this analyzer's
   * indexes move to shared memory and the snapshot views it (see LineIndex.share): both threads then read one copy.
   */
  snapshot({ rawLines = true, shared = false }: { rawLines?: boolean; shared?: boolean } = {}): BaselineSnapshot {
    this.train();
    const models = this.models.map((report) => {
      const index = this.indexes?.get(report.name);
      if (index === undefined) throw new Error(`no index for model ${report.name}`);
      if (!shared) return { report, index: index.snapshot({ rawLines }) };
      // From now on this analyzer searches the shared copy too; the private arrays are freed.
      const moved = index.share({ rawLines });
      this.indexes?.set(report.name, moved.index);
      return { report, index: moved.snapshot };
    });
    return { models, baselinePaths: this.baselinePaths, baselineLines: this.baselineLines };
  }

  /** Takes another analyzer's trained baseline (see `snapshot`) instead of baseline files. */
  restore(snapshot: BaselineSnapshot): void {
    if (this.indexes !== undefined || this.baselineFilesSeen > 0) throw new Error('restore on an analyzer that already has a baseline');
    const began = now();
    const indexes = new Map<string, LineIndex>();
    for (const { report, index } of snapshot.models) {
      if (index.tokens.length > 0 && index.rawLines.length === 0) this.deferNearest = true;
      const restored = LineIndex.fromSnapshot(index, { anomalyScan: this.engine.anomalyScanBudget ?? DEFAULT_ANOMALY_SCAN_BUDGET });
      this.checkpoint();
      // A no-op when the snapshot's threshold structures match this analyzer's threshold.
      restored.prepare(decisionThreshold(this.options.threshold), this.checkpoint);
      indexes.set(report.name, restored);
      this.models.push(report);
    }
    for (const baselinePath of snapshot.baselinePaths) this.baselinePaths.push(baselinePath);
    this.baselineLines = snapshot.baselineLines;
    this.indexes = indexes;
    this.modelNames = new Set(indexes.keys());
    this.trainMs += now() - began;
  }

  /** Anomalies whose nearest line this analyzer knows by id only: for the analyzer that made the snapshot. */
  deferredNearest(): NearestRef[] {
    return this.nearestRefs;
  }

  /** Fills in the nearest baseline lines another analyzer reported by id (see `snapshot`). */
  resolveNearest(report: Report, refs: readonly NearestRef[]): Report {
    // By the file on disk: `--target a --target b` can give two files the same report path (`x.log`).
    const byFile = new Map<string, Map<number, string>>();
    for (const ref of refs) {
      const text = this.indexes?.get(ref.model)?.rawLines[ref.line];
      if (text === undefined) continue;
      const key = ref.localPath ?? ref.path;
      const forFile = byFile.get(key) ?? new Map<number, string>();
      forFile.set(ref.anomaly, flatCopy(text));
      byFile.set(key, forFile);
    }
    const files = report.files.map((file) => {
      const texts = byFile.get(file.localPath ?? file.path);
      if (texts === undefined) return file;
      const anomalies = file.anomalies.map((anomaly, position) => {
        const nearest = texts.get(position);
        if (nearest === undefined) return anomaly;
        const { line, distance, text, repeats, nearestSource, truncated } = anomaly;
        return { line, distance, text, repeats, nearest, ...(nearestSource !== undefined ? { nearestSource } : {}), ...(truncated ? { truncated } : {}) };
      });
      return { ...file, anomalies };
    });
    return { ...report, files };
  }

  /** Scores one target file against its model; distinct lines are scored once, repeats inherit the first score. */
  scoreTarget(file: SourceFile): void {
    this.train();
    const began = now();
    const fileIndex = this.targetFilesSeen++;
    const totalFiles = Math.max(this.expected.targetFiles, fileIndex + 1);
    if (!this.accepts(file, 'target')) {
      this.testMs += now() - began;
      return;
    }
    const { options, maxLineLength } = this;
    const lines = sourceLines(file);
    const modelName = pickModel(file.modelPath ?? file.path, this.modelNames);
    const index = modelName === undefined ? undefined : this.indexes?.get(modelName);
    if (modelName === undefined || index === undefined) {
      this.skipped.push({
        path: file.path,
        side: 'target',
        reason: 'noBaseline',
        detail: `no baseline file for model ${modelNameForPath(file.modelPath ?? file.path)}`,
      });
      this.targetLines += lines.length;
      this.unscoredLines += lines.length;
      this.testMs += now() - began;
      return;
    }
    let cache = this.scoreCache.get(modelName);
    if (cache === undefined) {
      cache = new AdaptiveCache({ limit: SCORE_CACHE_LIMIT });
      this.scoreCache.set(modelName, cache);
    }
    const threshold = decisionThreshold(options.threshold);
    const drafts: AnomalyDraft[] = [];
    /** Tokens → index into `drafts`, or -1 for a line that scored under the threshold. */
    const seen = new Map<string, number>();
    let truncatedLines = 0;
    for (let lineIndex = 0; lineIndex < lines.length; lineIndex += 1) {
      if (++this.sinceCheckpoint >= CHECKPOINT_EVERY) {
        this.sinceCheckpoint = 0;
        this.checkpoint();
        this.progress({ phase: 'test', files: fileIndex, totalFiles, lines: this.targetLines + lineIndex });
      }
      const raw = lines[lineIndex] ?? '';
      const truncated = raw.length > maxLineLength;
      if (truncated) truncatedLines += 1;
      const scored = truncated ? raw.slice(0, maxLineLength) : raw;
      // Copied keys: the token cache outlives this file's text, which is freed once the file is scored.
      const tokens = this.tokenize(scored, true);
      if (tokens.length === 0) continue;
      const previous = seen.get(tokens);
      if (previous !== undefined) {
        if (previous >= 0) drafts[previous]?.repeats.push(lineIndex + 1);
        continue;
      }
      let match = cache.get(tokens);
      if (match === undefined) {
        match = index.nearest(tokens, threshold);
        // Bounded like the tokenizer's cache: kept whole, 2M mostly distinct target lines held every token string.
        cache.set(tokens, match);
      }
      if (match.distance >= threshold) {
        seen.set(tokens, drafts.length);
        const nearestLine = match.line >= 0 && !this.deferNearest ? index.rawLines[match.line] : undefined;
        const nearestFile = match.line >= 0 ? this.baselinePaths[index.rawSources[match.line] ?? -1] : undefined;
        drafts.push({
          line: lineIndex + 1,
          // Rounded where floating point misses a round value (1 - 0.8 is 0.19999999999999996), so the report, the
          // panel's filter and the decision agree on a distance at the threshold.
          distance: Math.round(match.distance * 1e12) / 1e12,
          // Copied out of the file text, like the context lines below.
          text: flatCopy(scored),
          repeats: [],
          ...(nearestLine !== undefined ? { nearest: flatCopy(nearestLine) } : {}),
          ...(nearestFile !== undefined ? { nearestSource: nearestFile } : {}),
          nearestId: match.line,
          truncated,
        });
      } else {
        seen.set(tokens, -1);
      }
    }
    this.targetLines += lines.length;
    this.truncatedLines += truncatedLines;
    this.progress({ phase: 'test', files: fileIndex + 1, totalFiles, lines: this.targetLines });

    const anomalies: Anomaly[] = drafts.map((draft) => ({
      line: draft.line,
      distance: draft.distance,
      text: draft.text,
      repeats: draft.repeats,
      ...(draft.nearest !== undefined ? { nearest: draft.nearest } : {}),
      ...(draft.nearestSource !== undefined ? { nearestSource: draft.nearestSource } : {}),
      ...(draft.truncated ? { truncated: true } : {}),
    }));
    if (this.deferNearest) {
      drafts.forEach((draft, position) => {
        if (draft.nearestId >= 0) {
          this.nearestRefs.push({ path: file.path, ...(file.localPath !== undefined ? { localPath: file.localPath } : {}), anomaly: position, model: modelName, line: draft.nearestId });
        }
      });
    }
    const flagged: number[] = [];
    for (const anomaly of anomalies) {
      flagged.push(anomaly.line - 1);
      for (const repeat of anomaly.repeats) flagged.push(repeat - 1);
    }
    flagged.sort((a, b) => a - b);
    this.anomalyCount += anomalies.length;
    this.anomalyLines += flagged.length;
    const blocks = buildBlocks(lines, flagged, options.contextBefore, options.contextAfter).map((block) => ({
      start: block.start,
      // Copied out of the file text (a slice would keep the whole text alive for as long as the report lives).
      lines: block.lines.map((line) => flatCopy(scoredPart(line, maxLineLength))),
    }));
    const meanDistance = anomalies.length === 0 ? 0 : anomalies.reduce((sum, anomaly) => sum + anomaly.distance, 0) / anomalies.length;
    this.files.push({
      path: file.path,
      model: modelName,
      lines: lines.length,
      anomalies,
      blocks,
      ...(file.localPath !== undefined ? { localPath: file.localPath } : {}),
      ...(file.url !== undefined ? { url: file.url } : {}),
      meanDistance,
      ...(truncatedLines > 0 ? { truncatedLines } : {}),
    });
    this.testMs += now() - began;
  }

  report(source?: ReportSource): Report {
    this.train();
    const files = [...this.files].sort(compareFiles);
    return {
      version: REPORT_VERSION,
      modelVersion: MODEL_VERSION,
      createdAt: new Date().toISOString(),
      threshold: this.options.threshold,
      context: { before: this.options.contextBefore, after: this.options.contextAfter },
      ...(source !== undefined ? { source } : {}),
      files,
      models: this.models,
      skipped: this.skipped,
      totals: {
        baselineLines: this.baselineLines,
        targetLines: this.targetLines,
        anomalyLines: this.anomalyLines,
        anomalies: this.anomalyCount,
        ...(this.unscoredLines > 0 ? { unscoredLines: this.unscoredLines } : {}),
        ...(this.truncatedLines > 0 ? { truncatedLines: this.truncatedLines } : {}),
      },
      timings: { readMs: 0, trainMs: this.trainMs, testMs: this.testMs, totalMs: now() - this.started },
    };
  }
}

/** Job output first (it tells the story of the job), then the files that look most unusual. */
export function compareFiles(a: FileReport, b: FileReport): number {
  const aJob = isJobOutput(a.path);
  const bJob = isJobOutput(b.path);
  if (aJob !== bJob) return aJob ? -1 : 1;
  if (b.meanDistance !== a.meanDistance) return b.meanDistance - a.meanDistance;
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

function isJobOutput(path: string): boolean {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return path.slice(slash + 1).startsWith('job-output');
}

function validateOptions(options: AnalysisOptions): void {
  const problems: string[] = [];
  if (!(options.threshold >= 0 && options.threshold <= 1)) problems.push(`threshold must be within 0..1, got ${options.threshold}`);
  if (!(options.contextBefore >= 0) || !(options.contextAfter >= 0)) problems.push('context lines must be >= 0');
  if (!(options.maxLineLength >= 1)) problems.push(`maxLineLength must be >= 1, got ${options.maxLineLength}`);
  problems.push(...validateExcludes(activeExcludes(options)));
  if (problems.length > 0) throw new Error(`invalid analysis options: ${problems.join('; ')}`);
}

/** The part of a line that is tokenized and scored: very long lines are cut (and reported as truncated). */
function scoredPart(raw: string, maxLineLength: number): string {
  return raw.length > maxLineLength ? raw.slice(0, maxLineLength) : raw;
}

/**
 * The threshold the decision compares with: a hair under the user's, so that a distance exactly at the threshold
 * (4 of 5 words shared is 0.2) counts as "distance >= threshold" although floating point computes 1 - 0.8 as
 * 0.19999999999999996.
 */
function decisionThreshold(threshold: number): number {
  return threshold - 1e-9;
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

function noop(): void {}
