import { strict as assert } from 'node:assert';
import { LineIndex, LineIndexBuilder, snapshotBuffers } from '../../../src/core/lineIndex';
import { tokenize } from '../../../src/core/tokenizer';
import { seededRandom as seeded } from '../../fixtures/syntheticText';

// The filtered search must decide "distance >= threshold" exactly as a brute-force scan over every baseline line
// does, and may only over-state (never under-state) the distance of an anomaly. Brute force here computes the set
// cosine with the same floating-point expression as the index, so ties at the threshold decide the same way.


const WORDS = Array.from({ length: 40 }, (_, index) => `word${String.fromCharCode(97 + (index % 26))}${String.fromCharCode(97 + Math.floor(index / 26))}`);

/** A line of 1..12 words drawn with a skewed frequency (a few words everywhere, most rare), some never in the baseline. */
function sentence(random: () => number, vocabulary: number): string {
  const length = 1 + Math.floor(random() * 12);
  return Array.from({ length }, () => WORDS[Math.floor(vocabulary ** random()) - 1] ?? 'wordzz').join(' ');
}

function bruteForce(baseline: readonly string[], tokens: string): number {
  const query = new Set(tokens.split(' '));
  let best = 0;
  for (const line of new Set(baseline)) {
    const words = new Set(line.split(' '));
    let shared = 0;
    for (const word of query) if (words.has(word)) shared += 1;
    const score = shared / (Math.sqrt(query.size) * Math.sqrt(words.size));
    if (score > best) best = score;
  }
  const distance = 1 - best;
  return distance < 1e-9 ? 0 : distance > 1 ? 1 : distance;
}

/** Walk budget 0 sends every line through the filters; the default lets the bound walk answer most of them. */
function build(lines: readonly string[], anomalyScan: number, walk?: number): LineIndex {
  const builder = new LineIndexBuilder();
  for (const line of lines) builder.add(line, line, 0);
  return builder.freeze('binary', { anomalyScan, ...(walk !== undefined ? { walk } : {}) });
}

describe('line index: filtered search', () => {
  const thresholds = [0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 0.95, 1];

  it('decides every anomaly exactly as brute force, whatever the scan budget', () => {
    const random = seeded(11);
    for (let round = 0; round < 6; round += 1) {
      const baseline = Array.from({ length: 300 }, () => tokenize(sentence(random, 34))).filter((line) => line !== '');
      const queries = Array.from({ length: 300 }, () => tokenize(sentence(random, 40))).filter((line) => line !== '');
      const expectations = queries.map((tokens) => bruteForce(baseline, tokens));
      for (const [budget, walk] of [[0, 0], [50, 0], [Infinity, 0], [0, 20], [10, undefined]] as const) {
        const index = build(baseline, budget, walk);
        for (const threshold of thresholds) {
          for (const [position, tokens] of queries.entries()) {
            const expected = expectations[position] ?? -1;
            const match = index.nearest(tokens, threshold);
            assert.equal(match.distance >= threshold, expected >= threshold, `${tokens} at ${threshold}: ${match.distance} vs ${expected}`);
            // Under the threshold the search may stop at the first line under it, but that line is real and that near.
            if (expected < threshold && match.line >= 0) {
              assert.equal(bruteForce([index.rawLines[match.line] ?? ''], tokens), match.distance, `${tokens} at ${threshold}`);
            }
          }
        }
      }
    }
  });

  /**
   * Queries made from random baseline lines changed the way `change` says (its words in a new order), each decided at
   * and just around its own distance to that line: a probe proposes exactly such twins, and a threshold just past
   * their distance must not let one through.
   */
  function assertTwinsDecided(seed: number, change: 'one more' | 'two more' | 'one replaced'): void {
    const random = seeded(seed);
    const baseline = Array.from({ length: 400 }, () => tokenize(sentence(random, 34))).filter((line) => line !== '');
    const index = build(baseline, 50);
    index.prepare(0.2);
    const vocabulary = [...new Set(baseline.flatMap((line) => line.split(' ')))];
    for (let query = 0; query < 400; query += 1) {
      const twin = baseline[Math.floor(random() * baseline.length)] ?? '';
      const words = [...new Set(twin.split(' '))];
      const size = words.length;
      const pick = (): string => (random() < 0.3 ? `wordunseen${Math.floor(random() * 3)}` : vocabulary.find((word) => !words.includes(word) && random() < 0.2) ?? 'wordunseen');
      const first = pick();
      const second = ((other: string): string => (other === first ? 'wordother' : other))(pick());
      const dropped = words[Math.floor(random() * size)] ?? '';
      const [queryWords, shared] =
        change === 'one more' ? [[...words, first], size] : change === 'two more' ? [[first, ...words, second], size] : [[...words.filter((word) => word !== dropped), first], size - 1];
      const tokens = queryWords.reverse().join(' ');
      const own = 1 - shared / (Math.sqrt(queryWords.length) * Math.sqrt(size));
      const expected = bruteForce(baseline, tokens);
      for (const threshold of [own, own - 1e-3, own + 1e-3, own - 1e-12, own + 1e-12, 0.2]) {
        if (!(threshold > 0 && threshold < 1)) continue;
        const match = index.nearest(tokens, threshold);
        assert.equal(match.distance >= threshold, expected >= threshold, `${tokens} at ${threshold}: ${match.distance} vs ${expected}`);
      }
    }
  }

  it('decides lines that are a baseline line plus one word exactly, at and around their own distances', () => assertTwinsDecided(17, 'one more'));
  it('decides lines that are a baseline line plus two words exactly, at and around their own distances', () => assertTwinsDecided(19, 'two more'));
  it('decides lines that are a baseline line with one word replaced exactly, at and around their own distances', () => assertTwinsDecided(23, 'one replaced'));

  it('settles every baseline line, in its own word order or another, even at a threshold just above zero', () => {
    // With a threshold, a line seen in the baseline is not looked up by its text but settled by the probes.
    const random = seeded(29);
    const baseline = Array.from({ length: 300 }, () => tokenize(sentence(random, 30))).filter((line) => line !== '');
    const index = build(baseline, 0);
    for (const line of baseline) {
      const reordered = line.split(' ').reverse().join(' ');
      for (const tokens of [line, reordered]) {
        for (const threshold of [1e-9, 0.2]) assert.equal(index.nearest(tokens, threshold).distance, 0, `${tokens} at ${threshold}`);
      }
      assert.equal(index.nearest(line).distance, 0, 'without a threshold too');
    }
  });

  it('decides as brute force when a baseline line holds more tokens than two bytes can count', () => {
    // Such a line switches the prefix index to four-byte sizes and positions.
    const random = seeded(23);
    const huge = Array.from({ length: 70_000 }, (_, index) => `huge${index.toString(36)}`);
    const baseline = [...Array.from({ length: 200 }, () => tokenize(sentence(random, 34))), huge.join(' ')].filter((line) => line !== '');
    const nearHuge = huge.slice(0, 69_000).join(' ');
    const queries = [...Array.from({ length: 40 }, () => tokenize(sentence(random, 40))), nearHuge, `${nearHuge} wordzz`, huge.slice(0, 9_000).join(' ')];
    const index = build(baseline, Infinity, 0);
    for (const tokens of queries.filter((line) => line !== '')) {
      const expected = bruteForce(baseline, tokens);
      for (const threshold of [0.05, 0.2, 0.5]) {
        assert.equal(index.nearest(tokens, threshold).distance >= threshold, expected >= threshold, `${tokens.slice(0, 40)} at ${threshold}`);
      }
    }
  });

  it('reports an anomaly distance that is exact with no budget cap and never under the true distance', () => {
    const random = seeded(5);
    const baseline = Array.from({ length: 2000 }, () => tokenize(sentence(random, 40))).filter((line) => line !== '');
    const queries = Array.from({ length: 400 }, () => tokenize(sentence(random, 40))).filter((line) => line !== '');
    const exact = build(baseline, Infinity, 0);
    const capped = build(baseline, 0, 0);
    let overstated = 0;
    for (const tokens of queries) {
      const expected = bruteForce(baseline, tokens);
      // Without a threshold the search is exact; with one, anomalies (the only lines a report shows) are exact.
      assert.equal(exact.nearest(tokens).distance, expected, tokens);
      if (expected >= 0.2) assert.equal(exact.nearest(tokens, 0.2).distance, expected, tokens);
      else assert.ok(exact.nearest(tokens, 0.2).distance < 0.2, tokens);
      const match = capped.nearest(tokens, 0.2);
      assert.ok(match.distance >= expected - 1e-12, `${tokens}: ${match.distance} under ${expected}`);
      if (match.distance > expected + 1e-12) overstated += 1;
      // The reported nearest line really is that near: the distance is a real line's, not an estimate.
      if (match.line >= 0) assert.equal(bruteForce([capped.rawLines[match.line] ?? ''], tokens), match.distance, tokens);
    }
    // With a zero budget some anomalies must come out over-stated, or this test would not exercise the bound.
    assert.ok(overstated > 0, 'no anomaly distance was over-stated with a zero budget');
  });
});

describe('line index: snapshot for another thread', () => {
  /** A prepared index over random sentences, the lines it came from, and queries near them. */
  function sample(seed: number): { baseline: string[]; queries: string[]; index: LineIndex } {
    const random = seeded(seed);
    const baseline = Array.from({ length: 400 }, () => tokenize(sentence(random, 34))).filter((line) => line !== '');
    const queries = Array.from({ length: 400 }, () => tokenize(sentence(random, 40))).filter((line) => line !== '');
    const index = build(baseline, 50);
    index.prepare(0.2);
    return { baseline, queries, index };
  }

  /** Asserts that `actual` answers every query at every threshold exactly as `expected` does. */
  function assertSearchesAlike(actual: LineIndex, expected: LineIndex, queries: readonly string[], label: string): void {
    for (const threshold of [undefined, 0.2, 0.5]) {
      for (const tokens of queries) {
        assert.deepEqual(actual.nearest(tokens, threshold), expected.nearest(tokens, threshold), `${label}, ${tokens} at ${threshold}`);
      }
    }
  }

  it('searches as the index it was taken from, after a transfer that leaves the original intact', () => {
    const { queries, index: original } = sample(23);
    // The snapshot as a helper thread receives it: structured-cloned, its arrays moved rather than copied.
    const snapshot = original.snapshot({ rawLines: false });
    const received = structuredClone(snapshot, { transfer: snapshotBuffers(snapshot) });
    assert.equal(snapshot.tokenIds.byteLength, 0, 'the arrays were moved');
    assert.deepEqual(received.rawLines, []);
    const restored = LineIndex.fromSnapshot(received, { anomalyScan: 50 });
    assert.equal(restored.lineCount, original.lineCount);
    assert.equal(restored.vocabularySize, original.vocabularySize);
    assertSearchesAlike(restored, original, queries, 'restored');
    // Raw lines travel only when asked for.
    assert.deepEqual(original.snapshot().rawLines, original.rawLines);
  });

  it('shares its arrays with another thread instead of copying them, and both sides search as before', () => {
    const { baseline, queries, index: original } = sample(29);
    const reference = build(baseline, 50);
    reference.prepare(0.2);
    const { index: shared, snapshot } = original.share({ rawLines: false });
    assert.ok(snapshot.postings.buffer instanceof SharedArrayBuffer);
    assert.ok(snapshot.probe?.slots.buffer instanceof SharedArrayBuffer, 'the probe is shared too');
    assert.ok(snapshot.subsetProbe?.slots.buffer instanceof SharedArrayBuffer, 'the subset probe is shared too (not built again)');
    assert.ok(snapshot.prefixIndex?.lines.buffer instanceof SharedArrayBuffer, 'the prefix index is shared too');
    assert.deepEqual(snapshotBuffers(snapshot), [], 'nothing is left to move');
    // The index this thread keeps searches the shared copy, so the private arrays can be freed (a look inside, on
    // purpose).
    const inside = shared as unknown as Record<'postings' | 'tokenIds' | 'lineNorm', Int32Array | Float64Array>;
    for (const field of ['postings', 'tokenIds', 'lineNorm'] as const) assert.equal(inside[field], snapshot[field], field);
    assert.deepEqual(shared.rawLines, original.rawLines, 'this thread keeps the raw lines');
    const received = structuredClone(snapshot);
    // One memory: a write through the received view shows in the shared index's (undone at once).
    const norm = snapshot.lineNorm[0] ?? 0;
    received.lineNorm[0] = 42;
    assert.equal(snapshot.lineNorm[0], 42);
    received.lineNorm[0] = norm;
    const restored = LineIndex.fromSnapshot(received, { anomalyScan: 50 });
    assertSearchesAlike(shared, reference, queries, 'shared');
    assertSearchesAlike(restored, reference, queries, 'restored');
    // The restored index searched with the probes it was given, not ones it built itself (a look inside).
    type WithProbes = Record<'probe' | 'subsetProbe', { table: { slots: Int32Array } } | undefined>;
    const probes = restored as unknown as WithProbes;
    assert.equal(probes.probe?.table.slots.buffer, received.probe?.slots.buffer, 'the MinHash probe is the received one');
    assert.equal(probes.subsetProbe?.table.slots.buffer, received.subsetProbe?.slots.buffer, 'the subset probe is the received one');
  });
});
