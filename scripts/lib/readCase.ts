// Reads one dev evaluation case (`<case>/baseline/*`, `<case>/target/*`) into engine input. Node I/O lives here,
// never in src/core.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceFile } from '../../src/core/analysis';
import { decodeContent } from '../../src/sources/decode';

export interface EvalCase {
  readonly name: string;
  readonly baseline: SourceFile[];
  readonly target: SourceFile[];
}

function readFolder(directory: string): SourceFile[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .sort()
    // Decoded the way the product reads a local file, so evaluation and speed figures are the product's.
    .map((name) => ({ path: name, localPath: join(directory, name), ...decodeContent(readFileSync(join(directory, name))) }));
}

export function readCase(casesRoot: string, name: string): EvalCase {
  return { name, baseline: readFolder(join(casesRoot, name, 'baseline')), target: readFolder(join(casesRoot, name, 'target')) };
}

export function listCases(casesRoot: string): string[] {
  return readdirSync(casesRoot, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('_') && existsSync(join(casesRoot, entry.name, 'truth.json')))
    .map((entry) => entry.name)
    .sort();
}
