// A quick way to find *some* baseline line close to a target line before the exact search runs.
//
// Most target lines have a near twin in the baseline that differs by a word or two (an id fragment, a host name).
// The exact search finds it by walking posting lists rarest token first, but the rarest token of such a line is
// often the one random word, whose list holds hundreds of unrelated lines. MinHash locality-sensitive hashing
// (Broder) points at likely twins directly: two token sets with Jaccard similarity J share the minimum of a random
// hash over their tokens with probability J, so lines that share BAND_WIDTH minima in one of BANDS bands are probably
// near. The probe only proposes lines; the caller scores each one exactly and uses it only when it is under the
// threshold, so which lines are anomalies never depends on the probe, only how fast a normal line is settled.

import { LineKeyTable, mix32 as mix } from './lineKeyTable';
import { privateCopy, type ArrayCopier } from './sharedMemory';

/** Bands, and minima per band: a twin at Jaccard 0.7 meets the target in some band with probability 1 - (1 - 0.7²)⁶ ≈ 98%. */
const BANDS = 6;
const BAND_WIDTH = 2;
const HASHES = BANDS * BAND_WIDTH;

/** Odd 32-bit seeds, one per hash function (digits of the golden ratio and of pi, mixed). */
const SEEDS = Int32Array.from({ length: HASHES }, (_, index) => Math.imul(index + 1, 0x9e3779b1) ^ 0x243f6a88);

/** Per-call scratch for the minima, so probing allocates nothing. */
const minima = new Int32Array(HASHES);

/**
 * Fills `minima` over the line's informative tokens (see `common`); returns how many there were. Words found on a
 * large share of lines (the level, the service, a placeholder) are left out: two unrelated lines share them, and a
 * bucket keyed by them would hold any line at all.
 */
function computeMinima(tokens: ArrayLike<number>, start: number, end: number, common: Uint8Array): number {
  minima.fill(0x7fffffff);
  let informative = 0;
  for (let index = start; index < end; index += 1) {
    const token = tokens[index] ?? 0;
    if (common[token] === 1) continue;
    informative += 1;
    const base = mix(token + 1);
    for (let hash = 0; hash < HASHES; hash += 1) {
      // One permutation of the well-mixed base per function (xor a seed, times an odd constant): cheaper than mixing
      // again, and a near twin is still found in some band (only the order of the values matters).
      const value = Math.imul(base ^ (SEEDS[hash] ?? 0), 0x2c1b3c6d);
      if (value < (minima[hash] ?? 0)) minima[hash] = value;
    }
  }
  return informative;
}

/** A token on more than this share of the baseline's distinct lines does not take part in the minima. */
const COMMON_SHARE = 1 / 16;

/**
 * 1 for each token found on more than COMMON_SHARE of `lineCount` lines (and more than 16): words too common to
 * point at a line (a level, a service, a placeholder). Both probes leave them out.
 */
export function commonWords(documentFrequency: Int32Array, lineCount: number): Uint8Array {
  const cutoff = Math.max(16, lineCount * COMMON_SHARE);
  const common = new Uint8Array(documentFrequency.length);
  for (let token = 0; token < documentFrequency.length; token += 1) {
    if ((documentFrequency[token] ?? 0) > cutoff) common[token] = 1;
  }
  return common;
}

function bandKey(band: number): number {
  let key = Math.imul(band + 1, 0x27d4eb2d);
  for (let offset = 0; offset < BAND_WIDTH; offset += 1) key = mix(key ^ (minima[band * BAND_WIDTH + offset] ?? 0));
  return key;
}

/** A probe as plain data for another thread (copies of its arrays). */
export interface MinHashProbeParts {
  readonly slots: Int32Array;
  readonly common: Uint8Array;
}

export class MinHashProbe {
  /** Band keys to the first baseline line that had each. */
  private readonly table: LineKeyTable;
  /** 1 for the tokens too common to take part in the minima. */
  private readonly common: Uint8Array;

  private constructor(table: LineKeyTable, common: Uint8Array) {
    this.table = table;
    this.common = common;
  }

  /**
   * Indexes every line of `tokenIds` (line `i` is `tokenIds[lineStarts[i] .. lineStarts[i + 1])`);
   * `documentFrequency[token]` is how many of those lines hold the token.
   */
  static build(tokenIds: Int32Array, lineStarts: Int32Array, lineCount: number, documentFrequency: Int32Array, checkpoint?: () => void): MinHashProbe {
    const common = commonWords(documentFrequency, lineCount);
    const probe = new MinHashProbe(LineKeyTable.forEntries(lineCount * BANDS), common);
    for (let line = 0; line < lineCount; line += 1) {
      if (checkpoint !== undefined && (line & 0x3fff) === 0) checkpoint();
      if (computeMinima(tokenIds, lineStarts[line] ?? 0, lineStarts[line + 1] ?? 0, common) === 0) continue;
      for (let band = 0; band < BANDS; band += 1) probe.table.insert(bandKey(band), line);
    }
    return probe;
  }

  /** The probe `parts` describes (see `parts`). */
  static fromParts(parts: MinHashProbeParts): MinHashProbe {
    return new MinHashProbe(new LineKeyTable(parts.slots), parts.common);
  }

  /** This probe as plain data for another thread, its arrays copied by `copy`. */
  parts(copy: ArrayCopier = privateCopy): MinHashProbeParts {
    return { slots: copy(this.table.slots), common: copy(this.common) };
  }

  /**
   * Takes a target line's minima, given by its known token ids, for `bandCandidate`; returns how many bands there are
   * to look up (0 when the line has no informative word). The minima live in one module scratch array that every
   * probe and every build writes, so the bands must be looked up before any other probe call.
   */
  prepareQuery(known: readonly number[]): number {
    return computeMinima(known, 0, known.length, this.common) === 0 ? 0 : BANDS;
  }

  /**
   * The line kept for one band of the line last prepared, or -1. A caller that scores each proposal as it comes
   * looks up only the bands it needs: most lines are settled by the first.
   */
  bandCandidate(band: number): number {
    return this.table.lookup(bandKey(band));
  }
}

export const MAX_PROBE_CANDIDATES = BANDS;
