// Zuul REST client: both build JSON shapes (flat before Zuul 10, nested `ref` since), builds queries,
// white-label detection through /api/info.
import type { BuildInfo } from './flow';
import type { HttpClient } from './http';
import { zuulApiRoot, zuulBuildPage } from './links';
import { SourceError } from './sourceError';

/** Results that mean the build did not fail (or never ran for a reason of its own). */
const NOT_FAILED = new Set(['SUCCESS', 'SKIPPED']);

export function isFailedResult(result: string): boolean {
  return !NOT_FAILED.has(result) && result !== 'RETRY' && result !== '';
}

function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface BuildDecodeContext {
  /** Zuul web root (ending in '/') and tenant, to build the page link. */
  readonly zuulRoot?: string;
  readonly tenant?: string;
}

/**
 * Decodes one build of either shape. Answers undefined for entries that are not builds (SKIPPED placeholders
 * with a null uuid, malformed items) so one bad item does not spoil a list.
 */
export function decodeBuild(json: unknown, context: BuildDecodeContext = {}): BuildInfo | undefined {
  if (!isRecord(json)) return undefined;
  const uuid = stringField(json, 'uuid');
  const jobName = stringField(json, 'job_name');
  if (uuid === undefined || jobName === undefined) return undefined;
  // Zuul >= 10 nests the ref fields in `ref`; before, they sit at top level and `ref` is a string.
  const refObject = isRecord(json.ref) ? json.ref : undefined;
  const refs: Record<string, unknown> = refObject ?? json;
  const change = refs.change;
  const patchset = refs.patchset;
  const logUrl = stringField(json, 'log_url');
  const build: BuildInfo = {
    uuid,
    jobName,
    result: stringField(json, 'result') ?? '',
    voting: json.voting !== false,
    ...(logUrl !== undefined ? { logUrl: logUrl.endsWith('/') || /\.[A-Za-z0-9]{1,8}$/.test(logUrl) ? logUrl : `${logUrl}/` } : {}),
    ...optional('project', stringField(refs, 'project')),
    ...optional('branch', stringField(refs, 'branch')),
    ...optional('pipeline', stringField(json, 'pipeline')),
    ...(typeof change === 'number' && Number.isInteger(change) ? { change } : typeof change === 'string' && /^\d+$/.test(change) ? { change: Number(change) } : {}),
    ...(typeof patchset === 'string' && patchset !== '' ? { patchset } : typeof patchset === 'number' ? { patchset: String(patchset) } : {}),
    ...optional('refUrl', stringField(refs, 'ref_url')),
    ...optional('endTime', stringField(json, 'end_time')),
    ...(context.zuulRoot !== undefined ? { webUrl: zuulBuildPage(context.zuulRoot, context.tenant, uuid) } : {}),
  };
  return build;
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

export interface BuildQuery {
  readonly change?: number;
  readonly patchset?: string;
  readonly jobName?: string;
  readonly project?: string;
  readonly branch?: string;
  readonly pipeline?: string;
  readonly result?: string | readonly string[];
  readonly complete?: boolean;
  readonly limit?: number;
}

export class ZuulClient {
  constructor(
    private readonly http: HttpClient,
    /** Tenant API root ending in '/'. */
    readonly apiRoot: string,
    readonly zuulRoot: string,
    readonly tenant: string | undefined,
  ) {}

  /** A client for `zuulRoot` (+ tenant, or white-label detection through /api/info when no tenant is known). */
  static async connect(http: HttpClient, zuulRoot: string, tenant: string | undefined, signal?: AbortSignal): Promise<ZuulClient> {
    const root = zuulRoot.endsWith('/') ? zuulRoot : `${zuulRoot}/`;
    if (tenant !== undefined) return new ZuulClient(http, zuulApiRoot(root, tenant), root, tenant);
    const detected = await detectWhiteLabel(http, root, signal);
    if (detected.whiteLabel) return new ZuulClient(http, zuulApiRoot(root, undefined), root, undefined);
    throw new SourceError('badLink', `${root} serves several tenants: give the tenant (--tenant, or the zuulMap setting).`, root);
  }

  private get decodeContext(): BuildDecodeContext {
    return { zuulRoot: this.zuulRoot, ...(this.tenant !== undefined ? { tenant: this.tenant } : {}) };
  }

  async getBuild(uuid: string, signal?: AbortSignal): Promise<BuildInfo> {
    const url = `${this.apiRoot}build/${encodeURIComponent(uuid)}`;
    const json = await this.http.getJson(url, signal ? { signal } : {});
    const build = decodeBuild(json, this.decodeContext);
    if (build === undefined) throw new SourceError('badResponse', `${url} did not answer with a Zuul build.`, url);
    return build;
  }

  /**
   * Builds of a buildset (GET buildset/{uuid} adds `builds[]`). Before Zuul 10 the builds listed there carry no ref
   * fields (project, change, patchset, pipeline...): only the buildset does. They are copied into each build that
   * lacks them, or the target would have no change and a recheck of that very change could become its baseline.
   */
  async getBuildset(uuid: string, signal?: AbortSignal): Promise<BuildInfo[]> {
    const url = `${this.apiRoot}buildset/${encodeURIComponent(uuid)}`;
    const json = await this.http.getJson(url, signal ? { signal } : {});
    if (!isRecord(json) || !Array.isArray(json.builds)) throw new SourceError('badResponse', `${url} did not answer with a Zuul buildset.`, url);
    const shared: Record<string, unknown> = {};
    for (const field of BUILDSET_REF_FIELDS) if (json[field] !== undefined) shared[field] = json[field];
    const builds = json.builds.map((build) => (isRecord(build) && !isRecord(build.ref) && build.project === undefined ? { ...shared, ...build } : build));
    return decodeList(builds, this.decodeContext);
  }

  async listBuilds(query: BuildQuery, signal?: AbortSignal): Promise<BuildInfo[]> {
    const params = new URLSearchParams();
    if (query.change !== undefined) params.append('change', String(query.change));
    if (query.patchset !== undefined) params.append('patchset', query.patchset);
    if (query.jobName !== undefined) params.append('job_name', query.jobName);
    if (query.project !== undefined) params.append('project', query.project);
    if (query.branch !== undefined) params.append('branch', query.branch);
    if (query.pipeline !== undefined) params.append('pipeline', query.pipeline);
    for (const result of typeof query.result === 'string' ? [query.result] : query.result ?? []) params.append('result', result);
    if (query.complete !== undefined) params.append('complete', String(query.complete));
    if (query.limit !== undefined) params.append('limit', String(query.limit));
    const url = `${this.apiRoot}builds?${params.toString()}`;
    const json = await this.http.getJson(url, signal ? { signal } : {});
    if (!Array.isArray(json)) throw new SourceError('badResponse', `${url} did not answer with a list of builds.`, url);
    // Paging can repeat items while builds arrive: keep the first of each uuid.
    const seen = new Set<string>();
    return decodeList(json, this.decodeContext).filter((b) => !seen.has(b.uuid) && seen.add(b.uuid) !== undefined);
  }
}

/** The ref fields a pre-10 buildset holds for all its builds (`buildsetToDict`). */
const BUILDSET_REF_FIELDS = ['project', 'branch', 'pipeline', 'change', 'patchset', 'ref', 'newrev', 'ref_url', 'event_id'] as const;

function decodeList(items: readonly unknown[], context: BuildDecodeContext): BuildInfo[] {
  const out: BuildInfo[] = [];
  for (const item of items) {
    const build = decodeBuild(item, context);
    if (build) out.push(build);
  }
  return out;
}

/** `GET {root}api/info`: a white-labelled deployment answers with `info.tenant` set (the dashboard's own test). */
export async function detectWhiteLabel(http: HttpClient, zuulRoot: string, signal?: AbortSignal): Promise<{ whiteLabel: boolean; tenant?: string }> {
  const root = zuulRoot.endsWith('/') ? zuulRoot : `${zuulRoot}/`;
  const url = `${root}api/info`;
  const json = await http.getJson(url, signal ? { signal } : {});
  if (!isRecord(json) || !isRecord(json.info)) throw new SourceError('badResponse', `${url} is not a Zuul info answer (is ${root} a Zuul web root?).`, url);
  const tenant = json.info.tenant;
  return typeof tenant === 'string' && tenant !== '' ? { whiteLabel: true, tenant } : { whiteLabel: false };
}
