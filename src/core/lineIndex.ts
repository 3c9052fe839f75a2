// The baseline index of one file model and its exact nearest-neighbour search.
//
// Each distinct tokenised baseline line is a sparse vector over exact token ids (a string → id map, no hashing, so no
// collisions). Weights are either binary (the original set cosine) or IDF learnt on the baseline, where a word the
// baseline never saw gets the highest weight: it only enlarges the target's norm, so a line made of new words stays
// far from everything (a vocabulary-bound TF-IDF would drop them and call `Bootloader failure` known).
//
// Search is exact without any dense matrix: an inverted index token → baseline lines, each posting list ordered by
// line norm. A baseline line B can score at most W / (|T|·|B|), where W is the squared weight the target T shares
// with the whole baseline, so walking a posting list stops as soon as that bound falls under the best score found.
// Rare tokens are walked first, which finds a good match early and cuts the lists of very common tokens short.

export type Weighting = 'tfidf' | 'binary';

export interface NearestMatch {
  /** Cosine distance to the nearest baseline line, 0..1. */
  readonly distance: number;
  /** Index of the nearest baseline line (see `lineSource`), or -1 when nothing is shared. */
  readonly line: number;
}

interface GrowableInts {
  data: Int32Array;
  length: number;
}

function push(target: GrowableInts, value: number): void {
  if (target.length === target.data.length) {
    const next = new Int32Array(Math.max(1024, target.data.length * 2));
    next.set(target.data);
    target.data = next;
  }
  target.data[target.length] = value;
  target.length += 1;
}

/** Accumulates distinct baseline lines; `freeze()` turns it into a searchable index. */
export class LineIndexBuilder {
  private readonly vocabulary = new Map<string, number>();
  private readonly documentFrequency: GrowableInts = { data: new Int32Array(1024), length: 0 };
  /** Last line (id + 1) each token was counted for, so a word repeated within a line counts once. */
  private readonly lastLine: GrowableInts = { data: new Int32Array(1024), length: 0 };
  private readonly lineIds = new Map<string, number>();
  private readonly tokenIds: GrowableInts = { data: new Int32Array(4096), length: 0 };
  private readonly lineStarts: GrowableInts = { data: new Int32Array(1024), length: 0 };
  /** First raw line and source file of each distinct line, for the report's `nearest`. */
  readonly rawLines: string[] = [];
  readonly rawSources: number[] = [];

  /** Adds one tokenised baseline line (skipped when empty or already known). */
  add(tokens: string, raw: string, source: number): void {
    if (tokens.length === 0 || this.lineIds.has(tokens)) return;
    const lineId = this.lineIds.size;
    this.lineIds.set(tokens, lineId);
    this.rawLines.push(raw);
    this.rawSources.push(source);
    push(this.lineStarts, this.tokenIds.length);
    let wordStart = 0;
    for (let position = 0; position <= tokens.length; position += 1) {
      if (position !== tokens.length && tokens.charCodeAt(position) !== 32) continue;
      const word = tokens.slice(wordStart, position);
      wordStart = position + 1;
      let id = this.vocabulary.get(word);
      if (id === undefined) {
        id = this.vocabulary.size;
        this.vocabulary.set(word, id);
        push(this.documentFrequency, 0);
        push(this.lastLine, 0);
      }
      // Binary term frequency: a word counts once per line.
      if (this.lastLine.data[id] === lineId + 1) continue;
      this.lastLine.data[id] = lineId + 1;
      push(this.tokenIds, id);
      this.documentFrequency.data[id] = (this.documentFrequency.data[id] ?? 0) + 1;
    }
  }

  get distinctLines(): number {
    return this.lineIds.size;
  }

  freeze(weighting: Weighting): LineIndex {
    push(this.lineStarts, this.tokenIds.length);
    return new LineIndex(
      this.vocabulary,
      this.documentFrequency.data.slice(0, this.documentFrequency.length),
      this.lineIds,
      this.tokenIds.data.slice(0, this.tokenIds.length),
      this.lineStarts.data.slice(0, this.lineStarts.length),
      this.rawLines,
      this.rawSources,
      weighting,
    );
  }
}

export class LineIndex {
  /** Squared weight of each known token. */
  private readonly squaredWeight: Float64Array;
  /** Squared weight of a token the baseline never saw (the highest). */
  private readonly unseenSquaredWeight: number;
  private readonly lineNorm: Float64Array;
  private readonly postingStarts: Int32Array;
  private readonly postings: Int32Array;
  /** Per-query scratch: stamp and weight of the query's tokens, stamp of visited lines. */
  private readonly tokenStamp: Int32Array;
  private readonly lineStamp: Int32Array;
  private stamp = 0;

  constructor(
    private readonly vocabulary: ReadonlyMap<string, number>,
    private readonly documentFrequency: Int32Array,
    private readonly lineIds: ReadonlyMap<string, number>,
    private readonly tokenIds: Int32Array,
    private readonly lineStarts: Int32Array,
    readonly rawLines: readonly string[],
    readonly rawSources: readonly number[],
    readonly weighting: Weighting,
  ) {
    const lineCount = lineIds.size;
    const vocabularySize = vocabulary.size;
    this.squaredWeight = new Float64Array(vocabularySize);
    for (let id = 0; id < vocabularySize; id += 1) {
      this.squaredWeight[id] = squaredIdf(weighting, lineCount, documentFrequency[id] ?? 0);
    }
    this.unseenSquaredWeight = squaredIdf(weighting, lineCount, 0);

    this.lineNorm = new Float64Array(lineCount);
    for (let line = 0; line < lineCount; line += 1) {
      let sum = 0;
      const end = lineStarts[line + 1] ?? 0;
      for (let index = lineStarts[line] ?? 0; index < end; index += 1) sum += this.squaredWeight[tokenIds[index] ?? 0] ?? 0;
      this.lineNorm[line] = Math.sqrt(sum);
    }

    // Posting lists filled in ascending norm order, so each list is sorted by norm without sorting it.
    this.postingStarts = new Int32Array(vocabularySize + 1);
    for (let id = 0; id < vocabularySize; id += 1) {
      this.postingStarts[id + 1] = (this.postingStarts[id] ?? 0) + (documentFrequency[id] ?? 0);
    }
    this.postings = new Int32Array(this.postingStarts[vocabularySize] ?? 0);
    const fill = this.postingStarts.slice(0, vocabularySize);
    const byNorm = new Int32Array(lineCount);
    for (let line = 0; line < lineCount; line += 1) byNorm[line] = line;
    byNorm.sort((a, b) => (this.lineNorm[a] ?? 0) - (this.lineNorm[b] ?? 0));
    for (const line of byNorm) {
      const end = lineStarts[line + 1] ?? 0;
      for (let index = lineStarts[line] ?? 0; index < end; index += 1) {
        const id = tokenIds[index] ?? 0;
        const slot = fill[id] ?? 0;
        this.postings[slot] = line;
        fill[id] = slot + 1;
      }
    }
    this.tokenStamp = new Int32Array(vocabularySize);
    this.lineStamp = new Int32Array(lineCount);
  }

  get lineCount(): number {
    return this.lineIds.size;
  }

  get vocabularySize(): number {
    return this.vocabulary.size;
  }

  /** Exact nearest baseline line of a tokenised target line (`tokens` non-empty). */
  nearest(tokens: string): NearestMatch {
    const exact = this.lineIds.get(tokens);
    if (exact !== undefined) return { distance: 0, line: exact };

    this.stamp += 1;
    if (this.stamp === 0x7fffffff) {
      this.stamp = 1;
      this.tokenStamp.fill(0);
      this.lineStamp.fill(0);
    }
    const stamp = this.stamp;
    const known: number[] = [];
    let unseen: string[] | undefined;
    let queryNormSquared = 0;
    let shared = 0;
    let wordStart = 0;
    for (let position = 0; position <= tokens.length; position += 1) {
      if (position !== tokens.length && tokens.charCodeAt(position) !== 32) continue;
      const word = tokens.slice(wordStart, position);
      wordStart = position + 1;
      const id = this.vocabulary.get(word);
      if (id === undefined) {
        unseen ??= [];
        if (!unseen.includes(word)) {
          unseen.push(word);
          queryNormSquared += this.unseenSquaredWeight;
        }
      } else if (this.tokenStamp[id] !== stamp) {
        this.tokenStamp[id] = stamp;
        known.push(id);
        const weight = this.squaredWeight[id] ?? 0;
        queryNormSquared += weight;
        shared += weight;
      }
    }
    if (known.length === 0 || queryNormSquared === 0) return { distance: 1, line: -1 };
    const queryNorm = Math.sqrt(queryNormSquared);
    known.sort((a, b) => (this.documentFrequency[a] ?? 0) - (this.documentFrequency[b] ?? 0));

    let best = 0;
    let bestLine = -1;
    // A line met for the first time in the list of `known[i]` holds none of the rarer tokens before it (or was cut
    // from their lists because it could not beat `best`), so its dot product is at most `remaining`: the weight of
    // `known[i]` and the tokens after it. And no line shares more than its own weight (its squared norm), so a line
    // with norm N scores at most min(remaining, N²) / (|T|·N). Both bounds only skip lines that cannot beat `best`.
    let remaining = shared;
    for (const id of known) {
      const start = this.postingStarts[id] ?? 0;
      const end = this.postingStarts[id + 1] ?? 0;
      // Lines whose norm is at most best·|T| cannot win (N / |T| <= best): jump over them by binary search.
      let slot = start;
      const minimumNorm = best * queryNorm;
      if (minimumNorm > 0) {
        let high = end;
        while (slot < high) {
          const middle = (slot + high) >>> 1;
          if ((this.lineNorm[this.postings[middle] ?? 0] ?? 0) <= minimumNorm) slot = middle + 1;
          else high = middle;
        }
      }
      for (; slot < end; slot += 1) {
        const line = this.postings[slot] ?? 0;
        const lineNorm = this.lineNorm[line] ?? 1;
        // Later lines in this list have larger norms, so none of them can beat `best`.
        if (remaining <= best * queryNorm * lineNorm) break;
        if (this.lineStamp[line] === stamp) continue;
        this.lineStamp[line] = stamp;
        let dot = 0;
        const tokenEnd = this.lineStarts[line + 1] ?? 0;
        for (let index = this.lineStarts[line] ?? 0; index < tokenEnd; index += 1) {
          const token = this.tokenIds[index] ?? 0;
          if (this.tokenStamp[token] === stamp) dot += this.squaredWeight[token] ?? 0;
        }
        const score = dot / (queryNorm * lineNorm);
        if (score > best) {
          best = score;
          bestLine = line;
        }
      }
      remaining -= this.squaredWeight[id] ?? 0;
      if (remaining <= 0) break;
    }
    const distance = 1 - best;
    return { distance: distance < 1e-9 ? 0 : distance > 1 ? 1 : distance, line: bestLine };
  }
}

/** Smoothed IDF as scikit-learn computes it, squared; 1 for binary weighting. */
function squaredIdf(weighting: Weighting, lineCount: number, documentFrequency: number): number {
  if (weighting === 'binary') return 1;
  const idf = Math.log((1 + lineCount) / (1 + documentFrequency)) + 1;
  return idf * idf;
}
