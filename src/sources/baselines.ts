// Baseline choice as LogJuicer does it (docs/logreduce.md §10): recent successful builds of the same job,
// scored by closeness to the target, never from the target's own change, and only when their logs still answer.
import type { BuildInfo } from './flow';
import type { HttpClient } from './http';
import { SourceError, throwIfAborted } from './sourceError';
import type { ZuulClient } from './zuul';

const DAY_MS = 24 * 3600 * 1000;

/** Zuul times are naive UTC without a `Z`. */
export function parseZuulTime(time: string | undefined): number | undefined {
  if (time === undefined) return undefined;
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(time) ? time : `${time}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** True when the candidate comes from the same change as the target (same number or same ref_url). */
export function sameChange(target: BuildInfo, candidate: BuildInfo): boolean {
  if (target.change !== undefined && candidate.change !== undefined && target.change === candidate.change) return true;
  return target.refUrl !== undefined && target.change !== undefined && candidate.refUrl === target.refUrl;
}

/**
 * LogJuicer's score: same project +50 (−500 instead when also the same change or ref_url), same branch +50,
 * pipeline containing gate/periodic +50, voting +10, −1 per day of age relative to `now`.
 */
export function scoreBaseline(target: BuildInfo, candidate: BuildInfo, now: number): number {
  let score = 0;
  if (candidate.project !== undefined && candidate.project === target.project) score += sameChange(target, candidate) ? -500 : 50;
  if (candidate.branch !== undefined && candidate.branch === target.branch) score += 50;
  if (/gate|periodic/.test(candidate.pipeline ?? '')) score += 50;
  if (candidate.voting) score += 10;
  const end = parseZuulTime(candidate.endTime);
  if (end !== undefined) score -= Math.max(0, Math.floor((now - end) / DAY_MS));
  return score;
}

/** Candidates best first (stable), without the target itself, its change, builds without logs, or non-successes. */
export function rankBaselines(target: BuildInfo, candidates: readonly BuildInfo[], now: number): BuildInfo[] {
  return candidates
    .filter((c) => c.uuid !== target.uuid && c.logUrl !== undefined && c.result === 'SUCCESS' && !sameChange(target, c))
    .map((build, index) => ({ build, index, score: scoreBaseline(target, build, now) }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((entry) => entry.build);
}

export interface FindBaselinesOptions {
  readonly count: number;
  readonly signal?: AbortSignal;
  /** Reference time for the age penalty; defaults to now. */
  readonly now?: number;
  /** How many successful builds to ask Zuul for. */
  readonly limit?: number;
}

/** Asks Zuul for successful builds of the job (retried without `project` when empty), ranks them, HEAD-checks the best. */
export async function findBaselines(zuul: ZuulClient, http: HttpClient, target: BuildInfo, options: FindBaselinesOptions): Promise<BuildInfo[]> {
  const query = { jobName: target.jobName, result: 'SUCCESS', complete: true, limit: options.limit ?? 100 };
  let candidates = await zuul.listBuilds({ ...query, ...(target.project !== undefined ? { project: target.project } : {}) }, options.signal);
  if (candidates.length === 0 && target.project !== undefined) candidates = await zuul.listBuilds(query, options.signal);
  const ranked = rankBaselines(target, candidates, options.now ?? Date.now());
  const chosen: BuildInfo[] = [];
  for (const candidate of ranked) {
    if (chosen.length >= options.count) break;
    throwIfAborted(options.signal);
    if (await logsAvailable(http, candidate.logUrl ?? '', options.signal)) chosen.push(candidate);
  }
  return chosen;
}

/** HEAD the log URL: 2xx/3xx means the logs are still there (logjuicer `logs_available`). */
export async function logsAvailable(http: HttpClient, logUrl: string, signal?: AbortSignal): Promise<boolean> {
  try {
    const status = await http.head(logUrl, signal ? { signal } : {});
    return status >= 200 && status < 400;
  } catch (error) {
    if (SourceError.is(error, 'cancelled')) throw error;
    return false;
  }
}
