// What the panel shows for a report at a display threshold and search text: pure data, no DOM, so it is unit-tested.
// Filtering happens here, on the report already computed: changing the threshold never re-runs an analysis.
import type { Anomaly, FileReport, Report } from '../src/core/report';

export interface ViewLine {
  /** 1-based line number in the target file. */
  readonly number: number;
  readonly text: string;
  /** Set when this line is an anomaly (or a repeat of one) shown at the current threshold. */
  readonly anomaly?: Anomaly;
}

export interface ViewBlock {
  readonly start: number;
  readonly lines: readonly ViewLine[];
}

export interface ViewFile {
  readonly path: string;
  readonly file: FileReport;
  readonly blocks: readonly ViewBlock[];
  /** Distinct anomalies shown (first occurrences). */
  readonly anomalies: number;
  /** First shown anomaly line, where a click on the file title leads. */
  readonly firstLine: number;
}

export interface ViewGroup {
  readonly model: string;
  readonly files: readonly ViewFile[];
  readonly anomalies: number;
}

export interface ReportView {
  readonly groups: readonly ViewGroup[];
  /** Anomalous lines shown, repeats included, and all target lines: the header's "N of M lines". */
  readonly shownLines: number;
  readonly targetLines: number;
  readonly shownAnomalies: number;
  readonly totalAnomalies: number;
  /** Target lines never compared: their files had no baseline file of the same kind. */
  readonly unscoredLines: number;
}

export interface ViewFilter {
  readonly threshold: number;
  readonly search: string;
}

export function buildReportView(report: Report, filter: ViewFilter): ReportView {
  const needle = filter.search.trim().toLowerCase();
  const groups = new Map<string, ViewFile[]>();
  let shownLines = 0;
  let shownAnomalies = 0;
  for (const file of report.files) {
    const pathMatches = needle !== '' && file.path.toLowerCase().includes(needle);
    // A repeat has the tokens of its first occurrence but text of its own (another address, another number): the
    // search reads it too, from the context blocks that hold it (mapped once per file, and only when needed).
    let textAt: Map<number, string> | undefined;
    const matches = (anomaly: Anomaly): boolean => {
      if (needle === '' || pathMatches || anomaly.text.toLowerCase().includes(needle)) return true;
      if (anomaly.repeats.length === 0) return false;
      const texts = (textAt ??= blockTexts(file));
      return anomaly.repeats.some((line) => texts.get(line)?.toLowerCase().includes(needle) === true);
    };
    const shown = file.anomalies.filter((anomaly) => anomaly.distance >= filter.threshold && matches(anomaly));
    if (shown.length === 0) continue;
    const byLine = new Map<number, Anomaly>();
    for (const anomaly of shown) {
      byLine.set(anomaly.line, anomaly);
      for (const repeat of anomaly.repeats) byLine.set(repeat, anomaly);
    }
    const blocks = visibleBlocks(file, shown, byLine);
    shownLines += byLine.size;
    shownAnomalies += shown.length;
    // A loop, not Math.min(...lines): spreading 125k arguments overflows the call stack.
    let firstLine = Number.POSITIVE_INFINITY;
    for (const anomaly of shown) firstLine = Math.min(firstLine, anomaly.line);
    const viewFile: ViewFile = { path: file.path, file, blocks, anomalies: shown.length, firstLine };
    const list = groups.get(file.model);
    if (list) list.push(viewFile);
    else groups.set(file.model, [viewFile]);
  }
  return {
    groups: [...groups].map(([model, files]) => ({ model, files, anomalies: files.reduce((sum, file) => sum + file.anomalies, 0) })),
    shownLines,
    targetLines: report.totals.targetLines,
    shownAnomalies,
    totalAnomalies: report.totals.anomalies,
    unscoredLines: report.totals.unscoredLines ?? 0,
  };
}

/** The text of every line the file's context blocks hold, by line number. */
function blockTexts(file: FileReport): Map<number, string> {
  const texts = new Map<number, string>();
  for (const block of file.blocks) block.lines.forEach((text, offset) => texts.set(block.start + offset, text));
  return texts;
}

/** The report's blocks that hold at least one shown anomaly; single-line blocks when the report carries none. */
function visibleBlocks(file: FileReport, shown: readonly Anomaly[], byLine: ReadonlyMap<number, Anomaly>): ViewBlock[] {
  const blocks: ViewBlock[] = [];
  const covered = new Set<number>();
  for (const block of file.blocks) {
    const lines = block.lines.map((text, offset): ViewLine => {
      const number = block.start + offset;
      const anomaly = byLine.get(number);
      return anomaly ? { number, text, anomaly } : { number, text };
    });
    if (!lines.some((line) => line.anomaly)) continue;
    lines.forEach((line) => covered.add(line.number));
    blocks.push({ start: block.start, lines });
  }
  // Anomalies outside every block (a report without blocks, or context disabled) still get shown, on their own.
  for (const anomaly of shown) {
    if (!covered.has(anomaly.line)) blocks.push({ start: anomaly.line, lines: [{ number: anomaly.line, text: anomaly.text, anomaly }] });
  }
  return blocks.sort((a, b) => a.start - b.start);
}
