// Downloads a Zuul log tree: file list from zuul-manifest.json (or a bounded crawl of index pages), glob filters,
// gzip/xz decoded by magic bytes, size caps, limited concurrency, progress and cancellation throughout.
import { promises as fs } from 'node:fs';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { SkippedFile } from '../core/report';
import { OutsideCacheError, decodedSegment, resolveInside, safeRelativePath, type CachedFile } from './cache';
import { decodeLogBytes, isGzip, isXz } from './decode';
import { decodeByMagic } from './decompress';
import { isSelected } from './glob';
import type { HttpClient } from './http';
import { SourceError, displayUrl, throwIfAborted } from './sourceError';

export interface RemoteFile {
  /** Safe relative path, '/'-separated, as it will be stored (before the .gz/.xz suffix is dropped). */
  readonly path: string;
  readonly url: string;
  readonly size?: number;
  readonly mimetype?: string;
}

export interface FileListing {
  readonly files: RemoteFile[];
  /** Entries refused while listing (unsafe names), never dropped silently. */
  readonly skipped: SkippedFile[];
  readonly from: 'manifest' | 'crawl' | 'single';
}

export interface DownloadOptions {
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly concurrency: number;
  readonly maxFileBytes: number;
  readonly maxTotalBytes: number;
  /** Index pages fetched at most while crawling a tree without manifest. */
  readonly maxCrawlRequests?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: { files: number; totalFiles: number; bytes: number; message: string }) => void;
  /** Manifest URL from the build's artifacts, when known. */
  readonly manifestUrl?: string;
  /** The system whose file names the tree is stored for (see caseDistinctPaths); for tests. */
  readonly platform?: NodeJS.Platform;
}

/** Files nobody reads as text: skipped by type before any byte is fetched. */
const BINARY_TYPE = /^(image|audio|video|font)\/|^application\/(octet-stream|zip|x-tar|x-sqlite3|vnd\.|pdf|x-rpm|java-archive)/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Percent-encodes each segment of a relative path for a URL (`LNXSYSTM:00` → `LNXSYSTM%3A00`). */
export function encodePath(segments: readonly string[]): string {
  return segments.map((s) => encodeURIComponent(s)).join('/');
}

/** Folder depth of a manifest tree beyond which nothing is listed. */
const MAX_MANIFEST_DEPTH = 64;

/** Walks a zuul-manifest.json tree into files; names that could escape the folder are listed as skipped. */
export function manifestFiles(manifest: unknown, baseUrl: string): { files: RemoteFile[]; skipped: SkippedFile[] } {
  if (!isRecord(manifest) || !Array.isArray(manifest.tree)) throw new SourceError('badResponse', 'zuul-manifest.json has no "tree".', baseUrl);
  const files: RemoteFile[] = [];
  const skipped: SkippedFile[] = [];
  const walk = (nodes: readonly unknown[], parents: readonly string[], depth: number): void => {
    if (depth > MAX_MANIFEST_DEPTH) {
      // Real log trees are a few levels deep; a deeper one is hostile or broken, and still never dropped silently.
      skipped.push({ path: parents.join('/').slice(0, 300), side: 'target', reason: 'unreadable', detail: `folder nested deeper than ${MAX_MANIFEST_DEPTH} levels in zuul-manifest.json (not listed)` });
      return;
    }
    for (const node of nodes) {
      if (!isRecord(node) || typeof node.name !== 'string') continue;
      const segments = [...parents, node.name];
      const safe = safeRelativePath(segments);
      if (safe === undefined) {
        skipped.push({ path: segments.join('/'), side: 'target', reason: 'unreadable', detail: 'unsafe file name in zuul-manifest.json (refused)' });
        continue;
      }
      if (node.mimetype === 'application/directory' || Array.isArray(node.children)) {
        walk(Array.isArray(node.children) ? node.children : [], segments, depth + 1);
        continue;
      }
      files.push({
        path: safe, url: baseUrl + encodePath(segments),
        ...(typeof node.size === 'number' ? { size: node.size } : {}),
        ...(typeof node.mimetype === 'string' ? { mimetype: node.mimetype } : {}),
      });
    }
  };
  walk(manifest.tree, [], 0);
  return { files, skipped };
}

// logjuicer's href pattern, plus the Apache/nginx "Index of" forms LogReduce crawled, read one tag at a time: with
// `<a\s[^>]*href="…"` over the whole page, a page of `<a ` without `>` made every match attempt scan to its end,
// a quadratic freeze of the extension host that a hostile log server could trigger (13 s for 8 MiB even with the
// attributes bounded to 1 KiB).
const ANCHOR_START = /<a\s/gi;
const HREF_IN_TAG = /href="(?:\.\/)*([\\/a-zA-Z0-9%_~.-][^"]*)"/i;

/** The href of each `<a …>` tag of an index page, in order. */
export function anchorHrefs(html: string): string[] {
  const hrefs: string[] = [];
  ANCHOR_START.lastIndex = 0;
  for (let start = ANCHOR_START.exec(html); start !== null; start = ANCHOR_START.exec(html)) {
    const end = html.indexOf('>', start.index);
    // No tag closes after this one, so none after it can either.
    if (end < 0) break;
    const href = HREF_IN_TAG.exec(html.slice(start.index, end))?.[1];
    if (href !== undefined) hrefs.push(href);
    ANCHOR_START.lastIndex = end + 1;
  }
  return hrefs;
}

/**
 * Crawls index pages under `baseUrl` (breadth first), staying under the base, skipping /etc/, /proc/, /sys/ and
 * sort links, with at most `maxRequests` pages; a 404 page is an empty listing.
 */
export async function crawlIndex(http: HttpClient, baseUrl: string, options: { maxRequests: number; signal?: AbortSignal }): Promise<{ files: RemoteFile[]; skipped: SkippedFile[] }> {
  const files = new Map<string, RemoteFile>();
  const skipped: SkippedFile[] = [];
  const queue: string[] = [baseUrl];
  const seen = new Set<string>([baseUrl]);
  let requests = 0;
  while (queue.length > 0) {
    throwIfAborted(options.signal);
    const dirUrl = queue.shift() ?? '';
    if (requests++ >= options.maxRequests) {
      skipped.push({ path: dirUrl.slice(baseUrl.length), side: 'target', reason: 'tooLarge', detail: `crawl stopped after ${options.maxRequests} index pages` });
      break;
    }
    let html: string;
    try {
      const page = await http.get(dirUrl, { purpose: 'logs', maxBytes: 8 * 1024 * 1024, ...(options.signal ? { signal: options.signal } : {}) });
      if (!/html/i.test(page.contentType) && !/^\s*</.test(page.body.subarray(0, 64).toString())) continue;
      html = page.body.toString('utf8');
    } catch (error) {
      if (SourceError.is(error, 'notFound') && dirUrl !== baseUrl) continue;
      throw error;
    }
    // Zuul's htmlify pages end their listing before a "Logs of interest" section that repeats links.
    const listing = html.split(/Logs of interest/i)[0] ?? html;
    for (const anchor of anchorHrefs(listing)) {
      const href = anchor.replace(/&amp;/g, '&');
      if (href.startsWith('?') || href.startsWith('#') || /^\.\.?\/?$/.test(href) || href.startsWith('../')) continue;
      let target: URL;
      try {
        target = new URL(href, dirUrl);
      } catch {
        continue;
      }
      target.hash = '';
      target.search = '';
      const absolute = target.toString();
      if (!absolute.startsWith(baseUrl) || absolute === baseUrl) continue;
      const relative = absolute.slice(baseUrl.length);
      if (/(^|\/)(etc|proc|sys)\//.test(relative)) continue;
      if (relative.endsWith('/') || relative.endsWith('index.html')) {
        const dir = relative.endsWith('index.html') ? absolute.slice(0, -'index.html'.length) : absolute;
        if (!seen.has(dir)) {
          seen.add(dir);
          queue.push(dir);
        }
        continue;
      }
      const segments = relative.split('/').map(decodedSegment);
      const safe = safeRelativePath(segments);
      if (safe === undefined) {
        skipped.push({ path: relative, side: 'target', reason: 'unreadable', detail: 'unsafe file name in an index page (refused)' });
        continue;
      }
      if (!files.has(safe)) files.set(safe, { path: safe, url: absolute });
    }
  }
  return { files: [...files.values()], skipped };
}

/** The file list of a log directory: the manifest when there is one, else a crawl of its index pages. */
export async function listLogFiles(http: HttpClient, treeUrl: string, options: DownloadOptions): Promise<FileListing> {
  // A query or fragment pasted with the folder's URL (`…/logs/abc/?tab=x`) is the page's, not the tree's: the
  // files' URLs are made from the folder alone.
  const baseUrl = withoutQuery(treeUrl);
  const manifestUrl = options.manifestUrl ?? `${baseUrl}zuul-manifest.json`;
  try {
    const result = await http.get(manifestUrl, { purpose: 'logs', maxBytes: 32 * 1024 * 1024, ...(options.signal ? { signal: options.signal } : {}) });
    const body = await decodeByMagic(result.body, 256 * 1024 * 1024, 'zuul-manifest.json');
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      json = undefined;
    }
    if (json !== undefined) {
      const listed = manifestFiles(json, baseUrl);
      return { ...listed, from: 'manifest' };
    }
  } catch (error) {
    if (!SourceError.is(error, 'notFound')) throw error;
  }
  const crawled = await crawlIndex(http, baseUrl, { maxRequests: options.maxCrawlRequests ?? 2500, ...(options.signal ? { signal: options.signal } : {}) });
  return { ...crawled, from: 'crawl' };
}

function withoutQuery(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.search = '';
    parsed.hash = '';
    return parsed.toString();
  } catch {
    return url;
  }
}

/** Whether a failure to store a file comes from its name (it clashes, is too long, or would leave the folder). */
export function isNameProblem(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (code === undefined) return error instanceof OutsideCacheError;
  return ['EEXIST', 'ENOTDIR', 'EISDIR', 'ENAMETOOLONG', 'EINVAL', 'EILSEQ', 'ENOENT'].includes(String(code));
}

/** A compressed log's name without its `.gz`/`.xz` suffix: the name it is stored under once decoded. */
function withoutCompression(relative: string): string {
  const plain = relative.replace(/\.(gz|xz)$/i, '');
  // `...gz` would become `..`, and `x/.gz` a folder's name; Windows drops a name's trailing dots and spaces (`x..gz`
  // would be stored as `x`, `nul .gz` as the NUL device). Such a file keeps its suffix.
  const last = plain.slice(plain.lastIndexOf('/') + 1);
  return last === '' || last === '.' || last === '..' || /[. ]$/.test(last) ? relative : plain;
}

/** Whether the system's file names ignore case by default (macOS and Windows): `Foo.log` and `foo.log` are one file. */
export function ignoresCase(platform: NodeJS.Platform): boolean {
  return platform === 'darwin' || platform === 'win32';
}

/**
 * A name as the system compares names: lower case where case is ignored, and on macOS also composed (`café` and
 * `cafe` + U+0301 are one file there). Two names that fold alike are one file on that system.
 */
export function nameFold(platform: NodeJS.Platform): (name: string) => string {
  if (platform === 'darwin') return (name) => name.normalize('NFC').toLowerCase();
  return ignoresCase(platform) ? (name) => name.toLowerCase() : (name) => name;
}

/**
 * The stored path of each of `paths`, distinct even where the file system ignores case. There, folders whose names
 * differ only by case are one folder, so each takes the spelling of its first path in code-point order (the report
 * then names files as the disk lists them); of file names equal but for case, the first keeps its name and the
 * others get a number from a hash of the path before their first dot (`foo-12345678.log.txt`), which file-model
 * naming drops, so they still meet the baseline's `foo.log`. Two builds with the same names store them alike.
 * Elsewhere every path is kept.
 */
export function caseDistinctPaths(paths: readonly string[], platform: NodeJS.Platform = process.platform): Map<string, string> {
  const stored = new Map<string, string>(paths.map((name) => [name, name]));
  if (!ignoresCase(platform)) return stored;
  const fold = nameFold(platform);
  const folderSpelling = new Map<string, string>();
  const claimed = new Set<string>();
  for (const name of [...new Set(paths)].sort()) {
    const segments = name.split('/');
    const base = segments.pop() ?? '';
    let folder = '';
    for (const segment of segments) {
      const spelled = folder === '' ? segment : `${folder}/${segment}`;
      const known = folderSpelling.get(fold(spelled));
      folder = known ?? spelled;
      if (known === undefined) folderSpelling.set(fold(spelled), spelled);
    }
    const prefix = folder === '' ? '' : `${folder}/`;
    let candidate = `${prefix}${base}`;
    // The number goes before the first dot (not counting a leading one), so every suffix the model naming reads
    // (`.log.txt`, `.log.1`, `.gz`) stays as it was; a name some other file holds already takes the next number.
    const dot = base.indexOf('.', 1);
    const stem = dot < 0 ? base : base.slice(0, dot);
    const suffixes = dot < 0 ? '' : base.slice(dot);
    for (let attempt = 0; claimed.has(fold(candidate)); attempt += 1) {
      const number = String(parseInt(createHash('sha256').update(`${name}\u0000${attempt}`).digest('hex').slice(0, 8), 16) % 1e8).padStart(8, '0');
      candidate = `${prefix}${stem}-${number}${suffixes}`;
    }
    claimed.add(fold(candidate));
    stored.set(name, candidate);
  }
  return stored;
}

/**
 * Which compressed logs may drop their suffix once decoded: those whose plain name no other file of the tree holds
 * (nor, where case is ignored, holds but for case), the first in code-point order winning a contested name. Decided
 * before any download, so it does not depend on which file arrives first.
 */
function decodableNames(paths: readonly string[], fold: (name: string) => string): Set<string> {
  const taken = new Set(paths.map(fold));
  const decodable = new Set<string>();
  for (const name of [...paths].sort()) {
    const plain = withoutCompression(name);
    if (plain === name || plain === '' || plain.endsWith('/') || taken.has(fold(plain))) continue;
    taken.add(fold(plain));
    decodable.add(name);
  }
  return decodable;
}

/**
 * A downloaded tree. `incomplete`: some files failed for a reason that may pass (a network error, a timeout, a server
 * error on every attempt), so the tree serves this analysis but is downloaded again by the next one.
 */
export interface DownloadedTree {
  readonly files: CachedFile[];
  readonly skipped: SkippedFile[];
  readonly incomplete?: boolean;
  /** Listed files the include/exclude settings left out (not listed as skipped: the user asked for that). */
  readonly filtered?: number;
}

/**
 * Downloads `listing` into `destDir`. Files over the per-file cap, over the total cap, binary by type or failing
 * after retries are recorded as skipped; cancellation, login and authorization failures stop everything.
 */
export async function downloadFiles(http: HttpClient, listing: FileListing, destDir: string, options: DownloadOptions): Promise<DownloadedTree> {
  const skipped: SkippedFile[] = [...listing.skipped];
  let incomplete = false;
  const chosen: RemoteFile[] = [];
  let filtered = 0;
  for (const file of listing.files) {
    if (!isSelected(file.path, options.include, options.exclude)) {
      filtered += 1;
      continue;
    }
    if (file.mimetype !== undefined && BINARY_TYPE.test(file.mimetype)) {
      skipped.push({ path: file.path, side: 'target', reason: 'binary', detail: `type ${file.mimetype}` });
      continue;
    }
    if (file.size !== undefined && file.size > options.maxFileBytes) {
      skipped.push({ path: file.path, side: 'target', reason: 'tooLarge', detail: `${file.size} bytes, over the ${options.maxFileBytes}-byte per-file cap` });
      continue;
    }
    chosen.push(file);
  }
  const platform = options.platform ?? process.platform;
  const distinct = caseDistinctPaths(chosen.map((file) => file.path), platform);
  /** The name in the listing of each renamed file: skipped files are reported by it, like those skipped above. */
  const listedName = new Map<string, string>();
  for (const [index, file] of chosen.entries()) {
    const stored = distinct.get(file.path) ?? file.path;
    if (stored !== file.path) listedName.set(stored, file.path);
    chosen[index] = { ...file, path: stored };
  }
  const listed = (file: RemoteFile): string => listedName.get(file.path) ?? file.path;
  const decodable = decodableNames(chosen.map((file) => file.path), nameFold(platform));
  const done: CachedFile[] = [];
  let bytes = 0;
  /**
   * Bytes of decoded text stored, and being written: what the total cap bounds (a small gzip can unpack to a thousand
   * times more). A file that does not fit only because of writes still in flight waits for them (one may fail).
   */
  let storedBytes = 0;
  let writingBytes = 0;
  let writesSettled: Promise<void> = Promise.resolve();
  let settleWrites = (): void => undefined;
  let finished = 0;
  let totalExceeded = false;
  const report = (message: string): void => options.onProgress?.({ files: finished, totalFiles: chosen.length, bytes, message });
  report(`Downloading ${chosen.length} files`);

  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < chosen.length) {
      throwIfAborted(options.signal);
      const file = chosen[next++];
      if (file === undefined) break;
      if (totalExceeded) {
        skipped.push({ path: listed(file), side: 'target', reason: 'tooLarge', detail: `download stopped at the ${options.maxTotalBytes}-byte total cap` });
        finished++;
        report(file.path);
        continue;
      }
      try {
        const result = await http.get(file.url, {
          purpose: 'logs', maxBytes: options.maxFileBytes,
          onBytes: (n) => {
            bytes += n;
          },
          ...(options.signal ? { signal: options.signal } : {}),
        });
        if (bytes > options.maxTotalBytes) totalExceeded = true;
        const decoded = await decodeOrSkip(result.body, options.maxFileBytes);
        if (decoded.kind === 'skip') {
          // Empty files are kept (an empty log is a fact); binary, too large or corrupt ones are reported.
          if (decoded.reason !== 'empty') {
            skipped.push({ path: listed(file), side: 'target', reason: decoded.reason, detail: decoded.detail });
            finished++;
            report(file.path);
            continue;
          }
        }
        const text = decoded.kind === 'text' ? decoded.text : '';
        const size = Buffer.byteLength(text);
        while (writingBytes > 0 && storedBytes + writingBytes + size > options.maxTotalBytes) await writesSettled;
        if (storedBytes + size > options.maxTotalBytes) {
          totalExceeded = true;
          skipped.push({ path: listed(file), side: 'target', reason: 'tooLarge', detail: `download stopped at the ${options.maxTotalBytes}-byte total cap (decompressed)` });
          finished++;
          report(file.path);
          continue;
        }
        if (writingBytes === 0) writesSettled = new Promise<void>((resolve) => (settleWrites = resolve));
        writingBytes += size;
        const name = (isGzip(result.body) || isXz(result.body)) && decodable.has(file.path) ? withoutCompression(file.path) : file.path;
        let stored = false;
        try {
          const local = resolveInside(destDir, name);
          await fs.mkdir(path.dirname(local), { recursive: true });
          await fs.writeFile(local, text);
          stored = true;
        } catch (error) {
          // A manifest may list `a` as a file and as a folder (or `x.gz` stored as `x` beside a folder `x/`), or a
          // name too long for the file system: such a file cannot be stored. That is one skipped file, not a failed
          // download. Any other failure (a full disk, too many open files) fails the download, as before.
          if (!isNameProblem(error)) throw error;
          const code = (error as { code?: unknown }).code;
          const why = typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
          skipped.push({ path: listed(file), side: 'target', reason: 'unreadable', detail: `could not be stored under its name in the log tree (${why})` });
        } finally {
          writingBytes -= size;
          if (stored) storedBytes += size;
          if (writingBytes === 0) settleWrites();
        }
        if (!stored) {
          finished++;
          report(file.path);
          continue;
        }
        done.push({ path: name, url: file.url, bytes: size });
      } catch (error) {
        if (SourceError.is(error, 'tooLarge')) skipped.push({ path: listed(file), side: 'target', reason: 'tooLarge', detail: error.message });
        else if (SourceError.is(error) && ['notFound', 'network', 'timeout', 'badResponse', 'expired', 'redirectLoop'].includes(error.reason)) {
          skipped.push({ path: listed(file), side: 'target', reason: 'unreadable', detail: error.message });
          if (error.reason === 'network' || error.reason === 'timeout') incomplete = true;
        } else throw error;
      }
      finished++;
      report(file.path);
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(options.concurrency, chosen.length)) }, () => worker());
  // Every worker settles before the error propagates, so no write lands in the folder after we give up on it.
  const results = await Promise.allSettled(workers);
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
  // Workers that finished their last file after a cancel did not see it: the tree is not complete.
  throwIfAborted(options.signal);
  done.sort((a, b) => a.path.localeCompare(b.path));
  return { files: done, skipped, ...(incomplete ? { incomplete } : {}), ...(filtered > 0 ? { filtered } : {}) };
}

/**
 * `decodeLogBytes`, with what the decoder cannot hold (a text past V8's longest string, about 512 MiB, when the
 * per-file cap was raised that far; memory) made the file's skip rather than the whole download's failure.
 */
async function decodeOrSkip(bytes: Buffer, maxFileBytes: number): Promise<Awaited<ReturnType<typeof decodeLogBytes>>> {
  try {
    return await decodeLogBytes(bytes, maxFileBytes);
  } catch (error) {
    if (SourceError.is(error)) throw error;
    return { kind: 'skip', reason: 'tooLarge', detail: `${bytes.length} bytes could not be decoded: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** A single log file URL: tries `X` then `X.gz` (rsync servers publish compressed files only). */
export async function downloadSingleFile(http: HttpClient, url: string, destDir: string, options: DownloadOptions): Promise<DownloadedTree> {
  const name = decodedSegment(new URL(url).pathname.split('/').pop() ?? 'log.txt');
  const safe = safeRelativePath([name]) ?? 'log.txt';
  let result;
  let fetched = url;
  try {
    result = await http.get(url, { purpose: 'logs', maxBytes: options.maxFileBytes, ...(options.signal ? { signal: options.signal } : {}) });
  } catch (error) {
    if (!SourceError.is(error, 'notFound') || url.endsWith('.gz')) throw error;
    fetched = `${url}.gz`;
    result = await http.get(fetched, { purpose: 'logs', maxBytes: options.maxFileBytes, ...(options.signal ? { signal: options.signal } : {}) });
  }
  options.onProgress?.({ files: 1, totalFiles: 1, bytes: result.body.length, message: displayUrl(fetched) });
  const decoded = await decodeOrSkip(result.body, options.maxFileBytes);
  if (decoded.kind === 'skip' && decoded.reason !== 'empty') {
    throw new SourceError(decoded.reason === 'tooLarge' ? 'tooLarge' : 'badResponse', `${displayUrl(fetched)} cannot be analysed: ${decoded.detail}.`, displayUrl(fetched));
  }
  const text = decoded.kind === 'text' ? decoded.text : '';
  const stored = (isGzip(result.body) || isXz(result.body) ? safe.replace(/\.(gz|xz)$/i, '') : safe) || safe;
  throwIfAborted(options.signal);
  await fs.writeFile(resolveInside(destDir, stored), text);
  return { files: [{ path: stored, url: fetched, bytes: Buffer.byteLength(text) }], skipped: [] };
}
