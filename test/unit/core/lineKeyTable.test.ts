import { strict as assert } from 'node:assert';
import { LineKeyTable } from '../../../src/core/lineKeyTable';

describe('line key table', () => {
  it('keeps the first line given for a key, and says -1 for a key it does not hold', () => {
    const table = LineKeyTable.forEntries(4);
    table.insert(7, 1);
    table.insert(7, 2);
    table.insert(-5, 0);
    assert.equal(table.lookup(7), 1);
    assert.equal(table.lookup(-5), 0);
    assert.equal(table.lookup(8), -1);
  });

  it('grows when given more keys than it was sized for, and still finds every one', () => {
    // Keys that share their low bits collide in one run of slots, the worst case for linear probing.
    const table = LineKeyTable.forEntries(1);
    const keys = Array.from({ length: 5000 }, (_, index) => index * 4096);
    keys.forEach((key, line) => table.insert(key, line));
    keys.forEach((key, line) => assert.equal(table.lookup(key), line));
    assert.equal(table.lookup(1), -1);
  });

  it('reads a copy of its slots as the table itself (another thread\'s view)', () => {
    const table = LineKeyTable.forEntries(10);
    for (let line = 0; line < 10; line += 1) table.insert(line * 977, line);
    const copy = new LineKeyTable(table.slots.slice());
    for (let line = 0; line < 10; line += 1) assert.equal(copy.lookup(line * 977), line);
    copy.insert(123456, 42);
    assert.equal(copy.lookup(123456), 42, 'an insert into a copy counts what it already holds first');
  });
});
