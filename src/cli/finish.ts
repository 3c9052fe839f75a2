// The end of a `diff` or `analyze` run: the report on standard output, the JSON file, and the exit status.
import { writeFile } from 'node:fs/promises';
import type { Report } from '../core/report';
import { once } from 'node:events';
import { nothingComparedProblem, reportLines, terminalSafe, terminalSafeJson } from './format';

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
  // Serialised only when asked for: a report of 100k anomalies is tens of MB of JSON.
  const text = json === undefined ? '' : `${JSON.stringify(report, null, 2)}\n`;
  let writeProblem: string | undefined;
  if (json !== undefined && json !== '-') {
    try {
      await writeFile(json, text);
    } catch (error) {
      writeProblem = `cannot write ${terminalSafe(`${json}: ${(error as Error).message}`)}`;
    }
  }
  if (json === '-') process.stdout.write(terminalSafeJson(text));
  else await writeLines(reportLines(report));
  if (writeProblem !== undefined) process.stderr.write(`log-triage ${command}: ${writeProblem}\n`);
  const nothing = nothingComparedProblem(report);
  if (nothing !== undefined) {
    process.stderr.write(`log-triage ${command}: ${nothing}\n`);
    return EXIT_USAGE;
  }
  return writeProblem === undefined ? EXIT_OK : EXIT_FAILURE;
}

/**
 * Writes lines to standard output in pieces of about a megabyte, waiting while the pipe is full: the whole text of a
 * big report may not fit in one string, nor should it all wait in memory for a slow reader. A reader that goes away
 * (EPIPE) ends the process (see main).
 */
async function writeLines(lines: Iterable<string>): Promise<void> {
  let piece = '';
  for (const line of lines) {
    piece += `${line}\n`;
    if (piece.length < 1 << 20) continue;
    if (!process.stdout.write(piece)) await once(process.stdout, 'drain');
    piece = '';
  }
  if (piece.length > 0) process.stdout.write(piece);
}
