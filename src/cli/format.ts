// Plain-text rendering of a Report for terminals and CI logs. Shared by `diff` and `analyze`.
//
//   0.734 | job-output.txt:41 | ERROR the anomaly
//         - job-output.txt:42 - a context line
//   --
//
// Anomalies carry their distance and `|` separators; context lines have no distance and `-` separators
// (as grep marks context), so both eyes and `grep ' | '` can tell them apart.
import type { FileReport, Report, SkippedFile, SkipReason } from '../core/report';

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

/** Distance of every reported line of a file, repeats included. */
function reportedLines(file: FileReport): Map<number, number> {
  const distances = new Map<number, number>();
  for (const anomaly of file.anomalies) {
    distances.set(anomaly.line, anomaly.distance);
    for (const repeat of anomaly.repeats) distances.set(repeat, anomaly.distance);
  }
  return distances;
}

function countReported(file: FileReport): number {
  return file.anomalies.reduce((sum, anomaly) => sum + 1 + anomaly.repeats.length, 0);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** The lines of one file's section: a header, then each block, blocks separated by `--`. */
export function formatFile(file: FileReport): string[] {
  const distances = reportedLines(file);
  const out: string[] = [];
  const reported = countReported(file);
  out.push(`== ${file.path} (model ${file.model}, ${plural(file.lines, 'line')}, ${reported} reported)`);
  const locationWidth = file.path.length + 1 + String(file.lines).length;
  const blankDistance = ' '.repeat(formatDistance(0).length);
  file.blocks.forEach((block, blockIndex) => {
    if (blockIndex > 0) out.push('--');
    block.lines.forEach((text, offset) => {
      const line = block.start + offset;
      const location = `${file.path}:${line}`.padEnd(locationWidth);
      const distance = distances.get(line);
      out.push(distance === undefined ? `${blankDistance} - ${location} - ${text}` : `${formatDistance(distance)} | ${location} | ${text}`);
    });
  });
  // A report without blocks (context 0 and an engine that leaves them out) still lists its anomalies.
  if (file.blocks.length === 0) {
    const lines = [...distances.keys()].sort((a, b) => a - b);
    const byLine = new Map<number, string>();
    for (const anomaly of file.anomalies) byLine.set(anomaly.line, anomaly.text);
    for (const anomaly of file.anomalies) for (const repeat of anomaly.repeats) if (!byLine.has(repeat)) byLine.set(repeat, anomaly.text);
    for (const line of lines) out.push(`${formatDistance(distances.get(line)!)} | ${`${file.path}:${line}`.padEnd(locationWidth)} | ${byLine.get(line) ?? ''}`);
  }
  return out;
}

export function formatSkipped(skipped: readonly SkippedFile[]): string[] {
  if (skipped.length === 0) return [];
  const out = [`Skipped ${plural(skipped.length, 'file')}:`];
  for (const file of skipped) {
    const detail = file.detail ? ` (${file.detail})` : '';
    out.push(`  ${file.side} ${file.path}: ${REASON_TEXT[file.reason]}${detail}`);
  }
  return out;
}

/** `N of M lines reported`, with the distinct count and how many files had anything to show. */
export function formatSummary(report: Report): string {
  const { anomalyLines, targetLines, anomalies } = report.totals;
  const withAnomalies = report.files.filter((file) => file.anomalies.length > 0).length;
  return (
    `${anomalyLines} of ${plural(targetLines, 'line')} reported` +
    ` (${anomalies} distinct ${anomalies === 1 ? 'anomaly' : 'anomalies'} in ${withAnomalies} of ${plural(report.files.length, 'target file')},` +
    ` threshold ${report.threshold}, ${Math.round(report.timings.totalMs)} ms)`
  );
}

/** The whole report as text: each file with anomalies, then the summary, then skipped files. */
export function formatReport(report: Report): string {
  const out: string[] = [];
  for (const file of report.files) {
    if (file.anomalies.length === 0) continue;
    out.push(...formatFile(file), '');
  }
  out.push(formatSummary(report));
  out.push(...formatSkipped(report.skipped));
  return `${out.join('\n')}\n`;
}
