// The download cache folder of `analyze`, made and probed before anything is fetched.
import { existsSync, lstatSync, mkdirSync, mkdtempSync, rmdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Makes the download cache folder before anything is fetched, one level at a time, so a path that cannot hold it
 * fails at once with a clear message (a recursive mkdir under /proc never returns on Node 20). Returns the absolute
 * folder, or a problem to report.
 */
export function prepareCacheFolder(folder: string): { folder: string } | { problem: string } {
  const absolute = path.resolve(folder);
  const problem = (why: string): { problem: string } => ({ problem: `cannot use ${folder} as the cache folder: ${why}` });
  const missing: string[] = [];
  let existing = absolute;
  while (!existsSync(existing)) {
    // existsSync follows links: a link to nothing is not a missing folder to make.
    if (isBrokenLink(existing)) return problem(`${existing} is a symbolic link to nothing`);
    missing.unshift(existing);
    const parent = path.dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  try {
    if (!statSync(existing).isDirectory()) return problem(`${existing} is not a folder`);
    for (const level of missing) {
      try {
        mkdirSync(level);
      } catch (error) {
        // Another run made it meanwhile: a folder is all that is needed.
        if ((error as { code?: unknown }).code !== 'EEXIST' || !statSync(level).isDirectory()) throw error;
      }
    }
    // A folder that exists may still hold nothing (procfs, a read-only mount, no write permission): try, as the
    // cache will, to make a folder in it.
    rmdirSync(mkdtempSync(path.join(absolute, '.probe-')));
  } catch (error) {
    return problem((error as Error).message);
  }
  return { folder: absolute };
}

function isBrokenLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}
