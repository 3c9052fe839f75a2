// Plain-text rendering of a Report for terminals and CI logs. Shared by `diff` and `analyze`.
//
//   0.734 | job-output.txt:41 | ERROR the anomaly
//         - job-output.txt:42 - a context line
//   --
//
// Anomalies carry their distance and `|` separators; context lines have no distance and `-` separators
// (as grep marks context), so both eyes and `grep ' | '` can tell them apart.
//
// Everything printed that comes from a log or a server (lines, file names, job names, messages) goes through
// `terminalSafe` first: a terminal obeys the escape sequences it is sent, and a log can hold any.
import { accessSync, constants, existsSync, realpathSync, statSync } from 'node:fs';
import { isPathInside } from '../sources/pathInside';
import * as path from 'node:path';
import type { FileReport, Report, SkippedFile, SkipReason } from '../core/report';

/** Complete escape sequences: CSI (colours, cursor moves, clearing), OSC (window title, clipboard), two-byte ESC. */
const ESCAPE_SEQUENCE = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
/** DEL, the C1 controls (U+009B starts a sequence on some terminals) and the bidirectional controls, as a class body. */
const ABOVE_C0_CONTROLS = '\\x7f-\\x9f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069';
/**
 * Characters a terminal does not just print: C0 controls but tab, and the ones above; bidirectional controls can make
 * a line read unlike what it holds.
 */
const UNSAFE_CHARACTER = new RegExp(`[\\x00-\\x08\\x0a-\\x1f${ABOVE_C0_CONTROLS}]`, 'g');
const HAS_UNSAFE_CHARACTER = new RegExp(UNSAFE_CHARACTER.source);

/**
 * Text from a log or a server made safe to print: every unsafe character is shown as `\xNN` or `\u{NNNN}`. With
 * `dropSequences` (log lines), complete escape sequences are removed first: mostly colours, which the tokenizer
 * ignores too, and in a hostile log ones that set the window title or write the clipboard. Names keep them, escaped,
 * so the name shown is the name on disk. The JSON report keeps every text as it is.
 */
export function terminalSafe(text: string, { dropSequences = false }: { dropSequences?: boolean } = {}): string {
  if (!HAS_UNSAFE_CHARACTER.test(text)) return text;
  return (dropSequences ? text.replace(ESCAPE_SEQUENCE, '') : text).replace(UNSAFE_CHARACTER, (char) => {
    const code = char.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}

/** The unsafe characters JSON leaves as they are (it escapes the C0 controls itself). */
const UNSAFE_IN_JSON = new RegExp(`[${ABOVE_C0_CONTROLS}]`, 'g');

/**
 * JSON text for a terminal (`--json -`): `JSON.stringify` escapes only U+0000-U+001F, so the characters above are
 * written as `\uNNNN` escapes too. The JSON means exactly the same.
 */
export function terminalSafeJson(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const REASON_TEXT: Readonly<Record<SkipReason, string>> = {
  binary: 'binary',
  ignored: 'ignored',
  empty: 'empty',
  unreadable: 'unreadable',
  tooLarge: 'too large',
  symlink: 'symbolic link',
  noBaseline: 'no baseline',
};

export function formatDistance(distance: number): string {
  return distance.toFixed(3);
}

/**
 * Distance of every reported line of a file, repeats included. A Map holds at most 2^24 entries, and a huge log
 * that is new from end to end reports more lines than that: past a million, one slot per line of the file.
 */
function reportedLines(file: FileReport, reported: number): { get(line: number): number | undefined; lines(): number[] } {
  if (reported <= 1_000_000) {
    const distances = new Map<number, number>();
    for (const anomaly of file.anomalies) {
      distances.set(anomaly.line, anomaly.distance);
      for (const repeat of anomaly.repeats) distances.set(repeat, anomaly.distance);
    }
    return { get: (line) => distances.get(line), lines: () => [...distances.keys()].sort((a, b) => a - b) };
  }
  const distances = new Float64Array(file.lines + 2).fill(Number.NaN);
  for (const anomaly of file.anomalies) {
    distances[anomaly.line] = anomaly.distance;
    for (const repeat of anomaly.repeats) distances[repeat] = anomaly.distance;
  }
  const get = (line: number): number | undefined => {
    const distance = distances[line];
    return distance === undefined || Number.isNaN(distance) ? undefined : distance;
  };
  return {
    get,
    lines: () => {
      const lines: number[] = [];
      for (let line = 0; line < distances.length; line += 1) if (get(line) !== undefined) lines.push(line);
      return lines;
    },
  };
}

function countReported(file: FileReport): number {
  return file.anomalies.reduce((sum, anomaly) => sum + 1 + anomaly.repeats.length, 0);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** The lines of one file's section: a header, then each block, blocks separated by `--`. */
export function formatFile(file: FileReport): string[] {
  return [...fileLines(file)];
}

function* fileLines(file: FileReport): Generator<string> {
  const reported = countReported(file);
  const distances = reportedLines(file, reported);
  const filePath = terminalSafe(file.path);
  const truncated = file.truncatedLines ?? 0;
  yield `== ${filePath} (model ${terminalSafe(file.model)}, ${plural(file.lines, 'line')}, ${reported} reported${truncated > 0 ? `, ${truncated} too long to score whole` : ''})`;
  const locationWidth = filePath.length + 1 + String(file.lines).length;
  const blankDistance = ' '.repeat(formatDistance(0).length);
  for (const [blockIndex, block] of file.blocks.entries()) {
    if (blockIndex > 0) yield '--';
    for (const [offset, text] of block.lines.entries()) {
      const line = block.start + offset;
      const location = `${filePath}:${line}`.padEnd(locationWidth);
      const distance = distances.get(line);
      const safe = terminalSafe(text, { dropSequences: true });
      yield distance === undefined ? `${blankDistance} - ${location} - ${safe}` : `${formatDistance(distance)} | ${location} | ${safe}`;
    }
  }
  // A report without blocks (context 0 and an engine that leaves them out) still lists its anomalies.
  if (file.blocks.length === 0) {
    const byLine = new Map<number, string>();
    for (const anomaly of file.anomalies) byLine.set(anomaly.line, anomaly.text);
    for (const anomaly of file.anomalies) for (const repeat of anomaly.repeats) if (!byLine.has(repeat)) byLine.set(repeat, anomaly.text);
    for (const line of distances.lines()) yield `${formatDistance(distances.get(line) ?? 1)} | ${`${filePath}:${line}`.padEnd(locationWidth)} | ${terminalSafe(byLine.get(line) ?? '', { dropSequences: true })}`;
  }
}

export function formatSkipped(skipped: readonly SkippedFile[]): string[] {
  if (skipped.length === 0) return [];
  // Baselines of one job skip the same files (each build's `zuul-info/…`): one line per kind, with a count.
  const lines = new Map<string, number>();
  for (const file of skipped) {
    const detail = file.detail ? ` (${terminalSafe(file.detail)})` : '';
    const line = `  ${file.side} ${terminalSafe(file.path)}: ${REASON_TEXT[file.reason]}${detail}`;
    lines.set(line, (lines.get(line) ?? 0) + 1);
  }
  return [`Skipped ${plural(skipped.length, 'file')}:`, ...[...lines].map(([line, count]) => (count > 1 ? `${line} (×${count})` : line))];
}

/** What was compared, for reports of downloaded builds (local analyses have no source). */
export function formatSource(report: Report): string[] {
  const source = report.source;
  if (source === undefined) return [];
  const out: string[] = [];
  const labelled = (entry: { readonly label: string; readonly url?: string }): string => terminalSafe(entry.url ? `${entry.label} ${entry.url}` : entry.label);
  if (source.change) out.push(`Change:   ${terminalSafe(source.change.url)}${source.change.patchset !== undefined ? ` (patchset ${terminalSafe(String(source.change.patchset))})` : ''}`);
  if (source.target) out.push(`Target:   ${labelled(source.target)}`);
  for (const [index, baseline] of (source.baselines ?? []).entries()) out.push(`${index === 0 ? 'Baseline:' : '         '} ${labelled(baseline)}`);
  return out.length > 0 ? [...out, ''] : [];
}

/** `N of M lines reported`, with the distinct count and how many files had anything to show. */
export function formatSummary(report: Report): string {
  const { anomalyLines, targetLines, anomalies, unscoredLines = 0, truncatedLines = 0 } = report.totals;
  const withAnomalies = report.files.filter((file) => file.anomalies.length > 0).length;
  // What the count does not say by itself: lines read but never compared, and lines compared by their start only.
  const notes = [
    ...(unscoredLines > 0 ? [`${plural(unscoredLines, 'line')} of files without a baseline not compared`] : []),
    ...(truncatedLines > 0 ? [`${plural(truncatedLines, 'line')} too long to score whole, compared by their start`] : []),
  ];
  return (
    `${anomalyLines} of ${plural(targetLines, 'line')} reported` +
    ` (${anomalies} distinct ${anomalies === 1 ? 'anomaly' : 'anomalies'} in ${withAnomalies} of ${plural(report.files.length, 'target file')},` +
    ` threshold ${report.threshold}, ${Math.round(report.timings.totalMs)} ms)` +
    (notes.length > 0 ? `; ${notes.join('; ')}` : '')
  );
}

/** The whole report as text: each file with anomalies, then the summary, then skipped files. */
export function formatReport(report: Report): string {
  return `${[...reportLines(report)].join('\n')}\n`;
}

/**
 * The report's text line by line (without line ends), for a caller that writes it as it goes: a log that is new
 * from end to end reports millions of lines, more than one string can hold.
 */
export function* reportLines(report: Report): Generator<string> {
  yield* formatSource(report);
  for (const file of report.files) {
    if (file.anomalies.length === 0) continue;
    yield* fileLines(file);
    yield '';
  }
  yield formatSummary(report);
  yield* formatSkipped(report.skipped);
}

/**
 * Why a `--json` file cannot be written, checked before the analysis so a typo costs no wait: its folder must exist
 * and be writable, and the file must not be a folder. Undefined when it looks writable (or is `-`, standard output).
 */
export function jsonOutputProblem(file: string, inputs: readonly string[] = []): string | undefined {
  if (file === '-') return undefined;
  const target = path.resolve(file);
  // Writing the report over a file it reads (a log, or in a folder, whatever file is there) would lose that file.
  const overwritten = existsSync(target) ? inputs.find((input) => isOrHolds(input, target)) : undefined;
  if (overwritten !== undefined) return `cannot write the JSON report to ${file}: it is ${path.resolve(overwritten) === target ? 'an input file' : `a file in the input folder ${overwritten}`}`;
  const folder = path.dirname(target);
  try {
    if (!statSync(folder).isDirectory()) return `cannot write the JSON report to ${file}: ${folder} is not a folder`;
    accessSync(folder, constants.W_OK);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return `cannot write the JSON report to ${file}: ${code === 'ENOENT' ? `no folder ${folder}` : `${folder} is not writable`}`;
  }
  if (existsSync(target) && statSync(target).isDirectory()) return `cannot write the JSON report to ${file}: it is a folder`;
  return undefined;
}

/** Whether `file` (an existing path) is the input `input` or lies inside it, symbolic links resolved. */
function isOrHolds(input: string, file: string): boolean {
  try {
    const real = realpathSync(file);
    const root = realpathSync(input);
    return isPathInside(root, real);
  } catch {
    return false;
  }
}

/**
 * Why a finished analysis compared nothing, or undefined when it did: no baseline line could be read, or no target
 * file was scored (empty folders, only binary or ignored files, or no target file with a baseline model). Such a run
 * must not look like a clean one to a CI script.
 */
export function nothingComparedProblem(report: Report): string | undefined {
  const skipped = (side: 'baseline' | 'target'): string => {
    const count = report.skipped.filter((skip) => skip.side === side).length;
    return count > 0 ? ` (${count} ${side} file${count === 1 ? '' : 's'} skipped, listed above)` : '';
  };
  if (report.totals.baselineLines === 0) return `nothing was compared: no baseline line could be read${skipped('baseline')}.`;
  if (report.files.every((file) => file.lines === 0)) return `nothing was compared: no target line could be scored${skipped('target')}.`;
  return undefined;
}
