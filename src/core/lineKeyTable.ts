// The table both probes keep (minHashProbe.ts, subsetProbe.ts): 32-bit keys to the first baseline line that had each.
// Keys are hashes, and two keys that collide only cost the caller a wasted exact check, so no text is kept.

/**
 * Open addressing with linear probing, sized to a power of two at most half full. Each slot is two neighbouring
 * integers, the key and the line id + 1 (0 marks an empty slot), so a lookup reads one cache line where two
 * parallel arrays cost two misses: the tables hold millions of slots and every probe of a target line is a miss.
 */
export class LineKeyTable {
  /** Key at 2·slot, line id + 1 at 2·slot + 1. */
  slots: Int32Array;
  private mask: number;
  /** Keys held, or -1 until an insert needs to know (a table taken from another thread is only read). */
  private held = -1;

  /** The table over an existing array (another thread's copy, see `slots`). */
  constructor(slots: Int32Array) {
    this.slots = slots;
    this.mask = (slots.length >>> 1) - 1;
  }

  /** An empty table for up to `entries` keys. */
  static forEntries(entries: number): LineKeyTable {
    let size = 1024;
    while (size < entries * 2) size *= 2;
    return new LineKeyTable(new Int32Array(size * 2));
  }

  /**
   * Keeps `line` for `key` unless a line has it already: any of them is as good a guess. A table given more keys than
   * it was sized for doubles, so a wrong size costs time, never an endless probe.
   */
  insert(key: number, line: number): void {
    if (this.held < 0) this.held = this.countHeld();
    if ((this.held + 1) * 2 > this.mask + 1) this.grow();
    const slots = this.slots;
    for (let slot = key & this.mask; ; slot = (slot + 1) & this.mask) {
      const at = slot << 1;
      if ((slots[at + 1] ?? 0) === 0) {
        slots[at] = key;
        slots[at + 1] = line + 1;
        this.held += 1;
        return;
      }
      if (slots[at] === key) return;
    }
  }

  private countHeld(): number {
    let held = 0;
    for (let at = 1; at < this.slots.length; at += 2) if ((this.slots[at] ?? 0) !== 0) held += 1;
    return held;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.mask = (this.slots.length >>> 1) - 1;
    this.held = 0;
    for (let at = 0; at < old.length; at += 2) {
      const stored = old[at + 1] ?? 0;
      if (stored !== 0) this.insert(old[at] ?? 0, stored - 1);
    }
  }

  /** The line kept for `key`, or -1. */
  lookup(key: number): number {
    const slots = this.slots;
    for (let slot = key & this.mask; ; slot = (slot + 1) & this.mask) {
      const at = slot << 1;
      const stored = slots[at + 1] ?? 0;
      if (stored === 0) return -1;
      if (slots[at] === key) return stored - 1;
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
