// One containment test for paths that are already resolved (absolute, normalised): the download cache's "never write
// outside", the CLI's "never write the report over an input", the editor's "is this log one being analysed".
import * as path from 'node:path';

/** Whether `candidate` is `root` itself or lies under it (a bare prefix such as `/logs2` for `/logs` does not). */
export function isPathInside(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}
