// A direct way to find common kinds of near twin: a target line that is a baseline line plus a word or two (an id
// fragment, a name, a word the baseline never saw), or that has one word in place of another. Each baseline line's
// set of token ids is hashed by a sum of mixed ids, which does not depend on their order, and so is the set less each
// of its first few informative words (see `commonWords` and MAX_DELETIONS_PER_LINE). The target's sum, as it is and
// less one or two of its words' mixes, is then looked up in a flat table. The MinHash probe misses such a twin when
// the line's informative words are few and the extra or replaced word is one of them, and the line then walked the
// posting lists (a third of the search time on the bench's synthetic lines). Like the MinHash probe it only proposes
// lines: the caller scores each one exactly and uses it only when it is under the threshold, so which lines are
// anomalies never depends on it.

import { LineKeyTable, mix32 } from './lineKeyTable';
import { commonWords } from './minHashProbe';
import { privateCopy, type ArrayCopier } from './sharedMemory';

/** A token id mixed, + 1 so that id 0 does not mix to 0. */
function mixId(id: number): number {
  return mix32(id + 1);
}

export const MAX_SUBSET_CANDIDATES = 4;

/** Lines with more known words than this are not probed by pairs (their pairs grow with the square). */
const MAX_PAIR_WORDS = 40;

/**
 * A baseline line's set is also indexed less each of its first this many informative words, which bounds the table
 * (a line of hundreds of rare words would otherwise add hundreds of entries).
 */
const MAX_DELETIONS_PER_LINE = 8;

/** A probe as plain data for another thread (copies of its table's arrays). */
export interface SubsetProbeParts {
  readonly slots: Int32Array;
}

export class SubsetProbe {
  /** Each baseline line's token-set sum, and its sum less each informative word, to the first line with that sum. */
  private readonly table: LineKeyTable;
  /** The prepared query (see `prepareQuery`): its known words' mixes, how many, and their sum. */
  private queryMixes = new Int32Array(64);
  private querySize = 0;
  private querySum = 0;

  private constructor(table: LineKeyTable) {
    this.table = table;
  }

  /**
   * Indexes every line of `tokenIds` (line `i` is `tokenIds[lineStarts[i] .. lineStarts[i + 1])`, distinct ids);
   * `documentFrequency[token]` is how many of those lines hold the token.
   */
  static build(tokenIds: Int32Array, lineStarts: Int32Array, lineCount: number, documentFrequency: Int32Array, checkpoint?: () => void): SubsetProbe {
    const common = commonWords(documentFrequency, lineCount);
    const sums = new Int32Array(lineCount);
    let entries = lineCount;
    for (let line = 0; line < lineCount; line += 1) {
      let sum = 0;
      const end = lineStarts[line + 1] ?? 0;
      for (let index = lineStarts[line] ?? 0; index < end; index += 1) sum = (sum + mixId(tokenIds[index] ?? 0)) | 0;
      sums[line] = sum;
      entries += deletionsOf(tokenIds, lineStarts[line] ?? 0, end, common, sum, () => undefined);
    }
    const table = LineKeyTable.forEntries(entries);
    // Every line's own set first, then the sets less a word: a key stays with its first line, and a line with
    // exactly the target's words is the better twin than one with a word more (it settles at distance 0).
    for (let line = 0; line < lineCount; line += 1) {
      if (checkpoint !== undefined && (line & 0xffff) === 0) checkpoint();
      table.insert(sums[line] ?? 0, line);
    }
    for (let line = 0; line < lineCount; line += 1) {
      if (checkpoint !== undefined && (line & 0xffff) === 0) checkpoint();
      deletionsOf(tokenIds, lineStarts[line] ?? 0, lineStarts[line + 1] ?? 0, common, sums[line] ?? 0, (key) => table.insert(key, line));
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
   * Takes a target line's known token ids for the lookups below: their mixes and their sum, computed once for the
   * three (the pairs alone would mix each word once per pair). Kept until the next call.
   */
  prepareQuery(known: readonly number[]): void {
    if (this.queryMixes.length < known.length) this.queryMixes = new Int32Array(known.length * 2);
    let sum = 0;
    for (let index = 0; index < known.length; index += 1) {
      const mixed = mixId(known[index] ?? 0);
      this.queryMixes[index] = mixed;
      sum = (sum + mixed) | 0;
    }
    this.querySize = known.length;
    this.querySum = sum;
  }

  /**
   * A baseline line whose token set may be the prepared line's known words, or those and one more, or -1. Looked up
   * first, and apart from `candidates`, because it settles a line seen in the baseline with one read.
   */
  sameSetCandidate(): number {
    return this.table.lookup(this.querySum);
  }

  /**
   * Baseline lines whose token set may be the prepared line's known words less one, or that and one informative word
   * of the baseline line's own (one word replaced), written to `out` (distinct, at most MAX_SUBSET_CANDIDATES);
   * returns how many. The known words as they are is `sameSetCandidate`'s lookup.
   */
  candidates(out: Int32Array): number {
    if (this.querySize < 2) return 0;
    let count = 0;
    for (let word = 0; word < this.querySize; word += 1) {
      count = propose(this.table.lookup((this.querySum - (this.queryMixes[word] ?? 0)) | 0), out, count);
      if (count === MAX_SUBSET_CANDIDATES) break;
    }
    return count;
  }

  /**
   * Baseline lines whose token set may be the prepared line's known words less two of them, or that and one
   * informative word of the line's own, written to `out` (distinct, at most MAX_SUBSET_CANDIDATES); returns how
   * many. Only for lines of at most MAX_PAIR_WORDS known words.
   */
  pairCandidates(out: Int32Array): number {
    const size = this.querySize;
    if (size < 3 || size > MAX_PAIR_WORDS) return 0;
    let count = 0;
    for (let first = 0; first < size; first += 1) {
      const less = (this.querySum - (this.queryMixes[first] ?? 0)) | 0;
      for (let second = first + 1; second < size; second += 1) {
        count = propose(this.table.lookup((less - (this.queryMixes[second] ?? 0)) | 0), out, count);
        if (count === MAX_SUBSET_CANDIDATES) return count;
      }
    }
    return count;
  }
}

/** Adds `line` to the `count` proposals in `out` unless it is -1 or there already; returns the new count. */
function propose(line: number, out: Int32Array, count: number): number {
  if (line < 0) return count;
  for (let index = 0; index < count; index += 1) if (out[index] === line) return count;
  out[count] = line;
  return count + 1;
}

/**
 * Calls `insert` with the line's sum less each of its first MAX_DELETIONS_PER_LINE informative words; returns how many.
 * The one loop both counts the table's entries and fills it, so the two cannot disagree (a table sized for fewer
 * entries than it is given would fill up).
 */
function deletionsOf(tokenIds: Int32Array, start: number, end: number, common: Uint8Array, sum: number, insert: (key: number) => void): number {
  let deleted = 0;
  for (let index = start; index < end && deleted < MAX_DELETIONS_PER_LINE; index += 1) {
    const id = tokenIds[index] ?? 0;
    if (common[id] === 1) continue;
    insert((sum - mixId(id)) | 0);
    deleted += 1;
  }
  return deleted;
}
