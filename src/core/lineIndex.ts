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
//
// That bound walk cannot prune when the best similarity stays low (a line far from every baseline line), and then
// walks the long lists of common tokens in full. So with binary weights and a known threshold, a walk cut short by
// its budget with a low best hands over to similarity-join filtering (AllPairs / PPJoin), which decides
// "distance >= threshold" exactly from short lists; see `nearest` and `filteredSearch`. The walk stays first because
// filtering alone is slower on near lines with many close variants (measured: 8x on the bench's synthetic lines).

import { MAX_SUBSET_CANDIDATES, SubsetProbe, type SubsetProbeParts } from './subsetProbe';
import { MAX_PROBE_CANDIDATES, MinHashProbe, type MinHashProbeParts } from './minHashProbe';
import { privateCopy, sharedCopy } from './sharedMemory';
import { WordScan, WordTable, type WordTableParts } from './wordTable';

export type Weighting = 'tfidf' | 'binary';

/**
 * How many posting entries the search may count, for a line already known to be an anomaly, to find a nearer
 * baseline line than the walk and the filters met. The decision does not depend on it; only the reported distance of
 * anomalies does. None by default: a budget of 10,000 cost 6% of the bench's synthetic 2M-line job and changed no
 * reported distance there (250k lines, 1,045 anomalies) nor on the 388 dev cases (13,901 anomalies, where the
 * walk and the filters already give the exact nearest line of all but one). Infinity gives exact distances.
 */
export const DEFAULT_ANOMALY_SCAN_BUDGET = 0;

/**
 * Posting entries the exact bound walk may visit before the search turns to filtering. Lines with a good match end
 * well within it; lines far from everything would walk whole lists of common tokens.
 */
export const DEFAULT_WALK_BUDGET = 600;

/** Work limits of the search (posting entries); see DEFAULT_ANOMALY_SCAN_BUDGET and DEFAULT_WALK_BUDGET. */
export interface SearchBudgets {
  readonly anomalyScan?: number;
  readonly walk?: number;
}

/** Slack on the similarity threshold, so the filters keep every line floating-point rounding could put above it. */
const FILTER_SLACK = 1e-9;

/**
 * Inverted index of each baseline line's prefix for one similarity threshold: the line's tokens in the global order
 * (rarest first), cut after `size - ceil(s² · size) + 1` of them. Lists are ordered by line size, and each entry keeps
 * the token's position in its line for the positional filter.
 */
export interface PrefixIndex {
  readonly similarity: number;
  readonly starts: Int32Array;
  readonly lines: Int32Array;
  readonly positions: Uint16Array | Int32Array;
  /**
   * Size of each entry's line, beside it: the filters read it for every entry, and a lookup by line id would miss
   * the cache. Sizes and positions take two bytes each unless a line holds 65536 tokens or more (then four), which
   * keeps the index as small as it was with four-byte positions alone.
   */
  readonly sizes: Uint16Array | Int32Array;
}

export interface NearestMatch {
  /** Cosine distance to the nearest baseline line, 0..1. */
  readonly distance: number;
  /** Index of the nearest baseline line (see `lineSource`), or -1 when nothing is shared or no line was scored. */
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

/** The arrays and settings the search reads, the same in a built index and in its snapshot. */
interface IndexArrays {
  readonly rawSources: readonly number[];
  readonly weighting: Weighting;
  readonly documentFrequency: Int32Array;
  readonly tokenIds: Int32Array;
  readonly lineStarts: Int32Array;
  /** Squared weight of each known token. */
  readonly squaredWeight: Float64Array;
  readonly lineNorm: Float64Array;
  readonly postingStarts: Int32Array;
  readonly postings: Int32Array;
  readonly rank?: Int32Array;
  readonly prefixIndex?: PrefixIndex;
}

/**
 * A built index as plain data, for another thread: every array the search reads (fresh copies, so they can be
 * transferred), the distinct token lines in id order, and their raw lines (empty when left out: the other thread
 * then names nearest lines by id). Rebuilding the index from its lines cost the helper thread seconds on the bench's
 * 2M-line job; taking the arrays costs a copy.
 */
export interface IndexSnapshot extends IndexArrays {
  readonly tokens: readonly string[];
  readonly rawLines: readonly string[];
  readonly vocabulary: WordTableParts;
  readonly probe?: MinHashProbeParts;
  readonly subsetProbe?: SubsetProbeParts;
}

/**
 * The memory a snapshot's arrays own, for a transfer list (the snapshot's arrays are copies, so moving them is safe).
 * Found by walking the snapshot, so an array added to it later is moved too, without a second list to keep in step.
 * Shared memory (see `LineIndex.share`) is left out: a message hands it over as it is, and cannot move it.
 */
export function snapshotBuffers(snapshot: IndexSnapshot): ArrayBuffer[] {
  const buffers: ArrayBuffer[] = [];
  const collect = (value: unknown): void => {
    if (ArrayBuffer.isView(value)) {
      if (value.buffer instanceof ArrayBuffer) buffers.push(value.buffer);
    } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) Object.values(value).forEach(collect);
  };
  collect(snapshot);
  return buffers;
}

/** Accumulates distinct baseline lines; `freeze()` turns it into a searchable index. */
export class LineIndexBuilder {
  private readonly vocabulary = new WordTable();
  /** Scratch: the words of the line being added. */
  private readonly words = new WordScan();
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
    const words = this.vocabulary.scan(tokens, true, this.words);
    for (let word = 0; word < words; word += 1) {
      const id = this.words.ids[word] ?? 0;
      // Ids are given in order, so a new word's id is the next slot.
      if (id === this.documentFrequency.length) {
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

  freeze(weighting: Weighting, budgets: SearchBudgets = {}): LineIndex {
    push(this.lineStarts, this.tokenIds.length);
    const documentFrequency = this.documentFrequency.data.slice(0, this.documentFrequency.length);
    const tokenIds = this.tokenIds.data.slice(0, this.tokenIds.length);
    const lineStarts = this.lineStarts.data.slice(0, this.lineStarts.length);
    const lineCount = this.lineIds.size;
    const vocabularySize = this.vocabulary.size;
    const squaredWeight = new Float64Array(vocabularySize);
    for (let id = 0; id < vocabularySize; id += 1) {
      squaredWeight[id] = squaredIdf(weighting, lineCount, documentFrequency[id] ?? 0);
    }
    const lineNorm = new Float64Array(lineCount);
    for (let line = 0; line < lineCount; line += 1) {
      let sum = 0;
      const end = lineStarts[line + 1] ?? 0;
      for (let index = lineStarts[line] ?? 0; index < end; index += 1) sum += squaredWeight[tokenIds[index] ?? 0] ?? 0;
      lineNorm[line] = Math.sqrt(sum);
    }

    // Posting lists filled in ascending norm order, so each list is sorted by norm without sorting it.
    const postingStarts = new Int32Array(vocabularySize + 1);
    for (let id = 0; id < vocabularySize; id += 1) {
      postingStarts[id + 1] = (postingStarts[id] ?? 0) + (documentFrequency[id] ?? 0);
    }
    const postings = new Int32Array(postingStarts[vocabularySize] ?? 0);
    const fill = postingStarts.slice(0, vocabularySize);
    const byNorm = new Int32Array(lineCount);
    for (let line = 0; line < lineCount; line += 1) byNorm[line] = line;
    byNorm.sort((a, b) => (lineNorm[a] ?? 0) - (lineNorm[b] ?? 0));
    for (const line of byNorm) {
      const end = lineStarts[line + 1] ?? 0;
      for (let index = lineStarts[line] ?? 0; index < end; index += 1) {
        const id = tokenIds[index] ?? 0;
        const slot = fill[id] ?? 0;
        postings[slot] = line;
        fill[id] = slot + 1;
      }
    }
    const state: IndexState = {
      vocabulary: this.vocabulary,
      documentFrequency,
      lineIds: this.lineIds,
      tokenIds,
      lineStarts,
      rawLines: this.rawLines,
      rawSources: this.rawSources,
      weighting,
      squaredWeight,
      lineNorm,
      postingStarts,
      postings,
    };
    return new LineIndex(state, budgets);
  }
}

/** What a LineIndex is made of; built by `LineIndexBuilder.freeze` or taken from a snapshot. */
interface IndexState extends IndexArrays {
  readonly vocabulary: WordTable;
  readonly lineIds: ReadonlyMap<string, number>;
  readonly rawLines: readonly string[];
  readonly probe?: MinHashProbe;
  readonly subsetProbe?: SubsetProbe;
}

export class LineIndex {
  private readonly vocabulary: WordTable;
  private readonly documentFrequency: Int32Array;
  private readonly lineIds: ReadonlyMap<string, number>;
  private readonly tokenIds: Int32Array;
  private readonly lineStarts: Int32Array;
  readonly rawLines: readonly string[];
  readonly rawSources: readonly number[];
  readonly weighting: Weighting;
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
  /** Per-query scratch of `countShared`: tokens each line shares with the target so far. */
  private readonly sharedCount: Int32Array;
  private stamp = 0;
  /** Scratch: the words of the line being searched. */
  private readonly words = new WordScan();
  /** Global token order for the filters: rank of each token id by (document frequency, id), and its inverse. */
  private rank: Int32Array | undefined;
  private prefixIndex: PrefixIndex | undefined;
  /** Built on first use with binary weights and a threshold; see minHashProbe.ts. */
  private probe: MinHashProbe | undefined;
  private readonly probeCandidates = new Int32Array(MAX_PROBE_CANDIDATES);
  /** Built with the MinHash probe, and handed to another thread with it; see subsetProbe.ts. */
  private subsetProbe: SubsetProbe | undefined;
  private readonly subsetCandidates = new Int32Array(MAX_SUBSET_CANDIDATES);
  private readonly anomalyScanBudget: number;
  private readonly walkBudget: number;

  /** `budgets.anomalyScan`: Infinity makes every reported distance exact; `walk`: 0 always filters (for tests). */
  constructor(state: IndexState, budgets: SearchBudgets = {}) {
    this.vocabulary = state.vocabulary;
    this.documentFrequency = state.documentFrequency;
    this.lineIds = state.lineIds;
    this.tokenIds = state.tokenIds;
    this.lineStarts = state.lineStarts;
    this.rawLines = state.rawLines;
    this.rawSources = state.rawSources;
    this.weighting = state.weighting;
    this.squaredWeight = state.squaredWeight;
    this.unseenSquaredWeight = squaredIdf(state.weighting, state.lineIds.size, 0);
    this.lineNorm = state.lineNorm;
    this.postingStarts = state.postingStarts;
    this.postings = state.postings;
    this.rank = state.rank;
    this.prefixIndex = state.prefixIndex;
    this.probe = state.probe;
    this.subsetProbe = state.subsetProbe;
    this.anomalyScanBudget = budgets.anomalyScan ?? DEFAULT_ANOMALY_SCAN_BUDGET;
    this.walkBudget = budgets.walk ?? DEFAULT_WALK_BUDGET;
    this.tokenStamp = new Int32Array(state.vocabulary.size);
    this.lineStamp = new Int32Array(state.lineIds.size);
    this.sharedCount = new Int32Array(state.lineIds.size);
  }

  /** The index a snapshot describes (see `snapshot`), searching with this thread's budgets. */
  static fromSnapshot(snapshot: IndexSnapshot, budgets: SearchBudgets = {}): LineIndex {
    const lineIds = new Map<string, number>();
    snapshot.tokens.forEach((tokens, line) => lineIds.set(tokens, line));
    return new LineIndex(stateOf(snapshot, lineIds, snapshot.rawLines), budgets);
  }

  get lineCount(): number {
    return this.lineIds.size;
  }

  /**
   * This index as plain data for another thread (see IndexSnapshot); `rawLines: false` leaves the raw lines out.
   * `shared` puts the copies in shared memory (see `share`).
   */
  snapshot({ rawLines = true, shared = false }: { rawLines?: boolean; shared?: boolean } = {}): IndexSnapshot {
    const copy = shared ? sharedCopy : privateCopy;
    const prefixIndex = this.prefixIndex;
    return {
      tokens: [...this.lineIds.keys()],
      rawLines: rawLines ? this.rawLines : [],
      rawSources: this.rawSources,
      weighting: this.weighting,
      vocabulary: this.vocabulary.parts(copy),
      documentFrequency: copy(this.documentFrequency),
      tokenIds: copy(this.tokenIds),
      lineStarts: copy(this.lineStarts),
      squaredWeight: copy(this.squaredWeight),
      lineNorm: copy(this.lineNorm),
      postingStarts: copy(this.postingStarts),
      postings: copy(this.postings),
      ...(this.rank ? { rank: copy(this.rank) } : {}),
      ...(prefixIndex
        ? {
            prefixIndex: {
              similarity: prefixIndex.similarity,
              starts: copy(prefixIndex.starts),
              lines: copy(prefixIndex.lines),
              positions: copy(prefixIndex.positions),
              sizes: copy(prefixIndex.sizes),
            },
          }
        : {}),
      ...(this.probe ? { probe: this.probe.parts(copy) } : {}),
      ...(this.subsetProbe ? { subsetProbe: this.subsetProbe.parts(copy) } : {}),
    };
  }

  /**
   * This index with its arrays moved into shared memory, and a snapshot that views the same memory, so a helper
   * thread searches that one copy instead of its own: 50-85 MB less at the peak of the bench's 2M-line job on two
   * threads. The caller uses the returned index from then on, and this one's arrays can be freed. Nothing changes a
   * frozen index's arrays, so both threads may read them without atomics.
   */
  share({ rawLines = true }: { rawLines?: boolean } = {}): { index: LineIndex; snapshot: IndexSnapshot } {
    const snapshot = this.snapshot({ rawLines, shared: true });
    const budgets = { anomalyScan: this.anomalyScanBudget, walk: this.walkBudget };
    return { index: new LineIndex(stateOf(snapshot, this.lineIds, this.rawLines), budgets), snapshot };
  }

  get vocabularySize(): number {
    return this.vocabulary.size;
  }

  /**
   * Nearest baseline line of a tokenised target line (`tokens` non-empty).
   *
   * Without a threshold, or with TF-IDF weights, the search is exact. With binary weights and a threshold, whether
   * `distance >= threshold` is decided exactly, and a line under the threshold gets the first baseline line found
   * under it (its distance is under the threshold, not necessarily the smallest: no report shows it); a line at
   * or above it (an anomaly) gets the best line the walk and the filters scored, then the best found by counting
   * at most `anomalyScanBudget` posting entries: exact when the walk or the count covers every list, otherwise an
   * upper bound of the true distance (a real baseline line that near exists), which is still at or above the
   * threshold.
   */
  nearest(tokens: string, threshold?: number): NearestMatch {
    const similarity = threshold === undefined ? 0 : 1 - threshold;
    const decidesOnly = this.weighting === 'binary' && similarity > FILTER_SLACK;
    // Where only the decision counts, a line seen in the baseline is settled by the probes below like any near line
    // (its set's sum is looked up first): this map lookup cost more than a quarter of the search's own time on the
    // bench's synthetic lines, most of them not in the baseline.
    if (!decidesOnly) {
      const exact = this.lineIds.get(tokens);
      if (exact !== undefined) return { distance: 0, line: exact };
    }

    const stamp = this.nextStamp();
    const known: number[] = [];
    let unseen: string[] | undefined;
    let queryNormSquared = 0;
    let shared = 0;
    const words = this.vocabulary.scan(tokens, false, this.words);
    for (let word = 0; word < words; word += 1) {
      const id = this.words.ids[word] ?? -1;
      if (id < 0) {
        unseen ??= [];
        const text = tokens.slice(this.words.starts[word] ?? 0, this.words.ends[word] ?? 0);
        if (!unseen.includes(text)) {
          unseen.push(text);
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
    if (!decidesOnly) {
      known.sort((a, b) => (this.documentFrequency[a] ?? 0) - (this.documentFrequency[b] ?? 0));
      return toMatch(this.walk(known, stamp, queryNorm, shared, Infinity));
    }

    // Most lines have a near twin: a few likely ones, checked exactly, settle them before any posting list is walked.
    // First a line with the same set of known words, or that set and one more (one lookup).
    this.subsetProbe ??= SubsetProbe.build(this.tokenIds, this.lineStarts, this.lineIds.size, this.documentFrequency);
    this.subsetProbe.prepareQuery(known);
    const sameSet = this.subsetProbe.sameSetCandidate();
    const sameSetTwin = sameSet >= 0 ? this.settledBy(sameSet, stamp, queryNorm, threshold ?? 0) : undefined;
    if (sameSetTwin !== undefined) return sameSetTwin;
    this.probe ??= MinHashProbe.build(this.tokenIds, this.lineStarts, this.lineIds.size, this.documentFrequency);
    const twin = this.settledByBands(known, stamp, queryNorm, threshold ?? 0);
    if (twin !== undefined) return twin;

    // A twin the bands missed is often a baseline line with one word less (a template without its id fragment) or
    // with one word in place of another: their direct lookups settle most of the lines that would otherwise walk the
    // posting lists.
    const subsets = this.subsetProbe.candidates(this.subsetCandidates);
    const subsetTwin = this.settledByProposal(this.subsetCandidates, subsets, stamp, queryNorm, threshold ?? 0);
    if (subsetTwin !== undefined) return subsetTwin;
    // Two words more than a baseline line (the residue of an id split in two, say) is as common on the bench's lines,
    // and a line long enough to stay near after losing two words is worth the pairs' lookups before any walk.
    const unseenCount = unseen?.length ?? 0;
    if (known.length - 2 >= similarity * similarity * (known.length + unseenCount)) {
      const pairs = this.subsetProbe.pairCandidates(this.subsetCandidates);
      const pairTwin = this.settledByProposal(this.subsetCandidates, pairs, stamp, queryNorm, threshold ?? 0);
      if (pairTwin !== undefined) return pairTwin;
    }

    const rank = this.ranks();
    known.sort((a, b) => (rank[a] ?? 0) - (rank[b] ?? 0));
    const filterSimilarity = similarity - FILTER_SLACK;
    // The bound walk is quick where a good match exists (most lines): try it within a budget first.
    const walked = this.walk(known, stamp, queryNorm, shared, this.walkBudget, threshold);
    if (walked.complete) return toMatch(walked);
    // Cut short but already at the threshold: not an anomaly, and a high best keeps the full walk short.
    if (walked.best >= filterSimilarity) return toMatch(this.walk(known, this.restamp(known), queryNorm, shared, Infinity, threshold));
    // Lines the walk scored keep their stamp, so the filter does not score them again.
    const candidates = this.filteredSearch(known, unseen?.length ?? 0, stamp, queryNorm, filterSimilarity, walked);
    // Every line as similar as the threshold was a candidate, so a best match at the threshold is the exact nearest.
    if (candidates.best >= filterSimilarity) return toMatch(candidates);
    // An anomaly: a bounded scan only refines how near its nearest line is, from the best candidate on.
    return toMatch(this.anomalyScanBudget > 0 ? this.countShared(known, queryNorm, candidates, this.anomalyScanBudget) : candidates);
  }

  /**
   * Builds now what the threshold search would build on its first use (the MinHash and subset probes, and the prefix
   * index for this threshold), so the cost falls in training, and `checkpoint` can stop a long build (cancellation).
   */
  prepare(threshold: number, checkpoint: () => void = () => undefined): void {
    const similarity = 1 - threshold;
    if (this.weighting !== 'binary' || !(similarity > FILTER_SLACK)) return;
    this.probe ??= MinHashProbe.build(this.tokenIds, this.lineStarts, this.lineIds.size, this.documentFrequency, checkpoint);
    checkpoint();
    this.subsetProbe ??= SubsetProbe.build(this.tokenIds, this.lineStarts, this.lineIds.size, this.documentFrequency, checkpoint);
    checkpoint();
    // The same expression as `nearest` passes to the filters, so the prebuilt index is the one they look up.
    this.prefixIndexFor(similarity - FILTER_SLACK);
    checkpoint();
  }

  /** A fresh stamp with the query's tokens marked again. */
  private restamp(known: readonly number[]): number {
    const stamp = this.nextStamp();
    for (const id of known) this.tokenStamp[id] = stamp;
    return stamp;
  }

  private nextStamp(): number {
    this.stamp += 1;
    if (this.stamp === 0x7fffffff) {
      this.stamp = 1;
      this.tokenStamp.fill(0);
      this.lineStamp.fill(0);
    }
    return this.stamp;
  }

  /**
   * Similarity-join filtering for binary weights, where the cosine is o / sqrt(t·b) for a target of t distinct tokens
   * (known and unseen), a baseline line of b and o shared. A line with cosine >= s needs o >= s·sqrt(t·b), and since
   * o <= min(t, b): b within [s²t, t/s²] (length filter) and o >= s²t and o >= s²b. With both sides' tokens in one
   * global order (unseen target words first, then by document frequency), two sets sharing at least k tokens share
   * one within the first |x| - k + 1 tokens of each (prefix filter): so candidates come only from the lists of the
   * target's first t - ceil(s²t) + 1 tokens, in an index of each line's first b - ceil(s²b) + 1 tokens. Where a
   * line is first met, at position i of the target and j of the line, no earlier token is shared (it would sit in
   * both prefixes), so o <= min(t - i, b - j) (positional filter). Each candidate left is scored exactly.
   */
  private filteredSearch(known: readonly number[], unseenCount: number, stamp: number, queryNorm: number, similarity: number, start: Scored): Scored {
    const index = this.prefixIndexFor(similarity);
    const size = known.length + unseenCount;
    const squared = similarity * similarity;
    const prefixEnd = size - Math.max(1, Math.ceil(squared * size)) + 1;
    const smallest = squared * size;
    const largest = size / squared;
    let best = start.best;
    let bestLine = start.line;
    for (let order = 0; order < known.length && unseenCount + order < prefixEnd; order += 1) {
      const id = known[order] ?? 0;
      const remainingInTarget = size - unseenCount - order;
      const end = index.starts[id + 1] ?? 0;
      // Jump over the lines that are too short, by binary search on the size-ordered list.
      let slot = index.starts[id] ?? 0;
      let high = end;
      while (slot < high) {
        const middle = (slot + high) >>> 1;
        if ((index.sizes[middle] ?? 0) < smallest) slot = middle + 1;
        else high = middle;
      }
      for (; slot < end; slot += 1) {
        const lineSize = index.sizes[slot] ?? 0;
        if (lineSize > largest) break;
        const overlapBound = Math.min(remainingInTarget, lineSize - (index.positions[slot] ?? 0));
        if (overlapBound < similarity * Math.sqrt(size * lineSize)) continue;
        // With binary weights a line's norm is the square root of its size (the same double the index computed).
        const lineNorm = Math.sqrt(lineSize);
        // Nor can a line win that cannot beat the best score so far (the same expression as the score, so exact).
        if (overlapBound / (queryNorm * lineNorm) <= best) continue;
        // The filters above read only this entry, so they run before the first random access, the stamp. A line they
        // reject stays unstamped and may pass them at a later, looser meeting: it is then scored exactly, which costs
        // time but cannot change a decision, since every line that could reach the threshold passes at its first.
        const line = index.lines[slot] ?? 0;
        if (this.lineStamp[line] === stamp) continue;
        this.lineStamp[line] = stamp;
        const score = this.sharedTokens(line, stamp) / (queryNorm * lineNorm);
        if (score > best) {
          best = score;
          bestLine = line;
        }
      }
    }
    return { best, line: bestLine };
  }

  /**
   * The first of a probe's `count` proposed lines that is under the threshold, scored exactly, or undefined. It is
   * the walk's own early stop: a line under the threshold needs no exact nearest (the report shows only anomalies).
   */
  private settledByProposal(proposed: Int32Array, count: number, stamp: number, queryNorm: number, threshold: number): NearestMatch | undefined {
    for (let index = 0; index < count; index += 1) {
      const settled = this.settledBy(proposed[index] ?? 0, stamp, queryNorm, threshold);
      if (settled !== undefined) return settled;
    }
    return undefined;
  }

  /** A proposed line's exact match when it is under the threshold, or undefined: every probe's one test. */
  private settledBy(line: number, stamp: number, queryNorm: number, threshold: number): NearestMatch | undefined {
    const score = this.sharedTokens(line, stamp) / (queryNorm * (this.lineNorm[line] ?? 1));
    return 1 - score < threshold ? toMatch({ best: score, line }) : undefined;
  }

  /**
   * The first line the MinHash bands propose that is under the threshold, scored exactly, or undefined. Bands are
   * looked up one at a time, in order, and each new line is scored as it comes: the same answer as scoring the whole
   * proposal list in order, without the lookups (each a cache miss in a table of millions of slots) of the bands
   * after the first twin, which most lines find in the first band.
   */
  private settledByBands(known: readonly number[], stamp: number, queryNorm: number, threshold: number): NearestMatch | undefined {
    const probe = this.probe;
    if (probe === undefined) return undefined;
    const bands = probe.prepareQuery(known);
    const tried = this.probeCandidates;
    let count = 0;
    for (let band = 0; band < bands; band += 1) {
      const line = probe.bandCandidate(band);
      if (line < 0) continue;
      let seen = false;
      for (let index = 0; index < count; index += 1) if (tried[index] === line) seen = true;
      if (seen) continue;
      tried[count++] = line;
      const settled = this.settledBy(line, stamp, queryNorm, threshold);
      if (settled !== undefined) return settled;
    }
    return undefined;
  }

  /** How many of a baseline line's tokens carry the query's stamp: the binary dot product with the query. */
  private sharedTokens(line: number, stamp: number): number {
    let dot = 0;
    const tokenEnd = this.lineStarts[line + 1] ?? 0;
    for (let token = this.lineStarts[line] ?? 0; token < tokenEnd; token += 1) {
      if (this.tokenStamp[this.tokenIds[token] ?? 0] === stamp) dot += 1;
    }
    return dot;
  }

  private lineSize(line: number): number {
    return (this.lineStarts[line + 1] ?? 0) - (this.lineStarts[line] ?? 0);
  }

  private ranks(): Int32Array {
    if (this.rank !== undefined) return this.rank;
    const vocabularySize = this.vocabulary.size;
    const byRank = new Int32Array(vocabularySize);
    for (let id = 0; id < vocabularySize; id += 1) byRank[id] = id;
    byRank.sort((a, b) => (this.documentFrequency[a] ?? 0) - (this.documentFrequency[b] ?? 0) || a - b);
    const rank = new Int32Array(vocabularySize);
    byRank.forEach((id, order) => {
      rank[id] = order;
    });
    this.rank = rank;
    return rank;
  }

  /** Builds (once per threshold) the index of every baseline line's prefix; see `filteredSearch`. */
  private prefixIndexFor(similarity: number): PrefixIndex {
    if (this.prefixIndex?.similarity === similarity) return this.prefixIndex;
    const rank = this.ranks();
    const lineCount = this.lineIds.size;
    const vocabularySize = this.vocabulary.size;
    const squared = similarity * similarity;
    // Each line's prefix tokens, rarest first, in line order.
    const prefixStarts = new Int32Array(lineCount + 1);
    const prefixTokens = new Int32Array(this.tokenIds.length);
    let filled = 0;
    let scratch = new Int32Array(64);
    for (let line = 0; line < lineCount; line += 1) {
      prefixStarts[line] = filled;
      const start = this.lineStarts[line] ?? 0;
      const size = (this.lineStarts[line + 1] ?? 0) - start;
      if (scratch.length < size) scratch = new Int32Array(size * 2);
      const ranks = scratch.subarray(0, size);
      for (let offset = 0; offset < size; offset += 1) ranks[offset] = rank[this.tokenIds[start + offset] ?? 0] ?? 0;
      ranks.sort();
      const prefix = size - Math.max(1, Math.ceil(squared * size)) + 1;
      for (let offset = 0; offset < prefix; offset += 1) prefixTokens[filled + offset] = ranks[offset] ?? 0;
      filled += prefix;
    }
    prefixStarts[lineCount] = filled;
    const idOfRank = new Int32Array(vocabularySize);
    for (let id = 0; id < vocabularySize; id += 1) idOfRank[rank[id] ?? 0] = id;
    const starts = new Int32Array(vocabularySize + 1);
    for (let entry = 0; entry < filled; entry += 1) {
      const id = idOfRank[prefixTokens[entry] ?? 0] ?? 0;
      prefixTokens[entry] = id;
      starts[id + 1] = (starts[id + 1] ?? 0) + 1;
    }
    for (let id = 0; id < vocabularySize; id += 1) starts[id + 1] = (starts[id + 1] ?? 0) + (starts[id] ?? 0);
    // Lines in ascending size (a counting sort), so each list comes out ordered by size.
    let largest = 0;
    for (let line = 0; line < lineCount; line += 1) largest = Math.max(largest, this.lineSize(line));
    const bySizeStarts = new Int32Array(largest + 2);
    for (let line = 0; line < lineCount; line += 1) {
      const size = this.lineSize(line);
      bySizeStarts[size + 1] = (bySizeStarts[size + 1] ?? 0) + 1;
    }
    for (let size = 0; size <= largest; size += 1) bySizeStarts[size + 1] = (bySizeStarts[size + 1] ?? 0) + (bySizeStarts[size] ?? 0);
    const bySize = new Int32Array(lineCount);
    for (let line = 0; line < lineCount; line += 1) {
      const size = this.lineSize(line);
      const slot = bySizeStarts[size] ?? 0;
      bySize[slot] = line;
      bySizeStarts[size] = slot + 1;
    }
    const lines = new Int32Array(filled);
    const narrow = largest <= 0xffff;
    const positions = narrow ? new Uint16Array(filled) : new Int32Array(filled);
    const sizes = narrow ? new Uint16Array(filled) : new Int32Array(filled);
    const fill = starts.slice(0, vocabularySize);
    for (const line of bySize) {
      const end = prefixStarts[line + 1] ?? 0;
      const start = prefixStarts[line] ?? 0;
      for (let entry = start; entry < end; entry += 1) {
        const id = prefixTokens[entry] ?? 0;
        const slot = fill[id] ?? 0;
        lines[slot] = line;
        positions[slot] = entry - start;
        sizes[slot] = this.lineSize(line);
        fill[id] = slot + 1;
      }
    }
    this.prefixIndex = { similarity, starts, lines, positions, sizes };
    return this.prefixIndex;
  }

  /**
   * Counts, over the full posting lists of `known` (rarest first) and at most `budget` entries, how many tokens each
   * line shares with the target (binary weights). A count is at most the line's true overlap, so the best line by
   * count is a real line at least that similar; it is then scored exactly. When every list fits in the budget the
   * counts are the true overlaps and the result is the exact nearest line.
   */
  private countShared(known: readonly number[], queryNorm: number, start: Scored, budget: number): Scored {
    const stamp = this.nextStamp();
    let best = start.best;
    let bestLine = start.line;
    let countedBest = -1;
    let left = budget;
    for (const id of known) {
      const begin = this.postingStarts[id] ?? 0;
      const end = Math.min(this.postingStarts[id + 1] ?? 0, begin + left);
      left -= end - begin;
      for (let slot = begin; slot < end; slot += 1) {
        const line = this.postings[slot] ?? 0;
        let count = 1;
        if (this.lineStamp[line] === stamp) count = (this.sharedCount[line] ?? 0) + 1;
        else this.lineStamp[line] = stamp;
        this.sharedCount[line] = count;
        const score = count / (queryNorm * (this.lineNorm[line] ?? 1));
        if (score > best) {
          best = score;
          bestLine = line;
          countedBest = line;
        }
      }
      if (left <= 0) break;
    }
    if (countedBest >= 0 && left <= 0) {
      // The scan was cut: the winner may share tokens of lists it did not reach, so score it exactly.
      for (const id of known) this.tokenStamp[id] = stamp;
      best = this.sharedTokens(countedBest, stamp) / (queryNorm * (this.lineNorm[countedBest] ?? 1));
    }
    return { best, line: bestLine };
  }

  /**
   * The exact bound walk over the full posting lists, `known` rarest first, stopped after `budget` entries.
   */
  private walk(known: readonly number[], stamp: number, queryNorm: number, shared: number, budget: number, stopUnder?: number): Walked {
    let best = 0;
    let bestLine = -1;
    let visited = 0;
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
        if (++visited > budget) return { best, line: bestLine, complete: false };
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
          // A line that is not an anomaly needs no exact nearest: the report shows only anomalies. The test is the
          // one the analysis applies (distance >= threshold), so the decision cannot differ.
          if (stopUnder !== undefined && 1 - score < stopUnder) return { best, line: bestLine, complete: true };
        }
      }
      remaining -= this.squaredWeight[id] ?? 0;
      if (remaining <= 0) break;
    }
    return { best, line: bestLine, complete: true };
  }
}

/** The state a snapshot describes, with the map from token line to id and the raw lines the caller has. */
function stateOf(snapshot: IndexSnapshot, lineIds: ReadonlyMap<string, number>, rawLines: readonly string[]): IndexState {
  return {
    vocabulary: new WordTable(snapshot.vocabulary),
    documentFrequency: snapshot.documentFrequency,
    lineIds,
    tokenIds: snapshot.tokenIds,
    lineStarts: snapshot.lineStarts,
    rawLines,
    rawSources: snapshot.rawSources,
    weighting: snapshot.weighting,
    squaredWeight: snapshot.squaredWeight,
    lineNorm: snapshot.lineNorm,
    postingStarts: snapshot.postingStarts,
    postings: snapshot.postings,
    ...(snapshot.rank ? { rank: snapshot.rank } : {}),
    ...(snapshot.prefixIndex ? { prefixIndex: snapshot.prefixIndex } : {}),
    ...(snapshot.probe ? { probe: MinHashProbe.fromParts(snapshot.probe) } : {}),
    ...(snapshot.subsetProbe ? { subsetProbe: SubsetProbe.fromParts(snapshot.subsetProbe) } : {}),
  };
}

interface Scored {
  readonly best: number;
  readonly line: number;
}

interface Walked extends Scored {
  /** False when the walk stopped at its budget: `best` is then a real line's score, not necessarily the highest. */
  readonly complete: boolean;
}

function toMatch(scored: Scored): NearestMatch {
  const distance = 1 - scored.best;
  return { distance: distance < 1e-9 ? 0 : distance > 1 ? 1 : distance, line: scored.line };
}

/** Smoothed IDF as scikit-learn computes it, squared; 1 for binary weighting. */
function squaredIdf(weighting: Weighting, lineCount: number, documentFrequency: number): number {
  if (weighting === 'binary') return 1;
  const idf = Math.log((1 + lineCount) / (1 + documentFrequency)) + 1;
  return idf * idf;
}
