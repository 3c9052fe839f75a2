import { strict as assert } from 'node:assert';
import { AdaptiveCache } from '../../../src/core/adaptiveCache';

describe('adaptive cache', () => {
  it('keeps at most its limit of entries', () => {
    const cache = new AdaptiveCache<number>({ limit: 3 });
    for (let key = 0; key < 10; key += 1) cache.set(`k${key}`, key);
    assert.ok(cache.size <= 3);
    assert.equal(cache.get('k9'), 9);
  });

  it('steps aside after a window without hits, then measures again', () => {
    const cache = new AdaptiveCache<number>({ limit: 1000, window: 10, bypass: 5, minHitRatio: 4 });
    cache.set('kept', 1);
    // Ten lookups of absent keys: fewer than 1 hit in 4, so the cache empties itself and bypasses 5 lookups.
    for (let miss = 0; miss < 10; miss += 1) assert.equal(cache.get(`absent${miss}`), undefined);
    assert.equal(cache.bypassing, true);
    assert.equal(cache.size, 0);
    cache.set('during', 2);
    assert.equal(cache.size, 0, 'nothing is stored while bypassing');
    for (let lookup = 0; lookup < 5; lookup += 1) assert.equal(cache.get('during'), undefined);
    assert.equal(cache.bypassing, false);
    cache.set('after', 3);
    assert.equal(cache.get('after'), 3);
  });

  it('stays on while lookups hit often enough', () => {
    const cache = new AdaptiveCache<number>({ limit: 1000, window: 10, bypass: 5, minHitRatio: 4 });
    cache.set('hot', 1);
    for (let lookup = 0; lookup < 100; lookup += 1) {
      // Three hits in every ten lookups: above 1 in 4.
      const key = lookup % 10 < 3 ? 'hot' : `cold${lookup}`;
      if (key === 'hot') assert.equal(cache.get(key), 1);
      else cache.get(key);
      assert.equal(cache.bypassing, false);
    }
  });
});
