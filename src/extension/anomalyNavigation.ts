// Where "next anomaly" and "next group" lead, computed from the report alone (no vscode) so it is unit-tested.
import type { Anomaly, FileReport, Report } from '../core/report';

export interface AnomalyPosition {
  /** Index into report.files. */
  readonly fileIndex: number;
  /** 1-based line. */
  readonly line: number;
}

export type Direction = 1 | -1;

/** Each decorated line of a file (repeats included) and its anomaly, kept per file of a report (hovers read it). */
export function anomaliesByLine(file: FileReport): ReadonlyMap<number, Anomaly> {
  const known = byLine.get(file);
  if (known !== undefined) return known;
  const lines = new Map<number, Anomaly>();
  for (const anomaly of file.anomalies) {
    lines.set(anomaly.line, anomaly);
    for (const repeat of anomaly.repeats) lines.set(repeat, anomaly);
  }
  byLine.set(file, lines);
  return lines;
}

const byLine = new WeakMap<FileReport, ReadonlyMap<number, Anomaly>>();

/**
 * Every decorated line of a file, repeats included, ascending and de-duplicated. Kept per file of a report: following
 * the cursor and each "next" asked for it, and a file with 150k flagged lines took about 40 ms to sort every time.
 */
export function anomalyLines(file: FileReport): readonly number[] {
  const known = sortedLines.get(file);
  if (known !== undefined) return known;
  const sorted = [...anomaliesByLine(file).keys()].sort((a, b) => a - b);
  sortedLines.set(file, sorted);
  return sorted;
}

const sortedLines = new WeakMap<FileReport, readonly number[]>();

/** The last of the sorted `lines` under `line` (the cached list must not be reversed in place). */
function lastBefore(lines: readonly number[], line: number): number | undefined {
  for (let index = lines.length - 1; index >= 0; index -= 1) {
    const candidate = lines[index] ?? 0;
    if (candidate < line) return candidate;
  }
  return undefined;
}

/** Whether `line` is one of the sorted `lines` (binary search). */
export function hasLine(lines: readonly number[], line: number): boolean {
  let low = 0;
  let high = lines.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((lines[middle] ?? 0) < line) low = middle + 1;
    else high = middle;
  }
  return lines[low] === line;
}

/**
 * The next anomaly after (or before) `line` in the current file, else the first (or last) anomaly of the next file
 * with anomalies in report order, wrapping around. `fileIndex` undefined means "not in a report file": start at the
 * first (or last) anomaly of the report. Files `passOver` names (logs changed since the report) are never landed in.
 */
export function nextAnomaly(
  report: Report,
  fileIndex: number | undefined,
  line: number,
  direction: Direction,
  passOver: (file: FileReport) => boolean = () => false,
): AnomalyPosition | undefined {
  if (fileIndex !== undefined) {
    const file = report.files[fileIndex];
    if (file && !passOver(file)) {
      const lines = anomalyLines(file);
      const found = direction === 1 ? lines.find((candidate) => candidate > line) : lastBefore(lines, line);
      if (found !== undefined) return { fileIndex, line: found };
    }
  }
  const count = report.files.length;
  const start = fileIndex ?? outsideList(direction, count);
  for (let step = 1; step <= count; step++) {
    const index = wrapped(start + direction * step, count);
    const file = report.files[index];
    if (!file || passOver(file)) continue;
    const lines = anomalyLines(file);
    const target = direction === 1 ? lines[0] : lines[lines.length - 1];
    if (target !== undefined) return { fileIndex: index, line: target };
  }
  return undefined;
}

/** File models in the order their first file with anomalies appears in the report. */
export function groupOrder(report: Report): string[] {
  const models: string[] = [];
  for (const file of report.files) if (file.anomalies.length > 0 && !models.includes(file.model)) models.push(file.model);
  return models;
}

/** The first anomaly of the first file of the next (or previous) file model, wrapping around. */
export function nextGroup(report: Report, fileIndex: number | undefined, direction: Direction, passOver: (file: FileReport) => boolean = () => false): AnomalyPosition | undefined {
  const models = groupOrder(report);
  if (models.length === 0) return undefined;
  const currentModel = fileIndex === undefined ? undefined : report.files[fileIndex]?.model;
  const currentIndex = currentModel === undefined ? -1 : models.indexOf(currentModel);
  const start = currentIndex === -1 ? outsideList(direction, models.length) : currentIndex;
  // The next group with a file that is not passed over (a log changed since the report), at its first such file.
  for (let step = 1; step <= models.length; step += 1) {
    const model = models[wrapped(start + direction * step, models.length)];
    const index = report.files.findIndex((file) => file.model === model && file.anomalies.length > 0 && !passOver(file));
    const file = report.files[index];
    const first = file ? anomalyLines(file)[0] : undefined;
    if (first !== undefined) return { fileIndex: index, line: first };
  }
  return undefined;
}

/** Where a walk starts when nothing is current: just before the first item going forward, just after the last going back. */
function outsideList(direction: Direction, count: number): number {
  return direction === 1 ? -1 : count;
}

/** `index` brought into 0..count-1, wrapping around both ends. */
function wrapped(index: number, count: number): number {
  return ((index % count) + count) % count;
}
