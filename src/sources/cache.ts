// On-disk cache of downloaded log trees, one folder per build uuid (or per log URL), reused across analyses and
// restarts. A tree is filled in a temporary folder and renamed into place after its marker is written, so a
// cancelled or crashed download is never mistaken for a complete one. Size-capped with least-recently-used eviction.
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { SkippedFile } from '../core/report';
import { isPathInside } from './pathInside';
import { displayUrl } from './sourceError';

const MARKER = '.complete.json';
const FILES = 'files';
/** File-name bytes most file systems accept; longer names are shortened with a hash suffix. */
const MAX_NAME_BYTES = 200;

export interface CachedFile {
  /** Path relative to the files folder, '/'-separated. */
  readonly path: string;
  readonly url?: string;
  readonly bytes: number;
}

export interface CacheMeta {
  readonly key: string;
  readonly url: string;
  /** Download settings the tree was made with (include/exclude, caps): another fingerprint means download again. */
  readonly fingerprint: string;
  readonly files: readonly CachedFile[];
  readonly skipped: readonly SkippedFile[];
  readonly bytes: number;
  readonly createdAt: string;
  /** Listed files the include/exclude settings left out. */
  readonly filtered?: number;
  /**
   * Some files failed for a reason that may pass (see DownloadedTree): the entry serves the analysis that made it
   * and offline fallbacks, but is not reused by a run that can reach the servers.
   */
  readonly incomplete?: boolean;
}

export interface CacheEntry {
  /** Folder holding the log tree. */
  readonly dir: string;
  readonly meta: CacheMeta;
}

/** A URL path segment decoded, or as it is when it is no valid percent-encoding (`coverage-100%.txt`). */
export function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Turns manifest or crawled name segments into a safe relative path, or undefined when a segment could escape the
 * folder or is not a file name: '..', '.', empty, '/', '\\', NUL and control characters, absolute paths, and
 * percent-encoded forms of those (`%2e%2e`, `%2f`), since some layer may decode them later. Over-long segments are
 * shortened (with a hash, so distinct names stay distinct). On Windows, names it cannot hold as given are rewritten
 * (see windowsSafeName); `platform` is there for tests.
 */
export function safeRelativePath(segments: readonly string[], platform: NodeJS.Platform = process.platform): string | undefined {
  if (segments.length === 0) return undefined;
  const out: string[] = [];
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..') return undefined;
    if (/[/\\\u0000-\u001f\u007f]/.test(segment)) return undefined;
    const decoded = decodedSegment(segment);
    if (decoded === '.' || decoded === '..' || /[/\\\u0000]/.test(decoded)) return undefined;
    if (/^[a-zA-Z]:$/.test(segment)) return undefined;
    out.push(shortenName(platform === 'win32' ? windowsSafeName(segment) : segment));
  }
  return out.join('/');
}

/** Characters Windows refuses in a file name, or a trailing dot or space, which it drops. */
const WINDOWS_UNSAFE = /[<>:"|?*]|[. ]$/;
/** Windows device names, which stay devices whatever extension follows (`nul.txt`, `COM1.log`). */
const WINDOWS_DEVICE = /^(?:con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3])(?:\.|$)/i;

/**
 * A name Windows can hold as a plain file. Log names from Linux jobs may hold a `:` (time stamps), and on Windows
 * `a:b.log` would write the stream `b.log` of a file `a`; `CON.log` would write to the console; `x.` and `x` would
 * be one file. Such names are rewritten with `_`, a leading `_`, and a hash of the original, so distinct names stay
 * distinct (and baseline and target files of one name still share a model). Other names are kept as they are.
 */
function windowsSafeName(name: string): string {
  if (!WINDOWS_UNSAFE.test(name) && !WINDOWS_DEVICE.test(name)) return name;
  const replaced = name.replace(/[<>:"|?*]/g, '_').replace(/[. ]+$/, '');
  const ext = extensionOf(replaced);
  return `_${replaced.slice(0, replaced.length - ext.length)}~${nameHash(name, 8)}${ext}`;
}

function shortenName(name: string): string {
  if (Buffer.byteLength(name) <= MAX_NAME_BYTES) return name;
  let head = name.slice(0, 120);
  while (Buffer.byteLength(head) > 120) head = head.slice(0, -1);
  return `${head}~${nameHash(name, 16)}${extensionOf(name)}`;
}

/** The extension a rewritten name keeps, so editors still know the file's type. */
function extensionOf(name: string): string {
  return /\.[A-Za-z0-9]{1,8}$/.exec(name)?.[0] ?? '';
}

/** A hash of the original name, which keeps rewritten names as distinct as the names they come from. */
function nameHash(name: string, length: number): string {
  return createHash('sha256').update(name).digest('hex').slice(0, length);
}

/** `resolveInside`'s refusal, told apart by its type (a download skips such a file rather than failing). */
export class OutsideCacheError extends Error {}

/** Joins a safe relative path under `root`, refusing anything that resolves outside it (defence in depth). */
export function resolveInside(root: string, relative: string): string {
  const resolved = path.resolve(root, ...relative.split('/'));
  const base = path.resolve(root);
  if (!isPathInside(base, resolved)) throw new OutsideCacheError(`Refusing to write outside the cache: ${relative}`);
  return resolved;
}

/** Cache key for a build uuid, or a hash of the log URL when no build is known. */
export function cacheKey(uuid: string | undefined, url: string): string {
  if (uuid !== undefined && /^[A-Za-z0-9_-]{1,64}$/.test(uuid)) return uuid;
  return `url-${createHash('sha256').update(url).digest('hex').slice(0, 32)}`;
}

export class LogCache {
  constructor(readonly root: string, readonly maxBytes: number) {}

  private get buildsDir(): string {
    return path.join(this.root, 'builds');
  }

  private get tmpDir(): string {
    return path.join(this.root, 'tmp');
  }

  /**
   * A complete entry for the key and fingerprint, marked as just used; undefined otherwise. An entry some files of
   * which failed for a passing reason counts only with `acceptIncomplete` (an offline fallback).
   */
  async lookup(key: string, fingerprint: string, { acceptIncomplete = false }: { acceptIncomplete?: boolean } = {}): Promise<CacheEntry | undefined> {
    const dir = path.join(this.buildsDir, key);
    if (!(await readMeta(dir))) return undefined;
    // Looked at and marked as used under the key's lock: an eviction waiting for that lock then sees the fresh use
    // and leaves the entry to its reader (see evict).
    return this.withKeyLock(key, async () => {
      const meta = await readMeta(dir);
      if (!meta || meta.fingerprint !== fingerprint || (meta.incomplete === true && !acceptIncomplete)) return undefined;
      const now = new Date();
      await fs.utimes(path.join(dir, MARKER), now, now).catch(() => undefined);
      return { dir: path.join(dir, FILES), meta };
    });
  }

  /**
   * Fills a fresh temporary folder through `fill`, writes the marker last and renames the folder into place.
   * If `fill` throws (cancelled, failed), the temporary folder is removed and nothing is cached. Older entries are
   * then evicted to fit the size cap, except this one and those in `inUse` (the other trees of the same analysis).
   */
  async store(
    key: string,
    url: string,
    fingerprint: string,
    inUse: ReadonlySet<string>,
    fill: (filesDir: string) => Promise<{ files: CachedFile[]; skipped: SkippedFile[]; incomplete?: boolean; filtered?: number }>,
  ): Promise<CacheEntry> {
    await fs.mkdir(this.tmpDir, { recursive: true });
    await fs.mkdir(this.buildsDir, { recursive: true });
    await this.removeStaleTemporaries();
    const work = path.join(this.tmpDir, `${key}-${process.pid}-${randomBytes(4).toString('hex')}`);
    await fs.mkdir(path.join(work, FILES), { recursive: true });
    try {
      const { files, skipped, incomplete, filtered } = await fill(path.join(work, FILES));
      const meta: CacheMeta = {
        // URLs as shown, never with credentials or a query in them: the cache is plain files on disk.
        key, url: displayUrl(url), fingerprint, files: files.map((file) => (file.url === undefined ? file : { ...file, url: displayUrl(file.url) })), skipped,
        bytes: files.reduce((n, f) => n + f.bytes, 0), createdAt: new Date().toISOString(),
        ...(incomplete === true ? { incomplete } : {}),
        ...(filtered !== undefined && filtered > 0 ? { filtered } : {}),
      };
      await fs.writeFile(path.join(work, MARKER), JSON.stringify(meta));
      const dir = path.join(this.buildsDir, key);
      // Another process (a second window, the CLI) may have stored the same entry meanwhile, and may be reading it:
      // a complete one made with the same settings stays, and this copy is dropped.
      const stored = await readMeta(dir);
      if (stored && stored.fingerprint === fingerprint && stored.incomplete !== true) {
        await fs.rm(work, { recursive: true, force: true });
        return { dir: path.join(dir, FILES), meta: stored };
      }
      // Put in place with a rename that fails while the key holds a folder, so an entry another process has just
      // stored (and may be reading) is never removed here: deleting the old folder first, as this did, could delete
      // the winner of a race between two runs of the same link.
      const good = (found: CacheMeta | undefined): found is CacheMeta => found !== undefined && found.fingerprint === fingerprint && found.incomplete !== true;
      const placed = await fs.rename(work, dir).then(() => true, () => false);
      if (!placed) {
        // The key holds a folder: an entry of other settings, an incomplete one, debris, or one stored meanwhile.
        // Replacing it happens under the key's lock, and only after a look under that lock finds no good entry:
        // no other process replaces it meanwhile, and a free key is taken by a rename that fails once it is not.
        const winner = await this.withKeyLock(key, async (moveAside) => {
          for (let attempt = 0; ; attempt += 1) {
            const existing = await readMeta(dir);
            if (good(existing)) return existing;
            await moveAside(dir);
            if (await fs.rename(work, dir).then(() => true, () => false)) return undefined;
            if (attempt >= 3) throw new Error(`Could not store the download in ${dir}: another process keeps a folder there.`);
          }
        });
        if (winner !== undefined) {
          await fs.rm(work, { recursive: true, force: true });
          return { dir: path.join(dir, FILES), meta: winner };
        }
      }
      await this.evict(new Set([key, ...inUse]));
      return { dir: path.join(dir, FILES), meta };
    } catch (error) {
      await fs.rm(work, { recursive: true, force: true });
      throw error;
    }
  }

  /** Temporary folders left by a crashed process (a live download is never a day old). */
  private async removeStaleTemporaries(): Promise<void> {
    const names = await fs.readdir(this.tmpDir).catch(() => [] as string[]);
    const dayAgo = Date.now() - 24 * 3600 * 1000;
    for (const name of names) {
      const stat = await fs.stat(path.join(this.tmpDir, name)).catch(() => undefined);
      if (stat && stat.mtimeMs < dayAgo) await fs.rm(path.join(this.tmpDir, name), { recursive: true, force: true });
    }
  }

  /** Removes least recently used entries until the cache fits `maxBytes`; `protect` entries stay. */
  async evict(protect: ReadonlySet<string> = new Set()): Promise<string[]> {
    const entries = await this.list();
    let total = entries.reduce((n, e) => n + e.bytes, 0);
    const removed: string[] = [];
    for (const entry of entries.sort((a, b) => a.usedAt - b.usedAt)) {
      if (total <= this.maxBytes) break;
      if (protect.has(entry.key)) continue;
      const dir = path.join(this.buildsDir, entry.key);
      // Looked at again under the lock: since it was listed, another run may have stored the entry afresh or looked
      // it up (and be reading it). Then it is no longer the least recently used, and stays.
      const evicted = await this.withKeyLock(entry.key, async (moveAside) => {
        const meta = await readMeta(dir);
        const usedAt = await fs.stat(path.join(dir, MARKER)).then((info) => info.mtimeMs, () => undefined);
        if (!meta || meta.createdAt !== entry.createdAt || usedAt === undefined || usedAt > entry.usedAt) return false;
        await moveAside(dir);
        return true;
      });
      if (!evicted) continue;
      total -= entry.bytes;
      removed.push(entry.key);
    }
    return removed;
  }

  /**
   * Runs `body` holding the key's lock: a folder made with mkdir (atomic, across processes) holding a token of this
   * holder, released only while the token is still ours. A lock older than LOCK_STALE_MS is taken as left by a
   * crashed process and broken by renaming it away, which only one waiter can do. What the lock guards takes
   * milliseconds: folders `body` moves aside (its `moveAside`) are deleted after the lock is released.
   */
  private async withKeyLock<T>(key: string, body: (moveAside: (dir: string) => Promise<void>) => Promise<T>): Promise<T> {
    const lock = path.join(this.buildsDir, `${key}${LOCK_SUFFIX}`);
    const token = `${process.pid}-${randomBytes(8).toString('hex')}`;
    const deadline = Date.now() + LOCK_WAIT_MS;
    await fs.mkdir(this.buildsDir, { recursive: true });
    for (;;) {
      try {
        await fs.mkdir(lock);
        await fs.writeFile(path.join(lock, 'owner'), token);
        break;
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        // Windows may refuse to make a folder whose namesake is still being deleted: that is a lock held too.
        if (code !== 'EEXIST' && code !== 'EPERM' && code !== 'EACCES' && code !== 'ENOENT') throw error;
        if (code === 'ENOENT') await fs.mkdir(this.buildsDir, { recursive: true });
        const made = await fs.stat(lock).then((info) => info.mtimeMs, () => undefined);
        if (made !== undefined && Date.now() - made > LOCK_STALE_MS) {
          const broken = path.join(this.tmpDir, `${key}-lock-${token}`);
          await fs.mkdir(this.tmpDir, { recursive: true });
          if (await fs.rename(lock, broken).then(() => true, () => false)) {
            // Another waiter may have broken the stale lock first and taken a fresh one, which this rename then
            // took instead: a fresh lock goes back to its holder.
            const movedAt = await fs.stat(broken).then((info) => info.mtimeMs, () => undefined);
            if (movedAt !== undefined && Date.now() - movedAt <= LOCK_STALE_MS) await fs.rename(broken, lock).catch(() => undefined);
            else await fs.rm(broken, { recursive: true, force: true });
          }
        } else if (Date.now() > deadline) {
          throw new Error(`The download cache entry ${key} stayed locked by another process.`);
        } else {
          await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 30));
        }
      }
    }
    const aside: string[] = [];
    const moveAside = async (dir: string): Promise<void> => {
      await fs.mkdir(this.tmpDir, { recursive: true });
      const target = path.join(this.tmpDir, `${path.basename(dir)}-old-${token}-${aside.length}`);
      if (await fs.rename(dir, target).then(() => true, () => false)) aside.push(target);
    };
    try {
      return await body(moveAside);
    } finally {
      const owner = await fs.readFile(path.join(lock, 'owner'), 'utf8').catch(() => undefined);
      if (owner === token) await fs.rm(lock, { recursive: true, force: true });
      for (const folder of aside) await fs.rm(folder, { recursive: true, force: true });
    }
  }

  /** Complete entries with their size and last use. */
  async list(): Promise<{ key: string; bytes: number; usedAt: number; createdAt: string }[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.buildsDir);
    } catch {
      return [];
    }
    const out: { key: string; bytes: number; usedAt: number; createdAt: string }[] = [];
    for (const name of names) {
      // A key's lock (see withKeyLock), not an entry.
      if (name.endsWith(LOCK_SUFFIX)) continue;
      const dir = path.join(this.buildsDir, name);
      const meta = await readMeta(dir);
      if (!meta) {
        // A folder without marker is debris from an interrupted removal; it holds nothing usable. Looked at again
        // under the key's lock: the folder may have been an entry on its way out or in.
        await this.withKeyLock(name, async (moveAside) => {
          if (!(await readMeta(dir))) await moveAside(dir);
        });
        continue;
      }
      // Another process may remove or replace the entry meanwhile: then it is not this listing's to count.
      const stat = await fs.stat(path.join(dir, MARKER)).catch(() => undefined);
      if (stat) out.push({ key: name, bytes: meta.bytes, usedAt: stat.mtimeMs, createdAt: meta.createdAt });
    }
    return out;
  }
}

const LOCK_SUFFIX = '.lock';
/** How long a store waits for another process's replacement of the same entry, and when a lock counts as left. */
const LOCK_WAIT_MS = 60_000;
const LOCK_STALE_MS = 30_000;

async function readMeta(dir: string): Promise<CacheMeta | undefined> {
  try {
    const meta = JSON.parse(await fs.readFile(path.join(dir, MARKER), 'utf8')) as CacheMeta;
    return typeof meta.fingerprint === 'string' && Array.isArray(meta.files) ? meta : undefined;
  } catch {
    return undefined;
  }
}

/** Deletes every cached log tree and unfinished download under `dir` (only the folders this cache creates). */
export async function clearCache(dir: string): Promise<void> {
  await fs.rm(path.join(dir, 'builds'), { recursive: true, force: true });
  await fs.rm(path.join(dir, 'tmp'), { recursive: true, force: true });
  // The saved plans for analysing a link again offline (flow.ts) only point into the builds.
  await fs.rm(path.join(dir, 'plans'), { recursive: true, force: true });
}
