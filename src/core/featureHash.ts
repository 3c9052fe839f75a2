// The original's hashed features, for measuring them against the engine's exact token ids (evaluation only): Python
// LogReduce's HashingVectorizer(binary=True, n_features=2**18) puts each word in column abs(murmurhash3_32(word)) mod
// n_features, so two words that share a column count as one. See docs/logreduce.md §6.

/** MurmurHash3 x86 32-bit of the UTF-8 bytes of `text`, seed 0, as a signed 32-bit integer (scikit-learn's). */
export function murmurHash3Signed(text: string): number {
  const bytes = new TextEncoder().encode(text);
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let h = 0;
  const blocks = bytes.length - (bytes.length % 4);
  for (let i = 0; i < blocks; i += 4) {
    let k = (bytes[i] ?? 0) | ((bytes[i + 1] ?? 0) << 8) | ((bytes[i + 2] ?? 0) << 16) | ((bytes[i + 3] ?? 0) << 24);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  let k = 0;
  const tail = bytes.length % 4;
  if (tail === 3) k ^= (bytes[blocks + 2] ?? 0) << 16;
  if (tail >= 2) k ^= (bytes[blocks + 1] ?? 0) << 8;
  if (tail >= 1) {
    k ^= bytes[blocks] ?? 0;
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
  }
  h ^= bytes.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** A token line with each word replaced by its hashed column (`h<column>`), as the original's vectorizer sees it. */
export function hashedTokenLine(tokens: string, columns: number): string {
  if (tokens.length === 0) return tokens;
  return tokens
    .split(' ')
    .map((word) => `h${Math.abs(murmurHash3Signed(word)) % columns}`)
    .join(' ');
}
