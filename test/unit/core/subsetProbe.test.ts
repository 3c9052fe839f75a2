import { strict as assert } from 'node:assert';
import { MAX_SUBSET_CANDIDATES, SubsetProbe } from '../../../src/core/subsetProbe';

// The probe proposes the baseline lines whose token set is the target's known words less one (or all of them, when the
// target also holds words the baseline never saw). Whether a line is an anomaly never depends on it; that is checked
// against brute force in lineIndex.test.ts, where the probe runs on every line the MinHash bands do not settle.

/** Token ids of each line, and the table of lines the probe indexes (ids are distinct within a line). */
function indexed(lines: readonly (readonly number[])[]): SubsetProbe {
  const starts = [0];
  const ids: number[] = [];
  for (const line of lines) {
    ids.push(...line);
    starts.push(ids.length);
  }
  return SubsetProbe.build(Int32Array.from(ids), Int32Array.from(starts), lines.length);
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
  const proposed = (known: number[], hasUnseen = false): number[] => Array.from(out.subarray(0, probe.candidates(known, hasUnseen, out))).sort();

  it('proposes a baseline line that the target holds with one more word, in any order', () => {
    assert.deepEqual(proposed([7, 5, 8, 6]), [1]);
    // [1, 2, 3, 4, 9] less 9 is line 0; less any other word, nothing is indexed.
    assert.deepEqual(proposed([9, 4, 3, 2, 1]), [0]);
  });

  it('proposes the line made of the known words when the target also holds unseen words', () => {
    assert.deepEqual(proposed([6, 7, 5], true), [1]);
    assert.deepEqual(proposed([6, 7, 5], false), [], 'the same set is no twin with one word less');
  });

  it('proposes nothing for lines that differ by a substitution or by two words', () => {
    assert.deepEqual(proposed([1, 2, 3, 8]), []);
    assert.deepEqual(proposed([5, 6, 7, 8, 12]), []);
    assert.deepEqual(proposed([10]), [], 'a single word less one is no line');
    assert.deepEqual(proposed([]), []);
  });

  it('proposes by pairs a baseline line that the target holds with two more words, in any order', () => {
    const pairs = (known: number[]): number[] => Array.from(out.subarray(0, probe.pairCandidates(known, out))).sort();
    assert.deepEqual(pairs([7, 40, 5, 41, 6]), [1]);
    assert.deepEqual(pairs([9, 4, 30, 3, 2, 1]), [0], 'less 9 and 30 is line 0; less 30 alone (line 2) is the single probe\'s');
    assert.deepEqual(pairs([1, 2, 3, 4, 8]), [], 'one word more is the single probe\'s');
    assert.deepEqual(pairs([5, 6, 8, 9]), [], 'a substitution is no pair');
    assert.deepEqual(pairs([10, 11]), [], 'two words less two is no line');
  });

  it('keeps at most MAX_SUBSET_CANDIDATES distinct lines', () => {
    // Every line of one word less than the target exists: one proposal per word, capped.
    const words = [20, 21, 22, 23, 24, 25, 26];
    const many = indexed(words.map((left) => words.filter((word) => word !== left)));
    const count = many.candidates(words, false, out);
    assert.equal(count, MAX_SUBSET_CANDIDATES);
    assert.equal(new Set(out.subarray(0, count)).size, count);
  });
});
