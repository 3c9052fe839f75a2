// Context around anomalies, merged into blocks the way Python LogReduce prints them (docs/logreduce.md §9):
// `before` lines ahead of an anomaly, `after` lines behind it, and anomalies closer than `mergeDistance` lines share
// one block even when their context does not touch, so a burst of errors reads as one story.

import type { Block } from './report';

export const MERGE_DISTANCE = 5;

export interface BlockSpan {
  /** 0-based first and last line of the block, inclusive. */
  readonly first: number;
  readonly last: number;
}

/**
 * Spans of the blocks for the given flagged lines (0-based, ascending, no duplicates) in a file of `lineCount` lines.
 */
export function blockSpans(
  flagged: readonly number[],
  lineCount: number,
  before: number,
  after: number,
  mergeDistance = MERGE_DISTANCE,
): BlockSpan[] {
  const spans: BlockSpan[] = [];
  let first = -1;
  let last = -1;
  let previousAnomaly = -1;
  for (const line of flagged) {
    const start = Math.max(0, line - Math.max(0, before));
    const end = Math.min(lineCount - 1, line + Math.max(0, after));
    if (first >= 0 && (start <= last + 1 || line - previousAnomaly < mergeDistance)) {
      last = Math.max(last, end);
    } else {
      if (first >= 0) spans.push({ first, last });
      first = start;
      last = end;
    }
    previousAnomaly = line;
  }
  if (first >= 0) spans.push({ first, last });
  return spans;
}

/** Blocks with their raw lines (1-based `start`). */
export function buildBlocks(
  lines: readonly string[],
  flagged: readonly number[],
  before: number,
  after: number,
  mergeDistance = MERGE_DISTANCE,
): Block[] {
  return blockSpans(flagged, lines.length, before, after, mergeDistance).map((span) => ({
    start: span.first + 1,
    lines: lines.slice(span.first, span.last + 1),
  }));
}
