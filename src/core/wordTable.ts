// Word → id interning for the line index, looked up straight from a token line without cutting the word out.
//
// A token line is words joined by single spaces. Indexing and searching look up every word of every line; with a
// Map<string, number> each lookup first needs the word as its own string (a slice, often a copy), then V8 hashes it.
// Here the caller hashes the characters while it looks for the next space, and the table compares characters in
// place, so a known word costs no allocation at all. Measured on the bench's synthetic baseline (500k lines):
// see CHANGELOG (index building).
import { privateCopy, type ArrayCopier } from './sharedMemory';

/** The hash the caller computes over a word's characters: `hash = Math.imul(hash, 31) + code | 0`, from 0. */
export function hashStep(hash: number, code: number): number {
  return (Math.imul(hash, 31) + code) | 0;
}

/** The words of one token line: their ids (-1 when not in the table) and offsets; grown as needed, reused. */
export class WordScan {
  ids = new Int32Array(64);
  starts = new Int32Array(64);
  ends = new Int32Array(64);

  set(index: number, id: number, start: number, end: number): void {
    if (index === this.ids.length) {
      const grow = (from: Int32Array): Int32Array<ArrayBuffer> => {
        const next = new Int32Array(from.length * 2);
        next.set(from);
        return next;
      };
      this.ids = grow(this.ids);
      this.starts = grow(this.starts);
      this.ends = grow(this.ends);
    }
    this.ids[index] = id;
    this.starts[index] = start;
    this.ends[index] = end;
  }
}

/** A word table as plain data for another thread (copies of its arrays). */
export interface WordTableParts {
  readonly slots: Int32Array;
  readonly words: readonly string[];
  readonly hashes: Int32Array;
}

export class WordTable {
  /** Slot → word id + 1 (0 = empty); open addressing with linear probing. */
  private slots: Int32Array;
  private mask: number;
  private readonly words: string[];
  private hashes: Int32Array;

  /** An empty table, or the one `parts` describes (see `parts`). */
  constructor(parts?: WordTableParts) {
    this.slots = parts?.slots ?? new Int32Array(1024);
    this.mask = this.slots.length - 1;
    this.words = parts ? [...parts.words] : [];
    this.hashes = parts?.hashes ?? new Int32Array(1024);
  }

  /** This table as plain data for another thread. */
  parts(copy: ArrayCopier = privateCopy): WordTableParts {
    // The words need no copy here: the constructor that takes these parts copies them (and a message clones them).
    return { slots: copy(this.slots), words: this.words, hashes: copy(this.hashes) };
  }

  get size(): number {
    return this.words.length;
  }

  word(id: number): string {
    return this.words[id] ?? '';
  }

  /**
   * Looks up every word of a token line (words joined by single spaces) into `into`, adding new words when `add`
   * (else their id is -1); returns the number of words. The hash is computed while looking for each space.
   */
  scan(tokens: string, add: boolean, into: WordScan): number {
    let count = 0;
    let wordStart = 0;
    let hash = 0;
    for (let position = 0; position <= tokens.length; position += 1) {
      const code = position < tokens.length ? tokens.charCodeAt(position) : 32;
      if (code !== 32) {
        hash = hashStep(hash, code);
        continue;
      }
      const id = add ? this.intern(tokens, wordStart, position, hash) : this.idOf(tokens, wordStart, position, hash);
      into.set(count, id, wordStart, position);
      count += 1;
      wordStart = position + 1;
      hash = 0;
    }
    return count;
  }

  /** The id of `text[start, end)` (whose hash is `hash`), or -1 when the table does not hold it. */
  idOf(text: string, start: number, end: number, hash: number): number {
    for (let slot = mix(hash) & this.mask; ; slot = (slot + 1) & this.mask) {
      const stored = this.slots[slot] ?? 0;
      if (stored === 0) return -1;
      if (this.hashes[stored - 1] === hash && equalsRange(this.words[stored - 1] ?? '', text, start, end)) return stored - 1;
    }
  }

  /** The id of `text[start, end)`, added when new (ids are given in order from 0). */
  intern(text: string, start: number, end: number, hash: number): number {
    let slot = mix(hash) & this.mask;
    for (; ; slot = (slot + 1) & this.mask) {
      const stored = this.slots[slot] ?? 0;
      if (stored === 0) break;
      if (this.hashes[stored - 1] === hash && equalsRange(this.words[stored - 1] ?? '', text, start, end)) return stored - 1;
    }
    const id = this.words.length;
    this.words.push(text.slice(start, end));
    if (id === this.hashes.length) {
      const grown = new Int32Array(this.hashes.length * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[id] = hash;
    this.slots[slot] = id + 1;
    // Kept at most half full, so probes stay short.
    if ((id + 1) * 2 > this.slots.length) this.grow();
    return id;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    this.mask = this.slots.length - 1;
    for (let id = 0; id < this.words.length; id += 1) {
      let slot = mix(this.hashes[id] ?? 0) & this.mask;
      while ((this.slots[slot] ?? 0) !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = id + 1;
    }
  }
}

/** Spreads the polynomial hash's low bits, which linear probing uses. */
function mix(hash: number): number {
  let x = hash;
  x ^= x >>> 16;
  x = Math.imul(x, 0x45d9f3b);
  x ^= x >>> 16;
  return x;
}

function equalsRange(word: string, text: string, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let index = 0; index < word.length; index += 1) {
    if (word.charCodeAt(index) !== text.charCodeAt(start + index)) return false;
  }
  return true;
}
