// From a link or a path to local folders ready for analysis: resolve the link to a failed Zuul build, choose
// baselines, download both through the cache.
//
// Inputs: a Gerrit change URL, a Zuul build or buildset URL, a log URL (directory or single file) or a local path.
// A local path is returned as is, with no baselines: give baseline folders separately (the CLI's `diff` command,
// or the extension's "compare with..." pick), since nothing links a folder on disk to a Zuul build.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Report, ReportSource, SkippedFile } from '../core/report';
import { findBaselines, logsAvailable, parseZuulTime } from './baselines';
import { LogCache, cacheKey, type CacheEntry } from './cache';
import { downloadFiles, downloadSingleFile, listLogFiles, type DownloadOptions } from './download';
import { fetchGerritChange, parseZuulReports } from './gerrit';
import { HttpClient, credentialsAllowedFor } from './http';
import { parseLink, type GerritChangeLink, type LogLink, type ZuulLink } from './links';
import { SourceError, displayUrl, throwIfAborted } from './sourceError';
import { writeWholeFile } from './wholeFile';
import { ZuulClient, isFailedResult } from './zuul';

/** A build as both Zuul JSON shapes (before and after Zuul 10) decode to. */
export interface BuildInfo {
  readonly uuid: string;
  readonly jobName: string;
  readonly result: string;
  readonly voting: boolean;
  readonly logUrl?: string;
  readonly project?: string;
  readonly branch?: string;
  readonly pipeline?: string;
  readonly change?: number;
  readonly patchset?: string;
  readonly refUrl?: string;
  readonly endTime?: string;
  /** Build page URL, for links in the panel. */
  readonly webUrl?: string;
}

export interface ZuulEndpoint {
  /** Tenant API root ending in '/', e.g. https://zuul.example.org/api/tenant/openstack/ */
  readonly apiRoot: string;
}

export interface SourceSettings {
  /** Gerrit host (as in the URL, e.g. review.opendev.org) to Zuul API root and tenant. */
  readonly zuulMap: Readonly<Record<string, { readonly url: string; readonly tenant?: string }>>;
  readonly baselineCount: number;
  readonly concurrency: number;
  readonly cacheDir: string;
  readonly cacheMaxBytes: number;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly timeoutMs: number;
  readonly maxFileBytes: number;
  readonly maxTotalBytes: number;
  /** Extra request headers for a URL (bearer token, basic auth), looked up per request; never logged. */
  readonly authHeaders?: (url: string) => Promise<Readonly<Record<string, string>>>;
  /** Proxy URL (e.g. VS Code's http.proxy), when set. */
  readonly proxy?: string;
  /** Whole-request deadline in ms (a trickling server never trips `timeoutMs`). Default max(120 s, 4 × timeoutMs). */
  readonly deadlineMs?: number;
  /** Attempts per request on 5xx, 429, timeouts and resets. Default 3. */
  readonly attempts?: number;
  /** First retry delay in ms, doubled each retry. Default 400. */
  readonly retryDelayMs?: number;
  /** Index pages fetched at most when a log tree has no zuul-manifest.json. Default 2500. */
  readonly maxCrawlRequests?: number;
  /** Zuul root (and tenant) to use whatever the link says: the CLI's --zuul-api and --tenant. */
  readonly zuulOverride?: { readonly url: string; readonly tenant?: string };
}

/** Zuul deployments of the public Gerrit hosts this tool knows; settings.zuulMap entries take precedence. */
export const DEFAULT_ZUUL_MAP: Readonly<Record<string, { readonly url: string; readonly tenant?: string }>> = {
  'review.opendev.org': { url: 'https://zuul.opendev.org/', tenant: 'openstack' },
  'softwarefactory-project.io': { url: 'https://softwarefactory-project.io/zuul/', tenant: 'rdoproject.org' },
  // White-labelled: build pages are https://review.rdoproject.org/zuul/build/<uuid>, the API has no tenant part.
  'review.rdoproject.org': { url: 'https://review.rdoproject.org/zuul/' },
};

export const DEFAULT_SOURCE_SETTINGS: Omit<SourceSettings, 'cacheDir'> = {
  zuulMap: {},
  baselineCount: 3,
  concurrency: 6,
  cacheMaxBytes: 2 * 1024 ** 3,
  include: [],
  exclude: [],
  // The editor's default too (logTriage.requestTimeoutSeconds): the CLI and the editor wait as long for one server.
  timeoutMs: 60_000,
  maxFileBytes: 256 * 1024 ** 2,
  maxTotalBytes: 2 * 1024 ** 3,
};

export interface DownloadProgress {
  readonly phase: 'resolve' | 'download';
  readonly message: string;
  readonly files: number;
  readonly totalFiles: number;
  readonly bytes: number;
}

export interface PreparedAnalysis {
  /** Local folder (or file) holding the target logs. */
  readonly target: string;
  /** Local folders holding each baseline's logs. */
  readonly baselines: readonly string[];
  readonly source: ReportSource;
  /** The failed build analysed, when the link led to one. */
  readonly targetBuild?: BuildInfo;
  readonly baselineBuilds?: readonly BuildInfo[];
  /** Remote URL of each downloaded file, keyed by its path relative to its folder, per folder. */
  readonly fileUrls?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Files not downloaded (unsafe names, binary, over a cap, unreadable), never dropped silently. */
  readonly skipped?: readonly SkippedFile[];
  /** Why there are no (or fewer) baselines than asked, for the user. */
  readonly notes?: readonly string[];
  /** The cache entries the logs came from (target first), for analysing the link again offline. */
  readonly cacheKeys?: readonly string[];
}

export interface PrepareHooks {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: DownloadProgress) => void;
  /** Asked when several builds failed; returns the chosen one or undefined to stop. */
  readonly pickBuild?: (builds: readonly BuildInfo[]) => Promise<BuildInfo | undefined>;
  /** The failed job the caller asks for by name (`--job`), if any: a saved plan stands in only for the same one. */
  readonly job?: string;
}

/** What a link resolves to before anything is downloaded. */
export interface ResolvedTarget {
  readonly target?: BuildInfo;
  /** Log URL to download as the target (the build's log_url, or the link itself). */
  readonly logUrl: string;
  readonly logIsFile: boolean;
  readonly zuul?: ZuulClient;
  readonly change?: { readonly url: string; readonly number: number; readonly patchset?: string };
  readonly notes: string[];
}

function hostKey(url: string): { host: string; hostPath: string } {
  const parsed = new URL(url);
  return { host: parsed.host.toLowerCase(), hostPath: `${parsed.host.toLowerCase()}${parsed.pathname}` };
}

/** The Zuul configured for a Gerrit URL: the longest zuulMap key (host or host/path) that prefixes it. */
export function lookupZuul(settings: Pick<SourceSettings, 'zuulMap'>, gerritUrl: string): { url: string; tenant?: string } | undefined {
  const { host, hostPath } = hostKey(gerritUrl);
  const entries = [...Object.entries(settings.zuulMap), ...Object.entries(DEFAULT_ZUUL_MAP)];
  let best: { url: string; tenant?: string } | undefined;
  let bestLength = -1;
  for (const [rawKey, value] of entries) {
    const key = rawKey.replace(/^https?:\/\//, '').replace(/\/+$/, '').toLowerCase();
    const matches = key === host || hostPath === key || hostPath.startsWith(`${key}/`);
    if (matches && key.length > bestLength) {
      best = value;
      bestLength = key.length;
    }
  }
  return best;
}

/**
 * Whether Gerrit's authenticated REST paths (`/a/`) are the ones to use: only with a user and HTTP password (Basic),
 * which is what Gerrit checks there. Credentials are stored per host, and a host that serves both Gerrit and a
 * read-protected Zuul holds the Zuul's bearer token: sent to `/a/`, it made Gerrit refuse a change anyone may read.
 */
async function hasGerritCredentials(settings: SourceSettings, url: string): Promise<boolean> {
  // The HTTP client would not send them (plain http to another machine), so the anonymous paths are the ones to use.
  if (!settings.authHeaders || !credentialsAllowedFor(new URL(url))) return false;
  const headers = await settings.authHeaders(url);
  return Object.entries(headers).some(([name, value]) => name.toLowerCase() === 'authorization' && /^basic\s/i.test(value));
}

/**
 * Newest build per job and pipeline (so retries and rechecks give way), failed ones with logs, voting first. A
 * change's build list comes newest first but a buildset's comes oldest first, so builds are ordered by end time
 * here (builds still running, without one, count as newest), and the list's order only breaks ties.
 */
export function failedBuilds(builds: readonly BuildInfo[]): BuildInfo[] {
  const newestFirst = builds
    .map((build, index) => ({ build, index, ended: parseZuulTime(build.endTime) ?? Number.POSITIVE_INFINITY }))
    .sort((a, b) => (a.ended === b.ended ? a.index - b.index : b.ended > a.ended ? 1 : -1))
    .map((entry) => entry.build);
  const seen = new Set<string>();
  const out: BuildInfo[] = [];
  for (const build of newestFirst) {
    const key = `${build.jobName}\n${build.pipeline ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (isFailedResult(build.result) && build.logUrl !== undefined) out.push(build);
  }
  return out.map((build, index) => ({ build, index })).sort((a, b) => Number(b.build.voting) - Number(a.build.voting) || a.index - b.index).map((e) => e.build);
}

async function chooseBuild(builds: readonly BuildInfo[], what: string, hooks: PrepareHooks): Promise<BuildInfo> {
  const failed = failedBuilds(builds);
  if (failed.length === 0) {
    // No build at all is most often a mistyped change number, or a Zuul that does not test this project.
    if (builds.length === 0) throw new SourceError('noBuild', `Zuul has no build for ${what}: check the number, and that it is the Zuul that tests this project.`);
    throw new SourceError('noBuild', `No failed build with logs for ${what} (${builds.map((b) => `${b.jobName}: ${b.result}`).join(', ')}).`);
  }
  if (failed.length === 1 || !hooks.pickBuild) return failed[0] as BuildInfo;
  const picked = await hooks.pickBuild(failed);
  if (picked === undefined) throw new SourceError('cancelled', 'No build chosen.');
  return picked;
}

function zuulBuildUuid(url: string): ZuulLink | undefined {
  try {
    const link = parseLink(url);
    return link.kind === 'zuulBuild' ? link : undefined;
  } catch {
    return undefined;
  }
}

/** True when the build belongs to the Gerrit change: Zuul's ref_url is `{gerrit base}/{N}`. */
function belongsToChange(build: BuildInfo, link: GerritChangeLink): boolean {
  if (build.change !== undefined && build.change !== link.change) return false;
  if (build.refUrl === undefined) return true;
  try {
    return new URL(build.refUrl).host.toLowerCase() === link.host.toLowerCase();
  } catch {
    return true;
  }
}

async function resolveGerrit(link: GerritChangeLink, settings: SourceSettings, http: HttpClient, hooks: PrepareHooks, progress: (message: string) => void): Promise<ResolvedTarget> {
  const signal = hooks.signal;
  const notes: string[] = [];
  const configured = settings.zuulOverride ?? lookupZuul(settings, link.url);
  let found: { zuul: ZuulClient; builds: BuildInfo[]; patchset: string | undefined } | undefined;
  if (configured) {
    progress(`Asking Zuul at ${configured.url} for change ${link.change}`);
    const zuul = await ZuulClient.connect(http, configured.url, configured.tenant, signal);
    let patchset = link.patchset;
    let builds: BuildInfo[];
    if (patchset === undefined) {
      // Latest patchset that Zuul built: the highest patchset among the change's builds.
      const all = (await zuul.listBuilds({ change: link.change, limit: 500 }, signal)).filter((b) => belongsToChange(b, link));
      patchset = all.map((b) => b.patchset).filter((p): p is string => p !== undefined && /^\d+$/.test(p)).sort((a, b) => Number(b) - Number(a))[0];
      builds = all.filter((b) => patchset === undefined || b.patchset === patchset);
    } else {
      builds = (await zuul.listBuilds({ change: link.change, patchset, limit: 500 }, signal)).filter((b) => belongsToChange(b, link));
    }
    found = { zuul, builds, patchset };
  }
  // A Zuul named for the whole Gerrit host has one tenant, but a host's projects can be tested in several (OpenDev's
  // `openstack`, `zuul`, `starlingx`...). When that tenant has no build of the change, Zuul's comments on the change
  // link the builds with their own tenant. A Zuul given for this run alone (--zuul-api) is taken at its word.
  if (found === undefined) {
    found = await buildsFromComments(link, settings, http, signal, progress);
  } else if (found.builds.length === 0 && settings.zuulOverride === undefined) {
    // Only a second chance: when the comments cannot be read or link no build, "no build" from the configured Zuul stands.
    const fromComments = await buildsFromComments(link, settings, http, signal, progress).catch((error: unknown) => {
      if (SourceError.is(error, 'cancelled')) throw error;
      return undefined;
    });
    if (fromComments !== undefined && fromComments.builds.length > 0) found = fromComments;
  }
  const { zuul, builds, patchset } = found;
  const what = `change ${link.change}${patchset !== undefined ? ` patchset ${patchset}` : ''}`;
  const target = await chooseBuild(builds, what, hooks);
  return {
    target, logUrl: target.logUrl ?? '', logIsFile: false, zuul, notes,
    change: { url: displayUrl(link.url), number: link.change, ...(patchset !== undefined ? { patchset } : {}) },
  };
}

/** The change's builds as Zuul's comments on it link them: the Zuul and tenant come from the build links. */
async function buildsFromComments(
  link: GerritChangeLink,
  settings: SourceSettings,
  http: HttpClient,
  signal: AbortSignal | undefined,
  progress: (message: string) => void,
): Promise<{ zuul: ZuulClient; builds: BuildInfo[]; patchset: string | undefined }> {
  progress(`Reading Zuul's comments on ${displayUrl(link.url)}`);
  const change = await fetchGerritChange(http, link, await hasGerritCredentials(settings, link.base), signal);
  const reports = parseZuulReports(change.messages);
  const patchset = link.patchset ?? change.currentPatchset ?? reports.map((r) => r.patchset).filter((p): p is string => p !== undefined).sort((a, b) => Number(b) - Number(a))[0];
  const forPatchset = reports.filter((r) => patchset === undefined || r.patchset === undefined || r.patchset === patchset);
  const buildLink = forPatchset.map((r) => zuulBuildUuid(r.url)).find((l): l is ZuulLink => l !== undefined);
  if (!buildLink) {
    throw new SourceError('noBuild', `No Zuul build link in the comments of change ${link.change}${patchset ? ` patchset ${patchset}` : ''}: configure its Zuul (zuulMap setting, or --zuul-api and --tenant).`);
  }
  const zuul = await ZuulClient.connect(http, buildLink.zuulRoot, buildLink.tenant, signal);
  const builds = (await zuul.listBuilds({ change: link.change, ...(patchset !== undefined ? { patchset } : {}), limit: 500 }, signal)).filter((b) => belongsToChange(b, link));
  if (builds.length === 0) {
    // Zuul kept no database record we can query: ask for each build the latest comment links.
    const latest = new Map<string, string>();
    for (const report of forPatchset) latest.set(report.job, report.url);
    for (const url of latest.values()) {
      const uuid = zuulBuildUuid(url)?.uuid;
      if (uuid !== undefined) builds.push(await zuul.getBuild(uuid, signal));
    }
  }
  return { zuul, builds, patchset };
}

async function resolveZuul(link: ZuulLink, settings: SourceSettings, http: HttpClient, hooks: PrepareHooks): Promise<ResolvedTarget> {
  const override = settings.zuulOverride;
  const zuul = override
    ? await ZuulClient.connect(http, override.url, override.tenant ?? link.tenant, hooks.signal)
    : new ZuulClient(http, link.apiRoot, link.zuulRoot, link.tenant);
  let target: BuildInfo;
  if (link.kind === 'zuulBuild') {
    target = await zuul.getBuild(link.uuid, hooks.signal);
    if (target.logUrl === undefined) throw new SourceError('noBuild', `Build ${link.uuid} (${target.jobName}: ${target.result}) has no logs.`);
  } else {
    target = await chooseBuild(await zuul.getBuildset(link.uuid, hooks.signal), `buildset ${link.uuid}`, hooks);
  }
  return {
    target, logUrl: target.logUrl ?? '', logIsFile: false, zuul, notes: [],
    ...(target.change !== undefined ? { change: { url: displayUrl(target.refUrl ?? link.url), number: target.change, ...(target.patchset !== undefined ? { patchset: target.patchset } : {}) } } : {}),
  };
}

/**
 * Reads `zuul-info/inventory.yaml` near a log URL (up to 5 parents) for the build uuid and change URL. It is only a
 * hint: each probe is tried once, within PROBE_DEADLINE_MS, and a server that lets one time out is not asked again
 * (a slow log server kept the whole walk waiting for minutes, without a word, before any download began).
 */
async function inventoryNear(http: HttpClient, url: string, signal?: AbortSignal): Promise<{ root: string; build?: string; tenant?: string; changeUrl?: string } | undefined> {
  let dir = url.endsWith('/') ? url : url.slice(0, url.lastIndexOf('/') + 1);
  for (let level = 0; level <= 5; level++) {
    try {
      const result = await http.get(`${dir}zuul-info/inventory.yaml`, {
        purpose: 'logs', maxBytes: 4 * 1024 * 1024, attempts: 1, deadlineMs: PROBE_DEADLINE_MS, ...(signal ? { signal } : {}),
      });
      const text = result.body.toString('utf8');
      const field = (name: string): string | undefined => new RegExp(`^\\s+${name}:\\s*['"]?([^'"\\s]+)['"]?\\s*$`, 'm').exec(text)?.[1];
      const build = field('build');
      return {
        root: dir,
        ...(build !== undefined && /^[0-9a-zA-Z]{32}$/.test(build) ? { build } : {}),
        ...optionalField('tenant', field('tenant')),
        ...optionalField('changeUrl', field('change_url')),
      };
    } catch (error) {
      if (SourceError.is(error, 'cancelled')) throw error;
      if (SourceError.is(error, 'timeout')) return undefined;
    }
    const parent = new URL('..', dir).toString();
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

function optionalField<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

async function resolveLogs(link: LogLink, settings: SourceSettings, http: HttpClient, hooks: PrepareHooks): Promise<ResolvedTarget> {
  const notes: string[] = [];
  const inventory = await inventoryNear(http, link.url, hooks.signal);
  let zuulConfig = settings.zuulOverride;
  if (!zuulConfig && inventory?.changeUrl !== undefined) {
    const mapped = lookupZuul(settings, inventory.changeUrl);
    // The build's own inventory names its tenant; the map's tenant is only a default for the whole host.
    const tenant = inventory.tenant ?? mapped?.tenant;
    if (mapped) zuulConfig = { url: mapped.url, ...(tenant !== undefined ? { tenant } : {}) };
  }
  if (inventory?.build !== undefined && zuulConfig) {
    try {
      const zuul = await ZuulClient.connect(http, zuulConfig.url, zuulConfig.tenant ?? inventory.tenant, hooks.signal);
      const target = await zuul.getBuild(inventory.build, hooks.signal);
      return {
        target, logUrl: link.url, logIsFile: link.file, zuul, notes,
        ...(target.change !== undefined ? { change: { url: displayUrl(target.refUrl ?? inventory.changeUrl ?? link.url), number: target.change, ...(target.patchset !== undefined ? { patchset: target.patchset } : {}) } } : {}),
      };
    } catch (error) {
      if (SourceError.is(error, 'cancelled')) throw error;
      notes.push(`No baselines: the Zuul build ${inventory.build} could not be read (${error instanceof Error ? error.message : String(error)}).`);
    }
  } else {
    notes.push('No baselines: no Zuul build is known for this log URL (no zuul-info/inventory.yaml with a build id, or no Zuul configured for its change host). Name the Zuul (the logTriage.zuulMap setting, or --zuul-api on the command line), or compare with local baseline logs.');
  }
  return { logUrl: link.url, logIsFile: link.file, notes };
}

/** How long an optional probe (inventory.yaml near a log URL) may take in all. */
const PROBE_DEADLINE_MS = 20_000;

/** The HTTP client of one preparation, whose retries show in its progress. */
function httpFor(settings: SourceSettings, hooks: PrepareHooks): HttpClient {
  return new HttpClient({
    ...settings,
    onRetry: (retry) => {
      const seconds = Math.max(1, Math.round(retry.delayMs / 1000));
      hooks.onProgress?.({ phase: 'resolve', message: `${retry.message} Trying again in ${seconds} s (attempt ${retry.attempt} of ${retry.attempts}).`, files: 0, totalFiles: 0, bytes: 0 });
    },
  });
}

/** Resolves a link to the build (or log URL) to analyse, without downloading logs. */
export async function resolveTarget(link: string, settings: SourceSettings, hooks: PrepareHooks = {}): Promise<ResolvedTarget & { readonly kind: 'remote' } | { readonly kind: 'local'; readonly path: string }> {
  const parsed = parseLink(link, { gerritHosts: Object.keys(settings.zuulMap) });
  const http = httpFor(settings, hooks);
  const progress = (message: string): void => hooks.onProgress?.({ phase: 'resolve', message, files: 0, totalFiles: 0, bytes: 0 });
  switch (parsed.kind) {
    case 'local':
      return { kind: 'local', path: parsed.path };
    case 'gerrit':
      return { kind: 'remote', ...(await resolveGerrit(parsed, settings, http, hooks, progress)) };
    case 'zuulBuild':
    case 'zuulBuildset':
      progress(`Reading Zuul ${parsed.kind === 'zuulBuild' ? 'build' : 'buildset'} ${parsed.uuid}`);
      return { kind: 'remote', ...(await resolveZuul(parsed, settings, http, hooks)) };
    case 'logs':
      progress(`Looking for the Zuul build of ${displayUrl(parsed.url)}`);
      return { kind: 'remote', ...(await resolveLogs(parsed, settings, http, hooks)) };
  }
}

function buildLabel(build: BuildInfo): string {
  const change = build.change !== undefined ? ` change ${build.change}${build.patchset !== undefined ? `,${build.patchset}` : ''}` : '';
  return `${build.jobName} ${build.result} ${build.uuid.slice(0, 7)}${change}${build.endTime ? ` (${build.endTime.replace('T', ' ')})` : ''}`;
}

/** Resolves a Gerrit change URL, Zuul build/buildset URL or log URL, then downloads target and baselines. */
/** Failures that say the servers could not be reached, when a plan saved earlier can stand in. */
const OFFLINE_REASONS: ReadonlySet<string> = new Set(['network', 'timeout']);

/**
 * Resolves a link and downloads its logs and baselines (see `prepareLinked`). Every success is remembered as a plan
 * (which builds, which cache entries); when the servers cannot be reached later, a link analysed before is analysed
 * again from the cache, with a note that says so, instead of failing: the logs are all on disk already.
 */
export async function prepareAnalysis(link: string, givenSettings: SourceSettings, hooks: PrepareHooks = {}): Promise<PreparedAnalysis> {
  // The plan records paths inside the cache: relative ones would only hold from the folder they were made in.
  const settings: SourceSettings = { ...givenSettings, cacheDir: path.resolve(givenSettings.cacheDir) };
  try {
    const prepared = await prepareLinked(link, settings, hooks);
    // Only an analysis that can run is worth replaying: a run that found no baseline must not replace a good plan.
    if (prepared.cacheKeys !== undefined && prepared.baselines.length > 0) await savePlan(settings, link, hooks.job, prepared).catch(() => undefined);
    return prepared;
  } catch (error) {
    if (!(error instanceof SourceError) || !OFFLINE_REASONS.has(error.reason)) throw error;
    const planned = await loadPlan(settings, link, hooks.job);
    if (planned === undefined) throw error;
    const what = planned.targetBuild ? `the logs of ${planned.targetBuild.jobName}` : 'the logs';
    return { ...planned, notes: [...(planned.notes ?? []), `Offline: ${error.message} Analysed again from ${what} downloaded on ${planned.plannedAt}.`] };
  }
}

interface SavedPlan {
  readonly link: string;
  readonly fingerprint: string;
  readonly plannedAt: string;
  readonly prepared: PreparedAnalysis;
}

/**
 * One plan per link and per request: which Zuul serves it, how many baselines and which failed job were asked for
 * also decide the builds, so a replay for another Zuul, count or job is not the analysis that was asked for.
 */
function planPath(settings: SourceSettings, link: string, job: string | undefined): string {
  // The map's entries sorted, so the same settings in another order give the same plan.
  const zuulMap = Object.entries(settings.zuulMap).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const request = JSON.stringify({ link: link.trim(), zuul: settings.zuulOverride ?? null, zuulMap, baselines: settings.baselineCount, job: job ?? null });
  return path.join(settings.cacheDir, 'plans', `${createHash('sha256').update(request).digest('hex').slice(0, 32)}.json`);
}

function downloadFingerprint(settings: SourceSettings): string {
  // Version 2: trees stored before it could hold one log in place of two (names equal but for case where case is
  // ignored, or two compressed logs decoded into one name anywhere; see caseDistinctPaths and decodableNames).
  return JSON.stringify({ include: settings.include, exclude: settings.exclude, maxFileBytes: settings.maxFileBytes, maxTotalBytes: settings.maxTotalBytes, v: 2 });
}

async function savePlan(settings: SourceSettings, link: string, job: string | undefined, prepared: PreparedAnalysis): Promise<void> {
  // The link as shown, never with credentials or a query in it (the plan's file name is a hash of the whole link).
  const plan: SavedPlan = { link: displayUrl(link.trim()), fingerprint: downloadFingerprint(settings), plannedAt: new Date().toISOString(), prepared };
  await writeWholeFile(planPath(settings, link, job), JSON.stringify(plan));
}

/** The plan saved for this link, when every cache entry it names is still complete; undefined otherwise. */
async function loadPlan(settings: SourceSettings, link: string, job: string | undefined): Promise<(PreparedAnalysis & { readonly plannedAt: string }) | undefined> {
  let plan: SavedPlan;
  try {
    plan = JSON.parse(await fs.readFile(planPath(settings, link, job), 'utf8')) as SavedPlan;
  } catch {
    return undefined;
  }
  const fingerprint = downloadFingerprint(settings);
  if (plan.link !== displayUrl(link.trim()) || plan.fingerprint !== fingerprint || plan.prepared.cacheKeys === undefined) return undefined;
  const cache = new LogCache(settings.cacheDir, settings.cacheMaxBytes);
  for (const key of plan.prepared.cacheKeys) {
    // Offline, a tree some files of which could not be fetched is still better than none.
    if ((await cache.lookup(key, fingerprint, { acceptIncomplete: true })) === undefined) return undefined;
  }
  return { ...plan.prepared, plannedAt: plan.plannedAt };
}

async function prepareLinked(link: string, settings: SourceSettings, hooks: PrepareHooks): Promise<PreparedAnalysis> {
  const signal = hooks.signal;
  throwIfAborted(signal);
  const resolved = await resolveTarget(link, settings, hooks);
  if (resolved.kind === 'local') {
    try {
      await fs.stat(resolved.path);
    } catch {
      throw new SourceError('notFound', `No such file or folder: ${resolved.path}`);
    }
    return { target: resolved.path, baselines: [], source: { target: { label: resolved.path } }, notes: ['A local path has no baselines of its own: give baseline folders separately.'] };
  }
  const http = httpFor(settings, hooks);
  const notes = [...resolved.notes];
  const progress = (message: string): void => hooks.onProgress?.({ phase: 'resolve', message, files: 0, totalFiles: 0, bytes: 0 });

  let baselineBuilds: BuildInfo[] = [];
  if (resolved.target && resolved.zuul && settings.baselineCount > 0) {
    progress(`Choosing baselines for ${resolved.target.jobName}`);
    const endTime = resolved.target.endTime !== undefined ? Date.parse(`${resolved.target.endTime}Z`) : NaN;
    baselineBuilds = await findBaselines(resolved.zuul, http, resolved.target, {
      count: settings.baselineCount, ...(signal ? { signal } : {}), ...(Number.isFinite(endTime) ? { now: endTime } : {}),
    });
    if (baselineBuilds.length === 0) notes.push(`No successful build of ${resolved.target.jobName} with logs still available was found to compare with.`);
    else if (baselineBuilds.length < settings.baselineCount) notes.push(`Only ${baselineBuilds.length} of ${settings.baselineCount} baselines found.`);
  }

  const cache = new LogCache(settings.cacheDir, settings.cacheMaxBytes);
  const fingerprint = downloadFingerprint(settings);
  const trees = [{ url: resolved.logUrl, file: resolved.logIsFile, build: resolved.target }, ...baselineBuilds.map((b) => ({ url: b.logUrl ?? '', file: false, build: b as BuildInfo | undefined }))].map(
    (tree) => ({ ...tree, key: treeCacheKey(tree) }),
  );
  // Storing one tree may evict others to fit the cache's cap, but never a tree this analysis reads.
  const inUse = new Set(trees.map((tree) => tree.key));
  let files = 0;
  let totalFiles = 0;
  let bytes = 0;
  /** The trees whose logs are on disk, target first: a baseline that cannot be fetched is left out. */
  const stored: { readonly tree: (typeof trees)[number]; readonly entry: CacheEntry }[] = [];
  for (const [index, tree] of trees.entries()) {
    throwIfAborted(signal);
    const role = index === 0 ? 'target' : `baseline ${index}`;
    const key = tree.key;
    const cached = await cache.lookup(key, fingerprint);
    if (cached) {
      hooks.onProgress?.({ phase: 'download', message: `Using cached ${role} logs`, files, totalFiles, bytes });
      stored.push({ tree, entry: cached });
      continue;
    }
    const base = { files, bytes };
    const options: DownloadOptions = {
      include: settings.include, exclude: settings.exclude, concurrency: settings.concurrency,
      maxFileBytes: settings.maxFileBytes, maxTotalBytes: settings.maxTotalBytes,
      ...(settings.maxCrawlRequests !== undefined ? { maxCrawlRequests: settings.maxCrawlRequests } : {}),
      ...(signal ? { signal } : {}),
      onProgress: (p) => {
        files = base.files + p.files;
        bytes = base.bytes + p.bytes;
        hooks.onProgress?.({ phase: 'download', message: `${role}: ${p.message}`, files, totalFiles: totalFiles + p.totalFiles, bytes });
      },
    };
    const download = cache.store(key, tree.url, fingerprint, inUse, async (dir) => {
      if (tree.file) return downloadSingleFile(http, tree.url, dir, options);
      hooks.onProgress?.({ phase: 'download', message: `Listing ${role} logs`, files, totalFiles, bytes });
      try {
        const listing = await listLogFiles(http, tree.url, options);
        return await downloadFiles(http, listing, dir, options);
      } catch (error) {
        // A build whose log root is gone: log servers delete logs after some months.
        if (SourceError.is(error, 'notFound') && tree.build && !(await logsAvailable(http, tree.url, signal))) {
          throw new SourceError('expired', `The logs of ${tree.build.jobName} build ${tree.build.uuid} are no longer available at ${displayUrl(tree.url)} (log servers delete them after some months).`, displayUrl(tree.url), 404);
        }
        throw error;
      }
    });
    let entry: CacheEntry;
    try {
      entry = await download;
    } catch (error) {
      // A baseline that cannot be fetched (its manifest keeps failing, its logs expired) costs a note, not the
      // analysis: the target and the other baselines are still worth comparing.
      if (index === 0 || SourceError.is(error, 'cancelled') || signal?.aborted === true) throw error;
      const label = tree.build ? `${tree.build.jobName} build ${tree.build.uuid.slice(0, 7)}` : displayUrl(tree.url);
      notes.push(`Baseline ${label} was left out: ${error instanceof Error ? error.message : String(error)}`);
      files = base.files;
      bytes = base.bytes;
      continue;
    }
    totalFiles += entry.meta.files.length;
    files = base.files + entry.meta.files.length;
    stored.push({ tree, entry });
  }
  const entries = stored.map(({ entry }) => entry);
  const keptBuilds = stored.slice(1).map(({ tree }) => tree.build).filter((build): build is BuildInfo => build !== undefined);
  const cacheKeys = stored.map(({ tree }) => tree.key);

  const [targetEntry, ...baselineEntries] = entries;
  if (!targetEntry) throw new SourceError('noBuild', 'Nothing was downloaded.');
  if (targetEntry.meta.files.length === 0) {
    const filtered = targetEntry.meta.filtered ?? 0;
    if (filtered > 0) {
      throw new SourceError('notFound', `The include/exclude settings left none of the ${filtered} log file${filtered === 1 ? '' : 's'} at ${displayUrl(resolved.logUrl)}.`, displayUrl(resolved.logUrl));
    }
    throw new SourceError('notFound', `No log files were found at ${displayUrl(resolved.logUrl)}${targetEntry.meta.skipped.length > 0 ? ` (${targetEntry.meta.skipped.length} skipped)` : ''}.`, displayUrl(resolved.logUrl));
  }
  const targetPath = resolved.logIsFile ? `${targetEntry.dir}/${targetEntry.meta.files[0]?.path ?? ''}` : targetEntry.dir;
  const fileUrls: Record<string, Record<string, string>> = {};
  for (const entry of entries) {
    fileUrls[entry.dir] = Object.fromEntries(entry.meta.files.filter((f) => f.url !== undefined).map((f) => [f.path, f.url ?? '']));
  }
  const skipped: SkippedFile[] = [
    ...targetEntry.meta.skipped,
    ...baselineEntries.flatMap((e) => e.meta.skipped.map((s) => ({ ...s, side: 'baseline' as const }))),
  ];
  const target = resolved.target;
  const source: ReportSource = {
    ...(resolved.change ? { change: resolved.change } : {}),
    ...(target ? { job: target.jobName } : {}),
    target: target ? { label: buildLabel(target), url: target.webUrl ?? resolved.logUrl } : { label: displayUrl(resolved.logUrl), url: resolved.logUrl },
    baselines: keptBuilds.map((b) => ({ label: buildLabel(b), url: b.webUrl ?? b.logUrl ?? '' })),
  };
  return {
    target: targetPath, baselines: baselineEntries.map((e) => e.dir), source, fileUrls, skipped, notes, baselineBuilds: keptBuilds, cacheKeys,
    ...(target ? { targetBuild: target } : {}),
  };
}

/**
 * The cache entry of one tree of logs: the build's uuid for the build's whole log root, and a hash of the URL for
 * anything else (one file or one folder of a build, or logs of no known build), so that two links into the same
 * build never share an entry: a link to its syslog must not be answered with the job-output.txt cached for a link
 * to that file.
 */
function treeCacheKey(tree: { readonly url: string; readonly file: boolean; readonly build?: BuildInfo | undefined }): string {
  const root = tree.build?.logUrl;
  const wholeBuild = !tree.file && root !== undefined && withoutTrailingSlashes(root) === withoutTrailingSlashes(tree.url);
  return (wholeBuild ? cacheKey(tree.build?.uuid, tree.url) : cacheKey(undefined, tree.url)) + (tree.file ? '-file' : '');
}

function withoutTrailingSlashes(url: string): string {
  return url.replace(/\/+$/, '');
}

/** Copies each downloaded file's remote URL into the report, for "open on the log server" links. */
export function withFileUrls(report: Report, prepared: PreparedAnalysis): Report {
  const urls = prepared.fileUrls?.[prepared.target];
  if (!urls) return report;
  return { ...report, files: report.files.map((file) => (file.url === undefined && urls[file.path] !== undefined ? { ...file, url: urls[file.path] } : file)) };
}
