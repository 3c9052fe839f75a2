// A report crosses from the worker to the caller as JSON pieces in transferred buffers, not as one structured
// clone: the clone of a report of 300k anomalies is decoded in one go on the caller's thread, which stalled the
// extension host for about 600 ms (bench case e). Pieces are moved, not copied, and `unpackReport` parses them a
// few at a time, giving the event loop a turn whenever a slice of work has run for PARSE_SLICE_MS.
import type { Anomaly, Block, FileReport, Report } from '../core/report';
import type { PackedReport } from '../protocol';

/** Anomalies, or blocks, per JSON piece: a piece parses in a few milliseconds. */
const ANOMALIES_PER_PIECE = 4000;
const BLOCKS_PER_PIECE = 2000;
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
}

export function packReport(report: Report): PackedReport {
  const encoder = new TextEncoder();
  const pieces: Uint8Array[] = [];
  const layout: FileLayout[] = [];
  const files = report.files.map((file) => {
    const anomalyPieces = sliced(file.anomalies, ANOMALIES_PER_PIECE);
    const blockPieces = sliced(file.blocks, BLOCKS_PER_PIECE);
    for (const piece of [...anomalyPieces, ...blockPieces]) pieces.push(encoder.encode(JSON.stringify(piece)));
    layout.push({ anomalyPieces: anomalyPieces.length, blockPieces: blockPieces.length });
    return { ...file, anomalies: [], blocks: [] };
  });
  const head: PackedHead = { report: { ...report, files }, layout };
  return { head: encoder.encode(JSON.stringify(head)), pieces };
}

/** The buffers a packed report owns, to move with it (a transfer list). */
export function packedBuffers(packed: PackedReport): ArrayBuffer[] {
  return [packed.head, ...packed.pieces].map((piece) => piece.buffer).filter((buffer): buffer is ArrayBuffer => buffer instanceof ArrayBuffer);
}

/** The report back from its pieces, parsed a slice of time at a time (see PARSE_SLICE_MS). */
export async function unpackReport(packed: PackedReport): Promise<Report> {
  const decoder = new TextDecoder();
  const parse = <T>(bytes: Uint8Array): T => JSON.parse(decoder.decode(bytes)) as T;
  let sliceStarted = performance.now();
  const breathe = async (): Promise<void> => {
    if (performance.now() - sliceStarted < PARSE_SLICE_MS) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
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
    const blocks: Block[] = [];
    for (let piece = 0; piece < layout.blockPieces; piece += 1) {
      await breathe();
      for (const block of parse<Block[]>(packed.pieces[next++] ?? new Uint8Array())) blocks.push(block);
    }
    files.push({ ...file, anomalies, blocks });
  }
  return { ...head.report, files };
}

function sliced<T>(items: readonly T[], size: number): T[][] {
  const slices: T[][] = [];
  for (let start = 0; start < items.length; start += size) slices.push(items.slice(start, start + size));
  return slices;
}
