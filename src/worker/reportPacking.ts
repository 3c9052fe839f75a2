// A report crosses from the worker to the caller as JSON pieces in transferred buffers, not as one structured
// clone: the clone of a report of 300k anomalies is decoded in one go on the caller's thread, which stalled the
// extension host for about 600 ms (bench case e). Pieces are moved, not copied, and `unpackReport` parses them a
// few at a time, giving the event loop a turn whenever a slice of work has run for PARSE_SLICE_MS.
import type { Anomaly, Block, FileReport, Report, SkippedFile } from '../core/report';
import type { PackedReport } from '../protocol';

/**
 * Anomalies, or block lines, per JSON piece: a piece parses in a few milliseconds. Lines are counted, not blocks: a
 * log that is new from end to end is one block of millions of lines, and its JSON would not fit in one string.
 */
const ANOMALIES_PER_PIECE = 4000;
const BLOCK_LINES_PER_PIECE = 4000;
/**
 * Characters of text per piece at most (besides the counts above): 4000 anomalies of 6000-character lines made a
 * 46 MB piece, whose parse held the caller's event loop for 230 ms.
 */
const CHARS_PER_PIECE = 512 * 1024;
const SKIPPED_PER_PIECE = 4000;
/** Parsing runs this long at most before the caller's event loop gets a turn. */
const PARSE_SLICE_MS = 8;

/** How many pieces of each kind hold a file's anomalies and blocks, in the order the pieces follow the head. */
interface FileLayout {
  readonly anomalyPieces: number;
  readonly blockPieces: number;
}

interface PackedHead {
  readonly report: Report;
  readonly layout: readonly FileLayout[];
  /**
   * Pieces of the skipped-file list, after the files' pieces: a job over a tree of 300k ignored files put them all
   * in the head, parsed in one go (400 ms of the caller's event loop).
   */
  readonly skippedPieces: number;
}

/** A block, or a part of one: `continued` parts add their lines to the block before them. */
interface BlockPart {
  readonly start: number;
  readonly lines: readonly string[];
  readonly continued?: true;
}

export function packReport(report: Report): PackedReport {
  const encoder = new TextEncoder();
  const pieces: Uint8Array[] = [];
  const layout: FileLayout[] = [];
  const files = report.files.map((file) => {
    const anomalyPieces = sliced(file.anomalies, ANOMALIES_PER_PIECE, anomalyChars);
    const blockPieces = blockPartPieces(file.blocks);
    for (const piece of [...anomalyPieces, ...blockPieces]) pieces.push(encoder.encode(JSON.stringify(piece)));
    layout.push({ anomalyPieces: anomalyPieces.length, blockPieces: blockPieces.length });
    return { ...file, anomalies: [], blocks: [] };
  });
  const skippedPieces = sliced(report.skipped, SKIPPED_PER_PIECE, (skip) => skip.path.length + (skip.detail?.length ?? 0) + 32);
  for (const piece of skippedPieces) pieces.push(encoder.encode(JSON.stringify(piece)));
  const head: PackedHead = { report: { ...report, files, skipped: [] }, layout, skippedPieces: skippedPieces.length };
  return { head: encoder.encode(JSON.stringify(head)), pieces };
}

/** The characters an anomaly adds to a piece, about: its texts and its repeats' numbers. */
function anomalyChars(anomaly: Anomaly): number {
  return anomaly.text.length + (anomaly.nearest?.length ?? 0) + anomaly.repeats.length * 8 + 64;
}

/**
 * A file's blocks as pieces of parts, each piece holding at most BLOCK_LINES_PER_PIECE lines and about
 * CHARS_PER_PIECE characters (a piece holds one line at least, however long).
 */
function blockPartPieces(blocks: readonly Block[]): BlockPart[][] {
  const pieces: BlockPart[][] = [];
  let piece: BlockPart[] = [];
  let room = BLOCK_LINES_PER_PIECE;
  let chars = 0;
  for (const block of blocks) {
    for (let from = 0; from < block.lines.length || from === 0; ) {
      if (room === 0 || chars >= CHARS_PER_PIECE) {
        pieces.push(piece);
        piece = [];
        room = BLOCK_LINES_PER_PIECE;
        chars = 0;
      }
      let to = from;
      while (to < block.lines.length && to - from < room && (to === from || chars < CHARS_PER_PIECE)) chars += (block.lines[to++] ?? '').length + 4;
      const lines = block.lines.slice(from, to);
      piece.push(from === 0 ? { start: block.start, lines } : { start: block.start, lines, continued: true });
      room -= Math.max(1, lines.length);
      from += Math.max(1, lines.length);
    }
  }
  if (piece.length > 0) pieces.push(piece);
  return pieces;
}

/** The buffers a packed report owns, to move with it (a transfer list). */
export function packedBuffers(packed: PackedReport): ArrayBuffer[] {
  return [packed.head, ...packed.pieces].map((piece) => piece.buffer).filter((buffer): buffer is ArrayBuffer => buffer instanceof ArrayBuffer);
}

/**
 * The report back from its pieces, parsed a slice of time at a time (see PARSE_SLICE_MS). `stop`, asked between
 * slices, ends the reading early (the caller no longer wants the report) with an error.
 */
export async function unpackReport(packed: PackedReport, stop: () => boolean = () => false): Promise<Report> {
  const decoder = new TextDecoder();
  const parse = <T>(bytes: Uint8Array): T => JSON.parse(decoder.decode(bytes)) as T;
  let sliceStarted = performance.now();
  const breathe = async (): Promise<void> => {
    if (performance.now() - sliceStarted < PARSE_SLICE_MS) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (stop()) throw new Error('The report is no longer wanted.');
    sliceStarted = performance.now();
  };
  const head = parse<PackedHead>(packed.head);
  let next = 0;
  const files: FileReport[] = [];
  for (const [index, file] of head.report.files.entries()) {
    const layout = head.layout[index] ?? { anomalyPieces: 0, blockPieces: 0 };
    const anomalies: Anomaly[] = [];
    for (let piece = 0; piece < layout.anomalyPieces; piece += 1) {
      await breathe();
      for (const anomaly of parse<Anomaly[]>(packed.pieces[next++] ?? new Uint8Array())) anomalies.push(anomaly);
    }
    const blocks: { start: number; lines: string[] }[] = [];
    for (let piece = 0; piece < layout.blockPieces; piece += 1) {
      await breathe();
      for (const part of parse<{ start: number; lines: string[]; continued?: true }[]>(packed.pieces[next++] ?? new Uint8Array())) {
        const last = blocks[blocks.length - 1];
        if (part.continued === true && last !== undefined) for (const line of part.lines) last.lines.push(line);
        else blocks.push({ start: part.start, lines: part.lines });
      }
    }
    files.push({ ...file, anomalies, blocks });
  }
  const skipped: SkippedFile[] = [];
  for (let piece = 0; piece < head.skippedPieces; piece += 1) {
    await breathe();
    for (const skip of parse<SkippedFile[]>(packed.pieces[next++] ?? new Uint8Array())) skipped.push(skip);
  }
  return { ...head.report, files, skipped };
}

/** `items` in slices of at most `size` items and about CHARS_PER_PIECE characters (one item at least). */
function sliced<T>(items: readonly T[], size: number, charsOf: (item: T) => number): T[][] {
  const slices: T[][] = [];
  let start = 0;
  while (start < items.length) {
    let end = start;
    let chars = 0;
    while (end < items.length && end - start < size && (end === start || chars < CHARS_PER_PIECE)) chars += charsOf(items[end++] as T);
    slices.push(items.slice(start, end));
    start = end;
  }
  return slices;
}
