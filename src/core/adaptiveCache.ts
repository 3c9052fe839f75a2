// A bounded map cache that steps aside while it does not pay.
//
// The engine caches tokens by raw line and scores by token line, because logs repeat a lot. Where lines almost
// never repeat (a timestamp and an id on each), every lookup was a hash of a long string for nothing, and the cache
// held up to its limit of useless entries: about 6% of the time and tens of MB on the bench's synthetic case. So
// after a window of lookups with hardly any hit, the cache empties itself and answers "absent" without looking for
// a while, then measures again.

export interface AdaptiveCacheOptions {
  /** Entries kept at most; the cache is emptied when full. */
  readonly limit: number;
  /** Lookups over which the hit rate is measured. */
  readonly window?: number;
  /** Lookups answered "absent" without looking after a window under the hit rate. */
  readonly bypass?: number;
  /** A window with fewer than 1 hit in this many lookups turns the cache off for `bypass` lookups. */
  readonly minHitRatio?: number;
}

export class AdaptiveCache<V> {
  private readonly entries = new Map<string, V>();
  private readonly limit: number;
  private readonly window: number;
  private readonly bypass: number;
  private readonly minHitRatio: number;
  private lookups = 0;
  private hits = 0;
  private bypassLeft = 0;

  constructor(options: AdaptiveCacheOptions) {
    this.limit = options.limit;
    this.window = options.window ?? 1 << 14;
    this.bypass = options.bypass ?? 7 * this.window;
    this.minHitRatio = options.minHitRatio ?? 32;
  }

  /** True while the cache is stepping aside. */
  get bypassing(): boolean {
    return this.bypassLeft > 0;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The cached value, or undefined when absent or while bypassing. */
  get(key: string): V | undefined {
    if (this.bypassLeft > 0) {
      this.bypassLeft -= 1;
      return undefined;
    }
    const value = this.entries.get(key);
    if (value !== undefined) this.hits += 1;
    if (++this.lookups === this.window) {
      if (this.hits * this.minHitRatio < this.lookups) {
        this.entries.clear();
        this.bypassLeft = this.bypass;
      }
      this.lookups = 0;
      this.hits = 0;
    }
    return value;
  }

  /** Keeps a value (not while bypassing). */
  set(key: string, value: V): void {
    if (this.bypassLeft > 0) return;
    if (this.entries.size >= this.limit) this.entries.clear();
    this.entries.set(key, value);
  }
}
