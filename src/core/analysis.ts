// Entry point of the engine. Pure: no I/O, no vscode.
// Pipeline: drop ignored files → group baseline files into models → tokenize and index distinct baseline lines →
// score each distinct target line against its model → threshold → context blocks → report.
import type { AnalysisOptions } from './options';
import type { Anomaly, FileReport, ModelReport, Report, ReportSource, SkippedFile } from './report';
import { REPORT_VERSION } from './report';
import type { AnalysisProgress } from '../protocol';
import { MODEL_VERSION } from './modelVersion';
import { createCachedTokenizer } from './tokenizer';
import { splitLines } from './lines';
import { modelNameForPath, pickModel } from './fileModels';
import { activeExcludes, isIgnoredPath, validateExcludes } from './ignoreRules';
import { DEFAULT_ANOMALY_SCAN_BUDGET, LineIndex, LineIndexBuilder, type NearestMatch, type Weighting } from './lineIndex';
import { buildBlocks } from './contextBlocks';

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
  /**
   * The path that names the file model and meets the ignore rules, when it differs from `path`. A file named on
   * its own (not found under a folder) passes its base name here, so `fail/job.log` pairs with `good/job.log`
   * and an absolute path's parent folders never match an ignore rule.
   */
  readonly modelPath?: string;
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

interface PreparedFile {
  readonly file: SourceFile;
}

interface AnomalyDraft {
  readonly line: number;
  readonly distance: number;
  readonly text: string;
  readonly repeats: number[];
  readonly nearest?: string;
  readonly nearestSource?: string;
  readonly truncated: boolean;
}

export function analyzeWith(
  input: AnalysisInput,
  options: AnalysisOptions,
  hooks: AnalysisHooks,
  engine: EngineChoices,
): Report {
  const started = now();
  validateOptions(options);
  const checkpoint = hooks.checkpoint ?? noop;
  const progress = hooks.onProgress ?? noop;
  const maxLineLength = Math.max(1, Math.floor(options.maxLineLength));
  const skipped: SkippedFile[] = [...(input.skipped ?? [])];

  // Read phase: ignore rules, empty files, line splitting.
  const prepare = (files: readonly SourceFile[], side: 'baseline' | 'target'): PreparedFile[] => {
    const kept: PreparedFile[] = [];
    for (const file of files) {
      const rule = isIgnoredPath(file.modelPath ?? file.path, options);
      if (rule !== undefined) {
        skipped.push({ path: file.path, side, reason: 'ignored', detail: `matches ${rule}` });
        continue;
      }
      if (file.text.length === 0) {
        skipped.push({ path: file.path, side, reason: 'empty' });
        continue;
      }
      // Lines are split when the file is used, so only one file's line array is alive at a time (2M target lines
      // split up front held about 2M strings and their arrays through the whole test phase).
      kept.push({ file });
    }
    return kept;
  };
  const baseline = prepare(input.baseline, 'baseline');
  const target = prepare(input.target, 'target');
  checkpoint();
  const readDone = now();

  // One tokenizer cache for both sides: the target repeats most of the baseline's lines.
  const tokenize = createCachedTokenizer();

  // Train phase: one index per model.
  const builders = new Map<string, { builder: LineIndexBuilder; files: { path: string; lines: number }[] }>();
  let baselineLines = 0;
  let sinceCheckpoint = 0;
  baseline.forEach((prepared, fileIndex) => {
    const name = modelNameForPath(prepared.file.modelPath ?? prepared.file.path);
    let model = builders.get(name);
    if (model === undefined) {
      model = { builder: new LineIndexBuilder(), files: [] };
      builders.set(name, model);
    }
    const lines = splitLines(prepared.file.text);
    model.files.push({ path: prepared.file.path, lines: lines.length });
    const sourceId = fileIndex;
    for (const raw of lines) {
      const scored = raw.length > maxLineLength ? raw.slice(0, maxLineLength) : raw;
      model.builder.add(tokenize(scored), scored, sourceId);
      baselineLines += 1;
      if (++sinceCheckpoint >= CHECKPOINT_EVERY) {
        sinceCheckpoint = 0;
        checkpoint();
        progress({ phase: 'train', files: fileIndex, totalFiles: baseline.length, lines: baselineLines });
      }
    }
    progress({ phase: 'train', files: fileIndex + 1, totalFiles: baseline.length, lines: baselineLines });
  });
  const indexes = new Map<string, LineIndex>();
  const models: ModelReport[] = [];
  for (const [name, model] of builders) {
    const index = model.builder.freeze(engine.weighting, { anomalyScan: engine.anomalyScanBudget ?? DEFAULT_ANOMALY_SCAN_BUDGET });
    indexes.set(name, index);
    models.push({ name, baselineFiles: model.files, indexedLines: index.lineCount });
    checkpoint();
  }
  const modelNames = new Set(indexes.keys());
  const trainDone = now();

  // Test phase: distinct target lines are scored once per model; repeats inherit the first occurrence's score.
  const scoreCache = new Map<string, Map<string, NearestMatch>>();
  const files: FileReport[] = [];
  let targetLines = 0;
  let anomalyLines = 0;
  let anomalyCount = 0;
  target.forEach((prepared, fileIndex) => {
    const { file } = prepared;
    const lines = splitLines(file.text);
    const modelName = pickModel(file.modelPath ?? file.path, modelNames);
    const index = modelName === undefined ? undefined : indexes.get(modelName);
    if (modelName === undefined || index === undefined) {
      skipped.push({
        path: file.path,
        side: 'target',
        reason: 'noBaseline',
        detail: `no baseline file for model ${modelNameForPath(file.modelPath ?? file.path)}`,
      });
      targetLines += lines.length;
      return;
    }
    let cache = scoreCache.get(modelName);
    if (cache === undefined) {
      cache = new Map();
      scoreCache.set(modelName, cache);
    }
    const drafts: AnomalyDraft[] = [];
    /** Tokens → index into `drafts`, or -1 for a line that scored under the threshold. */
    const seen = new Map<string, number>();
    for (let lineIndex = 0; lineIndex < lines.length; lineIndex += 1) {
      if (++sinceCheckpoint >= CHECKPOINT_EVERY) {
        sinceCheckpoint = 0;
        checkpoint();
        progress({ phase: 'test', files: fileIndex, totalFiles: target.length, lines: targetLines + lineIndex });
      }
      const raw = lines[lineIndex] ?? '';
      const truncated = raw.length > maxLineLength;
      const scored = truncated ? raw.slice(0, maxLineLength) : raw;
      const tokens = tokenize(scored);
      if (tokens.length === 0) continue;
      const previous = seen.get(tokens);
      if (previous !== undefined) {
        if (previous >= 0) drafts[previous]?.repeats.push(lineIndex + 1);
        continue;
      }
      let match = cache.get(tokens);
      if (match === undefined) {
        match = index.nearest(tokens, options.threshold);
        // Bounded like the tokenizer's cache: kept whole, 2M mostly distinct target lines held every token string.
        if (cache.size >= SCORE_CACHE_LIMIT) cache.clear();
        cache.set(tokens, match);
      }
      if (match.distance >= options.threshold) {
        seen.set(tokens, drafts.length);
        const nearestLine = match.line >= 0 ? index.rawLines[match.line] : undefined;
        const nearestFile = match.line >= 0 ? baseline[index.rawSources[match.line] ?? -1]?.file.path : undefined;
        drafts.push({
          line: lineIndex + 1,
          distance: match.distance,
          text: scored,
          repeats: [],
          ...(nearestLine !== undefined ? { nearest: nearestLine } : {}),
          ...(nearestFile !== undefined ? { nearestSource: nearestFile } : {}),
          truncated,
        });
      } else {
        seen.set(tokens, -1);
      }
    }
    targetLines += lines.length;
    progress({ phase: 'test', files: fileIndex + 1, totalFiles: target.length, lines: targetLines });

    const anomalies: Anomaly[] = drafts.map((draft) => ({
      line: draft.line,
      distance: draft.distance,
      text: draft.text,
      repeats: draft.repeats,
      ...(draft.nearest !== undefined ? { nearest: draft.nearest } : {}),
      ...(draft.nearestSource !== undefined ? { nearestSource: draft.nearestSource } : {}),
      ...(draft.truncated ? { truncated: true } : {}),
    }));
    const flagged: number[] = [];
    for (const anomaly of anomalies) {
      flagged.push(anomaly.line - 1);
      for (const repeat of anomaly.repeats) flagged.push(repeat - 1);
    }
    flagged.sort((a, b) => a - b);
    anomalyCount += anomalies.length;
    anomalyLines += flagged.length;
    const blocks = buildBlocks(lines, flagged, options.contextBefore, options.contextAfter).map((block) => ({
      start: block.start,
      lines: block.lines.map((line) => (line.length > maxLineLength ? line.slice(0, maxLineLength) : line)),
    }));
    const meanDistance =
      anomalies.length === 0 ? 0 : anomalies.reduce((sum, anomaly) => sum + anomaly.distance, 0) / anomalies.length;
    files.push({
      path: file.path,
      model: modelName,
      lines: lines.length,
      anomalies,
      blocks,
      ...(file.localPath !== undefined ? { localPath: file.localPath } : {}),
      ...(file.url !== undefined ? { url: file.url } : {}),
      meanDistance,
    });
  });
  files.sort(compareFiles);
  const testDone = now();

  return {
    version: REPORT_VERSION,
    modelVersion: MODEL_VERSION,
    createdAt: new Date().toISOString(),
    threshold: options.threshold,
    context: { before: options.contextBefore, after: options.contextAfter },
    ...(input.source !== undefined ? { source: input.source } : {}),
    files,
    models,
    skipped,
    totals: { baselineLines, targetLines, anomalyLines, anomalies: anomalyCount },
    timings: {
      readMs: readDone - started,
      trainMs: trainDone - readDone,
      testMs: testDone - trainDone,
      totalMs: testDone - started,
    },
  };
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

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

function noop(): void {}
