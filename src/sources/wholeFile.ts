// Files that are read back later (a saved plan, the kept report) are written aside and renamed into place, so a
// reader never sees half of one, even when the writer is stopped or two windows write at once.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** Writes `text` to `file` whole (its folder made if need be): a reader sees the old file or the new one. */
export async function writeWholeFile(file: string, text: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  await fs.writeFile(partial, text);
  await fs.rename(partial, file);
}
