import { strict as assert } from 'node:assert';
import { hashStep, WordTable } from '../../../src/core/wordTable';
import { pseudoWord } from '../../fixtures/syntheticText';

function hashOf(text: string, start = 0, end = text.length): number {
  let hash = 0;
  for (let index = start; index < end; index += 1) hash = hashStep(hash, text.charCodeAt(index));
  return hash;
}

describe('word table', () => {
  it('gives ids in first-seen order, finds words inside a longer line, and agrees with a Map through growth', () => {
    const table = new WordTable();
    const reference = new Map<string, number>();
    // Enough words to grow the table several times; pseudo words share prefixes, so hashes differ in few bits.
    const words = Array.from({ length: 20_000 }, (_, index) => pseudoWord(index % 7_000));
    for (const word of words) {
      const line = `pre ${word} post`;
      const id = table.intern(line, 4, 4 + word.length, hashOf(word));
      if (!reference.has(word)) reference.set(word, reference.size);
      assert.equal(id, reference.get(word), word);
    }
    assert.equal(table.size, reference.size);
    for (const [word, id] of reference) {
      assert.equal(table.idOf(`${word} tail`, 0, word.length, hashOf(word)), id);
      assert.equal(table.word(id), word);
    }
  });

  it('says -1 for a word it does not hold, even one with the same hash', () => {
    const table = new WordTable();
    table.intern('alpha', 0, 5, hashOf('alpha'));
    assert.equal(table.idOf('beta', 0, 4, hashOf('beta')), -1);
    // "Aa" and "BB" have the same 31-polynomial hash: the characters decide.
    assert.equal(hashOf('Aa'), hashOf('BB'));
    const aa = table.intern('Aa', 0, 2, hashOf('Aa'));
    assert.equal(table.idOf('BB', 0, 2, hashOf('BB')), -1);
    assert.notEqual(table.intern('BB', 0, 2, hashOf('BB')), aa);
  });
});
