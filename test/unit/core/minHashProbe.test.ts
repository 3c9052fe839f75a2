import { strict as assert } from 'node:assert';
import { MAX_PROBE_CANDIDATES, MinHashProbe } from '../../../src/core/minHashProbe';
import { pseudoWord, seededRandom } from '../../fixtures/syntheticText';

// The probe is a heuristic: it must propose near twins for most lines that have one (that is its whole use), and
// propose nothing for a line made only of common words. Whether a line is an anomaly never depends on it; that is
// checked against brute force in lineIndex.test.ts.

interface Corpus {
  readonly vocabulary: Map<string, number>;
  readonly tokenIds: Int32Array;
  readonly lineStarts: Int32Array;
  readonly documentFrequency: Int32Array;
  readonly lines: string[][];
}

function corpus(lines: string[][]): Corpus {
  const vocabulary = new Map<string, number>();
  const ids: number[] = [];
  const starts = [0];
  const frequency: number[] = [];
  for (const line of lines) {
    for (const word of new Set(line)) {
      let id = vocabulary.get(word);
      if (id === undefined) {
        id = vocabulary.size;
        vocabulary.set(word, id);
        frequency.push(0);
      }
      frequency[id] = (frequency[id] ?? 0) + 1;
      ids.push(id);
    }
    starts.push(ids.length);
  }
  return { vocabulary, tokenIds: Int32Array.from(ids), lineStarts: Int32Array.from(starts), documentFrequency: Int32Array.from(frequency), lines };
}

function cosine(a: readonly string[], b: readonly string[]): number {
  const left = new Set(a);
  const right = new Set(b);
  let shared = 0;
  for (const word of left) if (right.has(word)) shared += 1;
  return shared / Math.sqrt(left.size * right.size);
}

/** Log-like lines: a template of words shared with other templates, plus common words and a random fragment. */
function templatedLine(random: () => number, template: readonly string[]): string[] {
  const fragment = pseudoWord(100_000 + Math.floor(random() * 50_000));
  return ['INFO', 'service', ...template, 'RNGN', 'host', ...(random() < 0.5 ? [fragment] : [])];
}

/** The distinct lines every band proposes for a query, in band order, as the search meets them (at most BANDS). */
function proposals(probe: MinHashProbe, known: readonly number[], out: Int32Array): number {
  const bands = probe.prepareQuery(known);
  let count = 0;
  for (let band = 0; band < bands; band += 1) {
    const line = probe.bandCandidate(band);
    if (line >= 0 && !out.subarray(0, count).includes(line)) out[count++] = line;
  }
  return count;
}

describe('MinHash probe', () => {
  const random = seededRandom(7);
  const templates = Array.from({ length: 300 }, () => Array.from({ length: 3 + Math.floor(random() * 5) }, () => pseudoWord(Math.floor(400 ** random()))));
  const baselineLines = Array.from({ length: 6000 }, () => templatedLine(random, templates[Math.floor(random() * templates.length)] ?? []));
  const baseline = corpus(baselineLines);
  const probe = MinHashProbe.build(baseline.tokenIds, baseline.lineStarts, baselineLines.length, baseline.documentFrequency);

  it('proposes a baseline line at cosine 0.8 or more for most lines that have one', () => {
    const out = new Int32Array(MAX_PROBE_CANDIDATES);
    let withTwin = 0;
    let found = 0;
    for (let query = 0; query < 1000; query += 1) {
      const line = templatedLine(random, templates[Math.floor(random() * templates.length)] ?? []);
      if (!baselineLines.some((candidate) => cosine(line, candidate) >= 0.8)) continue;
      withTwin += 1;
      const known = [...new Set(line)].map((word) => baseline.vocabulary.get(word)).filter((id): id is number => id !== undefined);
      const count = proposals(probe, known, out);
      assert.ok(count <= MAX_PROBE_CANDIDATES);
      const proposed = Array.from(out.subarray(0, count), (id) => baselineLines[id] ?? []);
      if (proposed.some((candidate) => cosine(line, candidate) >= 0.8)) found += 1;
    }
    assert.ok(withTwin > 500, `only ${withTwin} queries had a twin`);
    assert.ok(found / withTwin >= 0.9, `the probe found a twin for ${found} of ${withTwin} lines`);
  });

  it('proposes nothing for a line of common words only, or of words the baseline never saw', () => {
    const out = new Int32Array(MAX_PROBE_CANDIDATES);
    const common = ['INFO', 'service', 'RNGN', 'host'].map((word) => baseline.vocabulary.get(word) ?? -1);
    assert.ok(common.every((id) => id >= 0));
    assert.equal(proposals(probe, common, out), 0);
    assert.equal(proposals(probe, [], out), 0);
  });
});
