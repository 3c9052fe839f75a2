// The end of a `diff` or `analyze` run: the report on standard output, the JSON file, and the exit status.
import { open } from 'node:fs/promises';
import type { Report } from '../core/report';
import { once } from 'node:events';
import { nothingComparedProblem, reportLines, terminalSafe, terminalSafeJson } from './format';
import { jsonChunks } from './jsonText';

/** Exit statuses of both commands: the analysis ran; it failed; bad arguments or input, or nothing to compare. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
/** Stopped by Ctrl-C (SIGINT): 128 + 2, as shells report it. */
export const EXIT_INTERRUPTED = 130;

/**
 * Writes the JSON file if one was asked for, then prints the report (text, or JSON with `-`): the file is complete
 * before anything reaches a pipe that may close early (`| head` ends the process on EPIPE). A file that cannot be
 * written still leaves the report on screen (exit 1). A run that compared nothing exits 2 after showing why (the
 * skipped files), whatever else failed. Shared by `diff` and `analyze`.
 */
export async function finishReport(command: 'diff' | 'analyze', report: Report, json: string | undefined): Promise<number> {
  let writeProblem: string | undefined;
  if (json !== undefined && json !== '-') {
    try {
      await writeJsonFile(json, report);
    } catch (error) {
      writeProblem = `cannot write ${terminalSafe(`${json}: ${(error as Error).message}`)}`;
    }
  }
  // Written in pieces: the JSON of a log new from end to end is longer than one string can hold.
  if (json === '-') await writePieces(jsonPieces(report), terminalSafeJson);
  else await writePieces(reportLines(report), (line) => `${line}\n`);
  if (writeProblem !== undefined) process.stderr.write(`log-triage ${command}: ${writeProblem}\n`);
  const nothing = nothingComparedProblem(report);
  if (nothing !== undefined) {
    process.stderr.write(`log-triage ${command}: ${nothing}\n`);
    return EXIT_USAGE;
  }
  return writeProblem === undefined ? EXIT_OK : EXIT_FAILURE;
}

/** The report's JSON (as `JSON.stringify(report, null, 2)` and a line end) in pieces. */
function* jsonPieces(report: Report): Generator<string> {
  yield* jsonChunks(report);
  yield '\n';
}

/**
 * The items joined into pieces of about a megabyte: the whole text of a big report may not fit in one string, and
 * writing item by item would cost a system call for each line.
 */
function* megabytePieces(items: Iterable<string>): Generator<string> {
  let piece = '';
  for (const item of items) {
    piece += item;
    if (piece.length < 1 << 20) continue;
    yield piece;
    piece = '';
  }
  if (piece.length > 0) yield piece;
}

/** Writes the report's JSON to a file, a megabyte at a time. */
async function writeJsonFile(file: string, report: Report): Promise<void> {
  const handle = await open(file, 'w');
  try {
    for (const piece of megabytePieces(jsonPieces(report))) await handle.write(piece);
  } finally {
    await handle.close();
  }
}

/**
 * Writes items to standard output, each through `shape`, a megabyte at a time, waiting while the pipe is full (a
 * slow reader must not make the whole text wait in memory). A reader that goes away (EPIPE) ends the process (see main).
 */
async function writePieces(items: Iterable<string>, shape: (item: string) => string): Promise<void> {
  for (const piece of megabytePieces(shaped(items, shape))) {
    if (!process.stdout.write(piece)) await once(process.stdout, 'drain');
  }
}

/** Each item through `shape`, lazily. */
function* shaped(items: Iterable<string>, shape: (item: string) => string): Generator<string> {
  for (const item of items) yield shape(item);
}
