// Reads local log files and folders into decoded SourceFiles for the engine. Nothing is dropped silently:
// every file that is not read becomes a SkippedFile with a reason and a detail.
import { lstat, readdir, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { SourceContent, SourceFile } from '../core/analysis';
import type { SkippedFile, SkipReason } from '../core/report';
import type { AnalysisProgress } from '../protocol';
import { decodeLogContent, formatBytes } from './decode';

export const DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024;
const DEFAULT_CONCURRENCY = 4;

export type Side = 'baseline' | 'target';

export interface ReadOptions {
  /** Cap on a file's size on disk and on its decompressed size. */
  readonly maxFileBytes?: number;
  /** Files read at once. Reads and gunzip run on libuv's pool, so a few in flight keep the disk and a core busy. */
  readonly concurrency?: number;
  /**
   * Decides whether a file found under a folder root is ignored; returns why, as the report shows it (`default
   * rule ".png"`), or undefined. Only applied while walking folders; the engine applies the same rules to the
   * files it is given, except that a file the user named itself meets only the user's own patterns.
   */
  readonly ignoredBy?: (relativePath: string) => string | undefined;
  /** Called between files; throw from it to stop reading (cancellation). */
  readonly checkpoint?: () => void;
  readonly onProgress?: (progress: AnalysisProgress) => void;
}

export interface ReadResult {
  readonly files: SourceFile[];
  readonly skipped: SkippedFile[];
}

/** A root that does not exist or cannot be opened: the whole request is wrong, not one file. */
export class LocalInputError extends Error {
  override readonly name = 'LocalInputError';
  constructor(
    message: string,
    readonly inputPath: string,
    /** 'notFound' when the path does not exist, 'unreadable' when it exists but cannot be opened. */
    readonly reason: 'notFound' | 'unreadable',
  ) {
    super(message);
  }

  static is(error: unknown): error is LocalInputError {
    return error instanceof LocalInputError;
  }
}

/** A file found under the roots, listed before it is read. */
export interface Candidate {
  /** Path for the report: as given for a file root, relative (with `/`) for files under a folder root. */
  readonly reportPath: string;
  readonly absolutePath: string;
  readonly size: number;
  /** For a file root: its base name, so its folders neither name its model nor meet an ignore rule. */
  readonly modelPath?: string;
  /** Named by the user as a root (see SourceFileInfo.named). */
  readonly named?: boolean;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function toReportPath(relative: string): string {
  return relative.split(path.sep).join('/');
}

/** Walks one folder root depth-first in name order, so the file order (and so the report) is stable. */
async function walkFolder(root: string, side: Side, options: ReadOptions, candidates: Candidate[], skipped: SkippedFile[]): Promise<void> {
  const pending: string[] = [root];
  while (pending.length > 0) {
    const folder = pending.pop()!;
    options.checkpoint?.();
    const relativeFolder = toReportPath(path.relative(root, folder));
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      skipped.push({ path: relativeFolder || '.', side, reason: 'unreadable', detail: errorMessage(error) });
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subfolders: string[] = [];
    for (const entry of entries) {
      const absolutePath = path.join(folder, entry.name);
      const reportPath = relativeFolder ? `${relativeFolder}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink()) {
        // Links can point outside the logs or form loops; log archives never need them.
        skipped.push({ path: reportPath, side, reason: 'symlink' });
        continue;
      }
      if (entry.isDirectory()) {
        subfolders.push(absolutePath);
        continue;
      }
      if (!entry.isFile()) {
        skipped.push({ path: reportPath, side, reason: 'unreadable', detail: 'not a regular file' });
        continue;
      }
      const rule = options.ignoredBy?.(reportPath);
      if (rule !== undefined) {
        skipped.push({ path: reportPath, side, reason: 'ignored', detail: rule });
        continue;
      }
      try {
        const info = await lstat(absolutePath);
        candidates.push({ reportPath, absolutePath, size: info.size });
      } catch (error) {
        skipped.push({ path: reportPath, side, reason: 'unreadable', detail: errorMessage(error) });
      }
    }
    // Reverse so that popping visits subfolders in name order.
    for (let i = subfolders.length - 1; i >= 0; i--) pending.push(subfolders[i]!);
  }
}

async function collect(roots: readonly string[], side: Side, options: ReadOptions, skipped: SkippedFile[]): Promise<Candidate[]> {
  const candidates: Candidate[] = [];
  /** The folder root each candidate was found under, by index. */
  const folderRoot = new Map<number, string>();
  // A path given twice (`logs logs/`) names the same files once.
  const seen = new Set<string>();
  for (const root of roots) {
    const resolved = path.resolve(root);
    if (seen.has(resolved)) continue;
    seen.add(resolved);
    let info;
    try {
      // Roots are followed even when they are links: the user named them.
      info = await stat(root);
    } catch (error) {
      const code = errorCode(error);
      const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable (permission denied)' : `cannot be opened (${errorMessage(error)})`;
      throw new LocalInputError(`The ${side} path ${root} ${why}.`, root, code === 'ENOENT' ? 'notFound' : 'unreadable');
    }
    if (info.isDirectory()) {
      const first = candidates.length;
      await walkFolder(path.resolve(root), side, options, candidates, skipped);
      for (let index = first; index < candidates.length; index += 1) folderRoot.set(index, root);
    } else if (info.isFile()) {
      candidates.push({ reportPath: root, absolutePath: path.resolve(root), size: info.size, modelPath: path.basename(root), named: true });
    } else {
      skipped.push({ path: root, side, reason: 'unreadable', detail: 'not a regular file' });
    }
  }
  return side === 'target' ? distinctTargetPaths(candidates, folderRoot) : candidates;
}

/**
 * Two target folders may hold files of the same relative path (`run1/job.log`, `run2/job.log`): the report would
 * show two files of one name, and a reader could not tell them apart. Those found under a folder then carry the
 * folder as given in front (`run2/job.log`), and keep their relative path for the file model. Baselines keep
 * theirs: the same relative path in several baseline folders is what makes them one model.
 */
function distinctTargetPaths(candidates: Candidate[], folderRoot: ReadonlyMap<number, string>): Candidate[] {
  const count = new Map<string, number>();
  for (const candidate of candidates) count.set(candidate.reportPath, (count.get(candidate.reportPath) ?? 0) + 1);
  const prefixed = candidates.map((candidate, index) => {
    const root = folderRoot.get(index);
    if (root === undefined || (count.get(candidate.reportPath) ?? 0) < 2) return candidate;
    const prefix = toReportPath(root).replace(/\/+$/, '');
    return { ...candidate, reportPath: `${prefix}/${candidate.reportPath}`, modelPath: candidate.modelPath ?? candidate.reportPath };
  });
  // A prefixed path can meet another file's own path (`run1` holding `x` and `run2/x`, and `run2` holding `x`), and
  // a file named on its own can share a folder file's path: the later ones are then numbered, so no two files of one
  // report share a path (the panel, the decorations and outside tools key files by it).
  const taken = new Set<string>();
  return prefixed.map((candidate) => {
    let reportPath = candidate.reportPath;
    for (let copy = 2; taken.has(reportPath); copy += 1) reportPath = `${candidate.reportPath} (${copy})`;
    taken.add(reportPath);
    return reportPath === candidate.reportPath ? candidate : { ...candidate, reportPath, modelPath: candidate.modelPath ?? candidate.reportPath };
  });
}

/** Lines of a file for progress: counted in the text without splitting it, which the engine does later. */
function countLines(content: SourceContent): number {
  if (content.lines !== undefined) return content.lines.length;
  const text = content.text;
  let lines = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
  return text.length > 0 && !text.endsWith('\n') ? lines + 1 : lines;
}

export type ReadOutcome = { readonly file: SourceFile; readonly lines: number } | { readonly skip: SkippedFile };

/** Reads and decodes one listed file; a file that cannot be used becomes a skip entry, never an exception. */
export async function readCandidate(candidate: Candidate, side: Side, maxFileBytes = DEFAULT_MAX_FILE_BYTES): Promise<ReadOutcome> {
  const skip = (reason: SkipReason, detail?: string): ReadOutcome => ({
    skip: detail === undefined ? { path: candidate.reportPath, side, reason } : { path: candidate.reportPath, side, reason, detail },
  });
  if (candidate.size > maxFileBytes) return skip('tooLarge', `${formatBytes(candidate.size)} on disk, over the ${formatBytes(maxFileBytes)} limit`);
  let raw: Buffer;
  try {
    raw = await readFile(candidate.absolutePath);
  } catch (error) {
    return skip('unreadable', errorMessage(error));
  }
  // The file may have grown since it was listed.
  if (raw.length > maxFileBytes) return skip('tooLarge', `${formatBytes(raw.length)} on disk, over the ${formatBytes(maxFileBytes)} limit`);
  let decoded: Awaited<ReturnType<typeof decodeLogContent>>;
  try {
    decoded = await decodeLogContent(raw, maxFileBytes);
  } catch (error) {
    // Whatever the decoder could not hold (memory, a string past V8's limit) costs this file, not the analysis.
    return skip('tooLarge', `${formatBytes(raw.length)} could not be decoded: ${errorMessage(error)}`);
  }
  if (decoded.kind === 'skip') return skip(decoded.reason, decoded.detail);
  const file: SourceFile = {
    path: candidate.reportPath,
    ...decoded.content,
    localPath: candidate.absolutePath,
    ...(candidate.modelPath ? { modelPath: candidate.modelPath } : {}),
    ...(candidate.named === true ? { named: true } : {}),
  };
  return { file, lines: countLines(decoded.content) };
}

/**
 * Lists the files under the given roots (files or folders) for one side without reading them, in the order
 * `readInputs` reads them, so a caller can read them one at a time. Throws LocalInputError when a root itself
 * cannot be opened; links, ignored and special files become skip entries.
 */
export async function listInputs(roots: readonly string[], side: Side, options: ReadOptions = {}): Promise<{ candidates: Candidate[]; skipped: SkippedFile[] }> {
  const skipped: SkippedFile[] = [];
  const candidates = await collect(roots, side, options, skipped);
  return { candidates, skipped };
}

/**
 * Reads every file under the given roots (files or folders) for one side. Paths in the result are as given
 * for file roots and relative to the root for files found under a folder root. Throws LocalInputError when
 * a root itself cannot be opened; everything else becomes a skipped entry.
 */
export async function readInputs(roots: readonly string[], side: Side, options: ReadOptions = {}): Promise<ReadResult> {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const { candidates, skipped } = await listInputs(roots, side, options);
  const outcomes: (ReadOutcome | undefined)[] = new Array(candidates.length);
  let next = 0;
  let done = 0;
  let lines = 0;
  const concurrency = Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, candidates.length));
  const readNext = async (): Promise<void> => {
    while (next < candidates.length) {
      options.checkpoint?.();
      const index = next++;
      const outcome = await readCandidate(candidates[index]!, side, maxFileBytes);
      outcomes[index] = outcome;
      done++;
      if ('file' in outcome) lines += outcome.lines;
      options.onProgress?.({ phase: 'read', files: done, totalFiles: candidates.length, lines });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, readNext));
  options.checkpoint?.();
  const files: SourceFile[] = [];
  for (const outcome of outcomes) {
    if (!outcome) continue;
    if ('file' in outcome) files.push(outcome.file);
    else skipped.push(outcome.skip);
  }
  return { files, skipped };
}
