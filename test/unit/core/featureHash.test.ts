import { strict as assert } from 'node:assert';
import { hashedTokenLine, murmurHash3Signed } from '../../../src/core/featureHash';

describe('the original\'s hashed features (evaluation only)', () => {
  it('hashes with MurmurHash3 x86 32-bit, seed 0, signed as scikit-learn does', () => {
    // Published test vectors of MurmurHash3_x86_32 with seed 0.
    assert.equal(murmurHash3Signed(''), 0);
    assert.equal(murmurHash3Signed('hello'), 613153351);
    assert.equal(murmurHash3Signed('abc') >>> 0, 0xb3dd93fa);
    assert.equal(murmurHash3Signed('The quick brown fox jumps over the lazy dog') >>> 0, 0x2e4ff723);
    // Signed: a hash past 2^31 comes out negative, and the column is its absolute value's remainder.
    assert.ok(murmurHash3Signed('abc') < 0);
  });

  it('replaces each word with its column, so words that share a column become one', () => {
    assert.equal(hashedTokenLine('', 8), '');
    assert.equal(hashedTokenLine('abc abc', 1 << 18), `h${Math.abs(murmurHash3Signed('abc')) % (1 << 18)} h${Math.abs(murmurHash3Signed('abc')) % (1 << 18)}`);
    assert.equal(new Set(hashedTokenLine('alpha beta gamma delta', 1).split(' ')).size, 1);
  });
});
