// Case d of `npm run bench`: would dense algebra (ml-matrix, which our user chose) pay in the nearest-line search?
//
// The engine scores a target line against the baseline with a sparse inverted index (src/core/lineIndex.ts). The
// dense alternative the issue names is blocked scoring: take a block of target lines and every baseline line that
// shares a word with any of them (the candidates; an exact search cannot use fewer), lay both out as 0/1 matrices
// over the block's words, and get every dot product at once with one matrix product. This module runs both on the
// same target lines and prints what each costs, so the choice rests on a measurement. The full dense layout, every
// baseline line over the whole vocabulary, is only sized, never built: it would not fit in memory.
import { Matrix } from 'ml-matrix';
import { LineIndexBuilder, type LineIndex } from '../src/core/lineIndex';

export interface DenseScoringFigures {
  /** Distinct non-empty baseline token lines, and the words they use. */
  readonly baselineLines: number;
  readonly vocabulary: number;
  /** Target lines scored by both methods: distinct, not already a baseline line (a hash lookup settles those). */
  readonly sampleLines: number;
  readonly sparseMs: number;
  /** Dense blocked scoring with `mmul` (Q · Cᵀ), and with `transposeMultiply` (which skips Q's zeros). */
  readonly mmulMs: number;
  readonly transposeMultiplyMs: number;
  /** Mean candidate baseline lines per block. */
  readonly candidatesPerBlock: number;
  /** Multiply-adds the dense product performs, and the non-zero products among them (what counting needs). */
  readonly denseCells: number;
  readonly usefulProducts: number;
  /** Largest difference between the two methods' best similarity for a line (0 up to rounding when both are right). */
  readonly maxDifference: number;
  /** Size of a dense baseline × vocabulary matrix of doubles. */
  readonly fullMatrixBytes: number;
}

/** Candidate columns per dense chunk, so one chunk's matrix stays near 32 MB of doubles whatever the block's words. */
const CHUNK_CELLS = 4 * 1024 * 1024;

/** The engine's own index, read from its snapshot: both methods score against the very same lines and words. */
interface Prepared {
  readonly lines: readonly string[];
  readonly lineWords: readonly Int32Array[];
  readonly postings: readonly Int32Array[];
  readonly wordIds: ReadonlyMap<string, number>;
}

function prepare(index: LineIndex): Prepared {
  const snapshot = index.snapshot({ rawLines: false });
  const { lineStarts, tokenIds, postingStarts, postings } = snapshot;
  return {
    lines: snapshot.tokens,
    // The index keeps each word once per line, as the binary cosine counts it.
    lineWords: snapshot.tokens.map((_, line) => tokenIds.subarray(lineStarts[line] ?? 0, lineStarts[line + 1] ?? 0)),
    postings: snapshot.vocabulary.words.map((_, id) => postings.subarray(postingStarts[id] ?? 0, postingStarts[id + 1] ?? 0)),
    wordIds: new Map(snapshot.vocabulary.words.map((word, id) => [word, id])),
  };
}

/** A target line as the dense method sees it: its known word ids, and its norm over all its distinct words. */
function queryOf(tokens: string, wordIds: ReadonlyMap<string, number>): { known: number[]; norm: number } {
  const distinct = new Set(tokens.split(' '));
  const known: number[] = [];
  for (const word of distinct) {
    const id = wordIds.get(word);
    if (id !== undefined) known.push(id);
  }
  return { known, norm: Math.sqrt(distinct.size) };
}

/**
 * Best binary cosine of each sample line, by dense blocked scoring. `multiply(q, c)` returns Q · Cᵀ given Q
 * (block × words) and Cᵀ (words × candidates).
 */
function denseBest(
  prepared: Prepared,
  sample: readonly string[],
  blockSize: number,
  multiply: (q: Matrix, transposedCandidates: Matrix) => Matrix,
  counts: { cells: number; candidates: number; blocks: number },
): Float64Array {
  const best = new Float64Array(sample.length);
  const candidateStamp = new Int32Array(prepared.lines.length);
  for (let blockStart = 0; blockStart < sample.length; blockStart += blockSize) {
    const block = sample.slice(blockStart, blockStart + blockSize).map((tokens) => queryOf(tokens, prepared.wordIds));
    const column = new Map<number, number>();
    for (const query of block) for (const id of query.known) if (!column.has(id)) column.set(id, column.size);
    const candidates: number[] = [];
    const stamp = blockStart + 1;
    for (const id of column.keys()) {
      for (const line of prepared.postings[id] ?? []) {
        if (candidateStamp[line] !== stamp) {
          candidateStamp[line] = stamp;
          candidates.push(line);
        }
      }
    }
    counts.blocks += 1;
    counts.candidates += candidates.length;
    const words = Math.max(1, column.size);
    const q = new Matrix(block.length, words);
    block.forEach((query, row) => {
      for (const id of query.known) q.set(row, column.get(id) ?? 0, 1);
    });
    const chunk = Math.max(1, Math.floor(CHUNK_CELLS / words));
    for (let chunkStart = 0; chunkStart < candidates.length; chunkStart += chunk) {
      const lines = candidates.slice(chunkStart, chunkStart + chunk);
      const transposed = new Matrix(words, lines.length);
      lines.forEach((line, col) => {
        for (const id of prepared.lineWords[line] ?? []) {
          const row = column.get(id);
          if (row !== undefined) transposed.set(row, col, 1);
        }
      });
      const dots = multiply(q, transposed);
      counts.cells += block.length * words * lines.length;
      block.forEach((query, row) => {
        for (let col = 0; col < lines.length; col += 1) {
          const size = prepared.lineWords[lines[col] ?? 0]?.length ?? 1;
          const score = dots.get(row, col) / (query.norm * Math.sqrt(size));
          if (score > (best[blockStart + row] ?? 0)) best[blockStart + row] = score;
        }
      });
    }
  }
  return best;
}

/** Runs both methods on up to `sampleSize` target lines in blocks of `blockSize`; see DenseScoringFigures. */
export function compareDenseScoring(baselineTokens: readonly string[], targetTokens: readonly string[], sampleSize: number, blockSize: number): DenseScoringFigures {
  const builder = new LineIndexBuilder();
  baselineTokens.forEach((tokens, line) => builder.add(tokens, tokens, line));
  const index = builder.freeze('binary');
  const prepared = prepare(index);
  const known = new Set(prepared.lines);
  const sample: string[] = [];
  const picked = new Set<string>();
  // Distinct new target lines spaced evenly, so the sample spans the whole target rather than its first file.
  const fresh = targetTokens.filter((tokens) => tokens.length > 0 && !known.has(tokens) && !picked.has(tokens) && picked.add(tokens));
  const count = Math.min(sampleSize, fresh.length);
  for (let pick = 0; pick < count; pick += 1) sample.push(fresh[Math.floor((pick * fresh.length) / count)] ?? '');

  // No threshold: the exact nearest line, which is what the dense product computes. Timed on a second pass, once
  // the search code is compiled, as it is in the engine after its first thousand lines.
  const sparseSearch = (): number[] => sample.map((tokens) => 1 - index.nearest(tokens).distance);
  sparseSearch();
  let started = performance.now();
  const sparseBest = sparseSearch();
  const sparseMs = performance.now() - started;

  const viaProduct = (q: Matrix, transposed: Matrix): Matrix => q.mmul(transposed);
  const viaTransposed = (q: Matrix, transposed: Matrix): Matrix => q.transpose().transposeMultiply(transposed);
  // The dense paths are warmed too (one block each, untimed), so neither side pays for compiling its code.
  const ignored = { cells: 0, candidates: 0, blocks: 0 };
  denseBest(prepared, sample.slice(0, blockSize), blockSize, viaProduct, ignored);
  denseBest(prepared, sample.slice(0, blockSize), blockSize, viaTransposed, ignored);
  const counts = { cells: 0, candidates: 0, blocks: 0 };
  started = performance.now();
  const viaMmul = denseBest(prepared, sample, blockSize, viaProduct, counts);
  const mmulMs = performance.now() - started;
  started = performance.now();
  const viaTransposeMultiply = denseBest(prepared, sample, blockSize, viaTransposed, ignored);
  const transposeMultiplyMs = performance.now() - started;

  let usefulProducts = 0;
  for (const tokens of sample) for (const id of queryOf(tokens, prepared.wordIds).known) usefulProducts += prepared.postings[id]?.length ?? 0;
  let maxDifference = 0;
  sample.forEach((_, line) => {
    const expected = sparseBest[line] ?? 0;
    maxDifference = Math.max(maxDifference, Math.abs((viaMmul[line] ?? 0) - expected), Math.abs((viaTransposeMultiply[line] ?? 0) - expected));
  });
  return {
    baselineLines: prepared.lines.length,
    vocabulary: prepared.wordIds.size,
    sampleLines: sample.length,
    sparseMs,
    mmulMs,
    transposeMultiplyMs,
    candidatesPerBlock: counts.blocks === 0 ? 0 : counts.candidates / counts.blocks,
    denseCells: counts.cells,
    usefulProducts,
    maxDifference,
    fullMatrixBytes: prepared.lines.length * prepared.wordIds.size * 8,
  };
}
