// The end of a `diff` or `analyze` run: the report on standard output, the JSON file, and the exit status.
import { writeFile } from 'node:fs/promises';
import type { Report } from '../core/report';
import { formatReport, nothingComparedProblem, terminalSafe, terminalSafeJson } from './format';

const EXIT_OK = 0;
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

/**
 * Prints the finished report (text, or JSON with `-`), then writes the JSON file if one was asked for: a file that
 * cannot be written after all still leaves the report on screen. A run that compared nothing exits 2 after showing
 * why (the skipped files). Shared by `diff` and `analyze`.
 */
export async function finishReport(command: 'diff' | 'analyze', report: Report, json: string | undefined): Promise<number> {
  const text = `${JSON.stringify(report, null, 2)}\n`;
  if (json === '-') process.stdout.write(terminalSafeJson(text));
  else process.stdout.write(formatReport(report));
  let status = EXIT_OK;
  if (json !== undefined && json !== '-') {
    try {
      await writeFile(json, text);
    } catch (error) {
      process.stderr.write(`log-triage ${command}: cannot write ${terminalSafe(`${json}: ${(error as Error).message}`)}\n`);
      status = EXIT_FAILURE;
    }
  }
  const nothing = nothingComparedProblem(report);
  if (nothing !== undefined) {
    process.stderr.write(`log-triage ${command}: ${nothing}\n`);
    return EXIT_USAGE;
  }
  return status;
}
