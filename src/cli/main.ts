// Headless entry point (dist/cli.js). `diff` compares local baseline and target logs in-process;
// `analyze` resolves a Zuul or Gerrit link first (see analyze.ts).
import { version } from '../../package.json';
import { DEFAULT_OPTIONS, type AnalysisOptions } from '../core/options';
import type { AnalysisJob } from '../protocol';
import { runJob } from '../worker/runJob';
import { runAnalyzeCommand } from './analyze';
import { jsonOutputProblem, terminalSafe } from './format';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, finishReport } from './finish';
import { helperThread } from './helperThread';

const USAGE = `Usage:
  log-triage diff <baseline file|dir>... --target <file|dir>... [options]
  log-triage analyze <link> [options]        (run "log-triage analyze --help")

Compares the target logs (a failed run) with the baseline logs (good runs) and prints
only the target lines that are new: "distance | file:line | text", context lines marked
with "-", blocks separated by "--", then "N of M lines reported".

Options for diff:
  --target, -t <path>...      target files or folders (every path after it, up to the next option)
  --baseline, -b <path>...    more baseline paths (paths before --target are baselines too)
  --threshold <0..1>          report lines whose distance is >= this (default ${DEFAULT_OPTIONS.threshold})
  --context <B,A>|<N>         context lines before,after each anomaly (default ${DEFAULT_OPTIONS.contextBefore},${DEFAULT_OPTIONS.contextAfter})
  --json <file>               also write the report as JSON ("-" prints JSON instead of text)
  --exclude <regex>           skip files whose relative path matches (repeatable)
  --no-default-excludes       use only --exclude patterns, not the built-in ignore list
  --max-file-size <size>      skip files larger than this, on disk or decompressed (default 256M)
  --max-line-length <n>       cut longer lines before scoring (default ${DEFAULT_OPTIONS.maxLineLength})
  -h, --help                  show this help

  log-triage --version        print the version

Exit status: 0 when the analysis ran (anomalies or not), 1 on an internal error, 2 on bad arguments or input,
including a run that could compare nothing (no readable baseline line, or no target file scored).`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface DiffCommand {
  readonly job: AnalysisJob;
  readonly json?: string;
  readonly maxFileBytes?: number;
}

function parseNumber(flag: string, text: string, check: (value: number) => boolean, expected: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || !check(value)) throw new UsageError(`${flag} expects ${expected}, got "${text}".`);
  return value;
}

function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kmg]?)i?b?$/i.exec(text.trim());
  if (!match) throw new UsageError(`--max-file-size expects a size such as 512M or 2G, got "${text}".`);
  const scale = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[match[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  const bytes = Math.floor(Number(match[1]) * scale);
  if (bytes < 1) throw new UsageError(`--max-file-size must be at least 1 byte, got "${text}".`);
  return bytes;
}

function parseContext(text: string): { before: number; after: number } {
  const parts = text.split(',');
  const isCount = (value: number): boolean => Number.isInteger(value) && value >= 0;
  if (parts.length === 1) {
    const both = parseNumber('--context', text, isCount, 'a line count or B,A');
    return { before: both, after: both };
  }
  if (parts.length !== 2) throw new UsageError(`--context expects a line count or B,A (before,after), got "${text}".`);
  return {
    before: parseNumber('--context', parts[0]!, isCount, 'whole line counts as B,A'),
    after: parseNumber('--context', parts[1]!, isCount, 'whole line counts as B,A'),
  };
}

/** Parses `diff` arguments (after the word `diff`). Throws UsageError with a message meant for the user. */
export function parseDiffArgs(argv: readonly string[]): DiffCommand {
  const baseline: string[] = [];
  const target: string[] = [];
  const excludes: string[] = [];
  let mode: 'baseline' | 'target' = 'baseline';
  let options: AnalysisOptions = { ...DEFAULT_OPTIONS };
  let json: string | undefined;
  let maxFileBytes: number | undefined;
  let replaceDefaultExcludes = false;
  let positionalOnly = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (positionalOnly || !arg.startsWith('-') || arg === '-') {
      (mode === 'baseline' ? baseline : target).push(arg);
      continue;
    }
    if (arg === '--') {
      positionalOnly = true;
      continue;
    }
    const equals = arg.indexOf('=');
    const flag = arg.startsWith('--') && equals > 0 ? arg.slice(0, equals) : arg;
    const inline = arg.startsWith('--') && equals > 0 ? arg.slice(equals + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-' && !/^-\d/.test(next))) throw new UsageError(`${flag} needs a value.`);
      i++;
      return next;
    };
    switch (flag) {
      case '--target':
      case '-t':
        mode = 'target';
        if (inline !== undefined) target.push(inline);
        break;
      case '--baseline':
      case '-b':
        mode = 'baseline';
        if (inline !== undefined) baseline.push(inline);
        break;
      case '--threshold':
        options = { ...options, threshold: parseNumber(flag, value(), (v) => v >= 0 && v <= 1, 'a number between 0 and 1') };
        break;
      case '--context': {
        const { before, after } = parseContext(value());
        options = { ...options, contextBefore: before, contextAfter: after };
        break;
      }
      case '--json':
        json = value();
        break;
      case '--exclude': {
        const pattern = value();
        try {
          new RegExp(pattern);
        } catch (error) {
          throw new UsageError(`--exclude "${pattern}" is not a valid regular expression: ${(error as Error).message}`);
        }
        excludes.push(pattern);
        break;
      }
      case '--no-default-excludes':
        replaceDefaultExcludes = true;
        break;
      case '--max-file-size':
        maxFileBytes = parseSize(value());
        break;
      case '--max-line-length':
        options = { ...options, maxLineLength: parseNumber(flag, value(), (v) => Number.isInteger(v) && v >= 1, 'a positive whole number') };
        break;
      default:
        throw new UsageError(`Unknown option ${arg}.`);
    }
  }
  if (baseline.length === 0) throw new UsageError('No baseline path given: pass the logs of a good run before --target.');
  if (target.length === 0) throw new UsageError('No target path given: pass the logs of the failed run after --target.');
  if (excludes.length > 0) options = { ...options, excludes };
  if (replaceDefaultExcludes) options = { ...options, replaceDefaultExcludes: true };
  const job: AnalysisJob = { baseline, target, options };
  return { job, ...(json !== undefined ? { json } : {}), ...(maxFileBytes !== undefined ? { maxFileBytes } : {}) };
}

function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}

async function runDiff(argv: readonly string[]): Promise<number> {
  if (wantsHelp(argv)) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  let command: DiffCommand;
  try {
    command = parseDiffArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`log-triage diff: ${terminalSafe(error.message)}\n\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  const jsonProblem = command.json === undefined ? undefined : jsonOutputProblem(command.json, [...command.job.baseline, ...command.job.target]);
  if (jsonProblem !== undefined) {
    process.stderr.write(`log-triage diff: ${terminalSafe(jsonProblem)}\n`);
    return EXIT_USAGE;
  }
  const split = helperThread();
  const outcome = await runJob(command.job, { ...(command.maxFileBytes ? { maxFileBytes: command.maxFileBytes } : {}), ...(split ? { split } : {}) });
  if (!outcome.ok) {
    process.stderr.write(`log-triage diff: ${terminalSafe(outcome.error.message)}\n`);
    return outcome.error.kind === 'input' ? EXIT_USAGE : EXIT_FAILURE;
  }
  return finishReport('diff', outcome.report, command.json);
}

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'diff':
      return runDiff(rest);
    case 'analyze':
      return runAnalyzeCommand(rest);
    case '--version':
      process.stdout.write(`log-triage ${version}\n`);
      return EXIT_OK;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process[command === undefined ? 'stderr' : 'stdout'].write(`${USAGE}\n`);
      return command === undefined ? EXIT_USAGE : EXIT_OK;
    default:
      process.stderr.write(`log-triage: unknown command "${command}".\n\n${USAGE}\n`);
      return EXIT_USAGE;
  }
}

if (require.main === module) {
  // A reader that closes early (`| head`) is not an error. Any other failure to write the report (a full disk, a
  // closed terminal) is said in one line, not as a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT_OK);
    process.stderr.write(`log-triage: cannot write the output: ${error.code ?? error.message}\n`);
    process.exit(EXIT_FAILURE);
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`log-triage: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = EXIT_FAILURE;
    },
  );
}
