// The table both probes keep (minHashProbe.ts, subsetProbe.ts): 32-bit keys to the first baseline line that had each.
// Keys are hashes, and two keys that collide only cost the caller a wasted exact check, so no text is kept.

/** Open addressing with linear probing over two parallel arrays, sized to a power of two at most half full. */
export class LineKeyTable {
  readonly keys: Int32Array;
  /** Line id + 1 per slot; 0 marks an empty slot. */
  readonly lines: Int32Array;
  private readonly mask: number;

  /** The table over existing arrays (another thread's copy, see `keys` and `lines`). */
  constructor(keys: Int32Array, lines: Int32Array) {
    this.keys = keys;
    this.lines = lines;
    this.mask = keys.length - 1;
  }

  /** An empty table for up to `entries` keys. */
  static forEntries(entries: number): LineKeyTable {
    let size = 1024;
    while (size < entries * 2) size *= 2;
    return new LineKeyTable(new Int32Array(size), new Int32Array(size));
  }

  /** Keeps `line` for `key` unless a line has it already: any of them is as good a guess. */
  insert(key: number, line: number): void {
    for (let slot = key & this.mask; ; slot = (slot + 1) & this.mask) {
      const stored = this.lines[slot] ?? 0;
      if (stored === 0) {
        this.keys[slot] = key;
        this.lines[slot] = line + 1;
        return;
      }
      if (this.keys[slot] === key) return;
    }
  }

  /** The line kept for `key`, or -1. */
  lookup(key: number): number {
    for (let slot = key & this.mask; ; slot = (slot + 1) & this.mask) {
      const stored = this.lines[slot] ?? 0;
      if (stored === 0) return -1;
      if (this.keys[slot] === key) return stored - 1;
    }
  }
}

/** A 32-bit mixer (the murmur3 finaliser): spreads token ids, which are small consecutive integers. */
export function mix32(value: number): number {
  let x = value;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x;
}
