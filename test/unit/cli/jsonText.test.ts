import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { jsonChunks } from '../../../src/cli/jsonText';

describe('jsonChunks (the --json report written in pieces)', () => {
  it('gives exactly the text of JSON.stringify(value, null, 2), big arrays and all', () => {
    // Values shaped like reports: nested objects and arrays, some past the size written item by item.
    const leaf = fc.oneof(fc.string(), fc.double({ noNaN: true }), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
      array: fc.oneof(fc.array(tie('node'), { maxLength: 4 }), fc.array(fc.integer(), { minLength: 250, maxLength: 300 })),
      object: fc.dictionary(fc.string({ maxLength: 6 }), tie('node'), { maxKeys: 4 }),
    })).node;
    fc.assert(
      fc.property(value, (input) => {
        assert.equal([...jsonChunks(input)].join(''), JSON.stringify(input, null, 2) ?? 'null');
      }),
      { numRuns: 500 },
    );
  });

  it('writes a report of a million repeats in pieces that each stay small', () => {
    const report = { version: 1, files: [{ path: 'huge.log', anomalies: [{ line: 1, distance: 0.5, text: 'new', repeats: Array.from({ length: 1_000_000 }, (_, i) => i + 2) }] }] };
    let longest = 0;
    let text = '';
    for (const chunk of jsonChunks(report)) {
      longest = Math.max(longest, chunk.length);
      text += chunk;
    }
    assert.equal(text, JSON.stringify(report, null, 2));
    assert.ok(longest < 1000, `longest piece ${longest}`);
  });
});
