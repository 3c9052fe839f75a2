import { strict as assert } from 'node:assert';
import { MAX_SUBSET_CANDIDATES, SubsetProbe } from '../../../src/core/subsetProbe';

// The probe proposes the baseline lines whose token set is the target's known words, or those less one, or either
// plus one word of the line's own that is not too common (the first of these by `sameSetCandidate`). Whether a line
// is an anomaly never depends on it; that is checked against brute force in lineIndex.test.ts, where the probe runs
// on every line the MinHash bands do not settle.

/** Token ids of each line, and the table of lines the probe indexes (ids are distinct within a line). */
function indexed(lines: readonly (readonly number[])[]): SubsetProbe {
  const starts = [0];
  const ids: number[] = [];
  for (const line of lines) {
    ids.push(...line);
    starts.push(ids.length);
  }
  const frequency = new Int32Array(Math.max(0, ...ids) + 1);
  for (const id of ids) frequency[id] = (frequency[id] ?? 0) + 1;
  return SubsetProbe.build(Int32Array.from(ids), Int32Array.from(starts), lines.length, frequency);
}

/** The probe's lookups for one line: it is prepared first, as the search does. */
function sameSet(probe: SubsetProbe, known: readonly number[]): number {
  probe.prepareQuery(known);
  return probe.sameSetCandidate();
}

function subsets(probe: SubsetProbe, known: readonly number[], out: Int32Array): number {
  probe.prepareQuery(known);
  return probe.candidates(out);
}

function pairsOf(probe: SubsetProbe, known: readonly number[], out: Int32Array): number {
  probe.prepareQuery(known);
  return probe.pairCandidates(out);
}

describe('subset probe', () => {
  const baseline = [
    [1, 2, 3, 4],
    [5, 6, 7],
    [1, 2, 3, 4, 9],
    [10, 11],
  ];
  const probe = indexed(baseline);
  const out = new Int32Array(MAX_SUBSET_CANDIDATES);
  /** What the search is proposed for a line: the same-set lookup's line, then the others. */
  const proposed = (known: number[]): number[] => {
    const same = sameSet(probe, known);
    const others = Array.from(out.subarray(0, subsets(probe, known, out)));
    return [...new Set([...(same >= 0 ? [same] : []), ...others])].sort();
  };
  const pairs = (known: number[]): number[] => Array.from(out.subarray(0, pairsOf(probe, known, out))).sort();

  it('proposes a baseline line that the target holds with one more word, in any order', () => {
    assert.deepEqual(proposed([7, 5, 8, 6]), [1]);
    // The same set as line 2, and line 2 less 9 is line 0.
    assert.deepEqual(proposed([9, 4, 3, 2, 1]), [0, 2]);
  });

  it('proposes the line made of the known words (the target may also hold unseen words)', () => {
    assert.deepEqual(proposed([6, 7, 5]), [1]);
  });

  it('proposes a baseline line with one word in place of one of the target\'s, or one word more', () => {
    assert.deepEqual(proposed([1, 2, 3, 8]), [0], '4 replaced by 8');
    assert.deepEqual(proposed([1, 2, 3]), [0], 'line 0 holds 4 more');
    assert.deepEqual(proposed([10]), [3], 'line 3 holds 11 more');
  });

  it('proposes a line with exactly the known words before one that holds them and one more', () => {
    // Line 0 is line 1 with word 33 more, and comes first: the set of line 1 is still line 1's key.
    const ordered = indexed([[30, 31, 32, 33], [30, 31, 32], [40, 41]]);
    assert.equal(sameSet(ordered, [32, 30, 31]), 1);
    assert.equal(sameSet(ordered, [41]), 2, 'and a line with one word more when none has exactly the set');
    assert.equal(sameSet(ordered, [50, 51]), -1);
  });

  it('indexes a baseline of many lines of rare words whole (the table is sized for every entry it gets)', () => {
    const lines = Array.from({ length: 2000 }, (_, line) => Array.from({ length: 10 }, (__, word) => 1000 + line * 10 + word));
    const rare = indexed(lines);
    const found = (known: number[]): number[] => Array.from(out.subarray(0, subsets(rare, known, out)));
    for (const line of [0, 999, 1999]) {
      const words = lines[line] ?? [];
      assert.equal(sameSet(rare, words), line);
      assert.deepEqual(found([...words.slice(1), 7]), [line], 'its first word replaced');
      assert.deepEqual(found([...words, 7]), [line], 'a word more');
    }
  });

  it('proposes nothing for lines two words away', () => {
    assert.deepEqual(proposed([5, 6, 7, 8, 12]), []);
    assert.deepEqual(proposed([5, 8, 12]), [], 'two words replaced');
    assert.deepEqual(proposed([]), []);
  });

  it('leaves common words out of the replacements it indexes', () => {
    // Word 1 is on 20 of 21 lines (more than 16 and a sixteenth), so no line is indexed less it.
    const lines = [...Array.from({ length: 20 }, (_, index) => [1, 100 + index, 200 + index]), [300, 301, 302]];
    const common = indexed(lines);
    const count = (known: number[]): number => subsets(common, known, out);
    assert.equal(count([2, 100, 200]), 0, 'line 0 with its common word replaced is not proposed');
    assert.equal(count([1, 100, 999]), 1, 'line 0 with a rare word replaced is');
    assert.equal(count([300, 301, 999]), 1);
  });

  it('proposes by pairs a baseline line that the target holds with two more words, in any order', () => {
    assert.deepEqual(pairs([7, 40, 5, 41, 6]), [1]);
    // Less 9 and 30 is line 0; less 30 and one of 1 to 4 is line 2 with that word replaced.
    assert.deepEqual(pairs([9, 4, 30, 3, 2, 1]), [0, 2]);
    assert.deepEqual(pairs([5, 6, 8, 9]), [1], 'two words more and one replaced');
    assert.deepEqual(pairs([10, 11]), [], 'two words less two is no line');
  });

  it('keeps at most MAX_SUBSET_CANDIDATES distinct lines', () => {
    // Every line of one word less than the target exists: one proposal per word, capped.
    const words = [20, 21, 22, 23, 24, 25, 26];
    const many = indexed(words.map((left) => words.filter((word) => word !== left)));
    const count = subsets(many, words, out);
    assert.equal(count, MAX_SUBSET_CANDIDATES);
    assert.equal(new Set(out.subarray(0, count)).size, count);
  });
});
