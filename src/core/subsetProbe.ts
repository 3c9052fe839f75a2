// A direct way to find a common kind of near twin: a target line that is a baseline line plus one word (an id
// fragment, a name, a word the baseline never saw). Each baseline line's set of token ids is hashed by a sum of mixed
// ids, which does not depend on their order; the target's sum less one of its words' mixes (or the sum of its known
// words alone, when it also holds unseen words) is then looked up in a flat table. The MinHash probe misses such a
// twin when the line's informative words are few and the extra word is one of them, and the line then walked the
// posting lists (a third of the search time on the bench's synthetic lines). Like the MinHash probe it only proposes
// lines: the caller scores each one exactly and uses it only when it is under the threshold, so which lines are
// anomalies never depends on it.

import { LineKeyTable, mix32 } from './lineKeyTable';
import { privateCopy, type ArrayCopier } from './sharedMemory';

/** A token id mixed, + 1 so that id 0 does not mix to 0. */
function mixId(id: number): number {
  return mix32(id + 1);
}

export const MAX_SUBSET_CANDIDATES = 4;

/** Lines with more known words than this are not probed by pairs (their pairs grow with the square). */
const MAX_PAIR_WORDS = 40;

/** A probe as plain data for another thread (copies of its table's arrays). */
export interface SubsetProbeParts {
  readonly slots: Int32Array;
}

export class SubsetProbe {
  /** Each baseline line's token-set sum to the first line with that set. */
  private readonly table: LineKeyTable;

  private constructor(table: LineKeyTable) {
    this.table = table;
  }

  /** Indexes every line of `tokenIds` (line `i` is `tokenIds[lineStarts[i] .. lineStarts[i + 1])`, distinct ids). */
  static build(tokenIds: Int32Array, lineStarts: Int32Array, lineCount: number, checkpoint?: () => void): SubsetProbe {
    const table = LineKeyTable.forEntries(lineCount);
    for (let line = 0; line < lineCount; line += 1) {
      if (checkpoint !== undefined && (line & 0xffff) === 0) checkpoint();
      let sum = 0;
      const end = lineStarts[line + 1] ?? 0;
      for (let index = lineStarts[line] ?? 0; index < end; index += 1) sum = (sum + mixId(tokenIds[index] ?? 0)) | 0;
      // The first line with a set stays: lines with the same words in another order are as good a twin.
      table.insert(sum, line);
    }
    return new SubsetProbe(table);
  }

  /** The probe `parts` describes (see `parts`). */
  static fromParts(parts: SubsetProbeParts): SubsetProbe {
    return new SubsetProbe(new LineKeyTable(parts.slots));
  }

  /** This probe as plain data for another thread, its arrays copied by `copy`. */
  parts(copy: ArrayCopier = privateCopy): SubsetProbeParts {
    return { slots: copy(this.table.slots) };
  }

  /**
   * Baseline lines whose token set may be the target's known words (when it also holds unseen words) or the known
   * words less one, written to `out` (distinct, at most MAX_SUBSET_CANDIDATES); returns how many.
   */
  candidates(known: readonly number[], hasUnseen: boolean, out: Int32Array): number {
    let sum = 0;
    for (const id of known) sum = (sum + mixId(id)) | 0;
    let count = 0;
    if (hasUnseen) {
      const line = this.table.lookup(sum);
      if (line >= 0) out[count++] = line;
    }
    if (known.length < 2) return count;
    for (const id of known) {
      const line = this.table.lookup((sum - mixId(id)) | 0);
      if (line < 0) continue;
      let seen = false;
      for (let index = 0; index < count; index += 1) if (out[index] === line) seen = true;
      if (seen) continue;
      out[count++] = line;
      if (count === MAX_SUBSET_CANDIDATES) break;
    }
    return count;
  }

  /**
   * Baseline lines whose token set may be the target's known words less two of them, written to `out` (distinct, at
   * most MAX_SUBSET_CANDIDATES); returns how many. Only for lines of at most MAX_PAIR_WORDS known words.
   */
  pairCandidates(known: readonly number[], out: Int32Array): number {
    const size = known.length;
    if (size < 3 || size > MAX_PAIR_WORDS) return 0;
    let sum = 0;
    for (const id of known) sum = (sum + mixId(id)) | 0;
    let count = 0;
    for (let first = 0; first < size; first += 1) {
      const less = (sum - mixId(known[first] ?? 0)) | 0;
      for (let second = first + 1; second < size; second += 1) {
        const line = this.table.lookup((less - mixId(known[second] ?? 0)) | 0);
        if (line < 0) continue;
        let seen = false;
        for (let index = 0; index < count; index += 1) if (out[index] === line) seen = true;
        if (seen) continue;
        out[count++] = line;
        if (count === MAX_SUBSET_CANDIDATES) return count;
      }
    }
    return count;
  }
}
