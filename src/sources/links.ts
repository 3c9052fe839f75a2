// Recognises every link form a user may paste: Gerrit changes, Zuul build and buildset pages, log URLs, local paths.
import { SourceError, displayUrl } from './sourceError';

export interface GerritChangeLink {
  readonly kind: 'gerrit';
  readonly url: string;
  /** REST and web base without a trailing slash, e.g. https://softwarefactory-project.io/r */
  readonly base: string;
  readonly host: string;
  readonly project?: string;
  readonly change: number;
  /** Only when the URL names one; otherwise the latest patchset is used. */
  readonly patchset?: string;
}

export interface ZuulLink {
  readonly kind: 'zuulBuild' | 'zuulBuildset';
  readonly url: string;
  /** Zuul web root without the tenant part, ending in '/', e.g. https://zuul.opendev.org/ */
  readonly zuulRoot: string;
  /** Undefined for a white-labelled deployment (its API root then has no tenant part). */
  readonly tenant?: string;
  /** Tenant API root ending in '/'. */
  readonly apiRoot: string;
  readonly uuid: string;
}

export interface LogLink {
  readonly kind: 'logs';
  /** Directory URLs end in '/'. */
  readonly url: string;
  readonly file: boolean;
}

export interface LocalLink {
  readonly kind: 'local';
  readonly path: string;
}

export type SourceLink = GerritChangeLink | ZuulLink | LogLink | LocalLink;

/** Gerrit hosts whose bare `/<n>` URLs are change links without asking; others need a `/c/` form. */
export const KNOWN_GERRIT_HOSTS: readonly string[] = ['review.opendev.org', 'softwarefactory-project.io', 'review.rdoproject.org'];

// From docs/zuul-gerrit.md §2.1 (PolyGerrit router): /c/<project>/+/<n>[/<ps>|/<base>..<ps>][/...] and the legacy forms.
const GERRIT_C_FORM = /^(?<base>https?:\/\/[^#?]+?)\/(?:#\/)?c\/(?:(?<project>.+?)\/\+\/)?(?<change>[^/?#]+)(?:\/(?:(?<from>\d+)\.\.)?(?<ps>\d+))?(?:[/?#].*)?$/;
const UUID = /^[0-9a-zA-Z]{32}$/;
/** Dashboard tabs that follow the build uuid in page URLs (web/src/routes.js). */
const BUILD_TABS = new Set(['artifacts', 'logs', 'console', 'log', 'results', 'summary']);
/** Tenant pages that are not a single build: pasting them is a mistake worth a precise message. */
const OTHER_ZUUL_PAGES = new Set(['status', 'builds', 'buildsets', 'jobs', 'job', 'projects', 'project', 'change', 'stream', 'labels', 'nodes', 'autoholds', 'semaphores', 'config-errors', 'freeze-jobs']);

export interface ParseLinkOptions {
  /** Extra hosts (or host/path prefixes) known to be Gerrit, e.g. the zuulMap keys. */
  readonly gerritHosts?: readonly string[];
}

/** Parses a link or a local path; throws a 'badLink' SourceError with a message naming the expected forms. */
export function parseLink(input: string, options: ParseLinkOptions = {}): SourceLink {
  const text = input.trim();
  if (text === '') throw new SourceError('badLink', 'Empty link: give a Gerrit change URL, a Zuul build URL, a log URL or a local path.');
  if (/^file:\/\//i.test(text)) {
    try {
      return { kind: 'local', path: decodeURIComponent(new URL(text).pathname) };
    } catch {
      throw new SourceError('badLink', `Malformed file URL: ${displayUrl(text)}`);
    }
  }
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(text)?.[1];
  // A Windows drive letter ("C:\logs") is a path, not a scheme.
  if (scheme === undefined || (scheme.length === 1 && /^[a-zA-Z]:[\\/]/.test(text))) return { kind: 'local', path: text };
  if (!/^https?$/i.test(scheme)) throw new SourceError('badLink', `Unsupported link scheme "${scheme}:" (only http and https links are understood): ${displayUrl(text)}`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SourceError('badLink', `Malformed URL: ${displayUrl(text)}`);
  }
  if (url.hostname === '') throw new SourceError('badLink', `Malformed URL (no host): ${displayUrl(text)}`);

  const gerrit = parseGerritUrl(text, url, options);
  if (gerrit) return gerrit;
  const zuul = parseZuulUrl(text, url);
  if (zuul) return zuul;
  return parseLogUrl(url);
}

function parseGerritUrl(text: string, url: URL, options: ParseLinkOptions): GerritChangeLink | undefined {
  const cForm = GERRIT_C_FORM.exec(text);
  if (cForm?.groups) {
    const { base, project, change, ps } = cForm.groups;
    if (base === undefined || change === undefined) return undefined;
    if (!/^\d+$/.test(change)) {
      // A log tree may hold a folder named `c` (`…/controller/c/notes.txt`): only a URL that reads as Gerrit's
      // (a `/+/` project form, or a Gerrit host) is a malformed change link; any other is a log URL.
      if (project === undefined && !isGerritHost(url, options)) return undefined;
      throw new SourceError('badLink', `Malformed Gerrit change URL (the change number "${change}" is not a number): ${displayUrl(text)}`);
    }
    const number = Number(change);
    if (!Number.isSafeInteger(number) || number < 1) throw new SourceError('badLink', `Malformed Gerrit change URL (${change} is not a change number): ${displayUrl(text)}`);
    return {
      kind: 'gerrit', url: text, base, host: url.host, change: number,
      ...(project !== undefined ? { project: decodeSegment(project, 'project name', text) } : {}),
      ...(ps !== undefined ? { patchset: ps } : {}),
    };
  }
  // Bare /<n> only at a Gerrit's root: on a host known to run Gerrit, under the prefix configured for it, else at
  // `/` or `/r/`. Elsewhere a numeric last segment is as likely a log directory: softwarefactory-project.io serves
  // Gerrit and logs, and `/logs/94/22894/1/gate/hlint/5093712/` is a build's log folder, not change 5093712.
  const bare = /^(?<prefix>(?:\/[^/]+)*?)\/(?<change>\d+)\/?$/.exec(url.pathname);
  if (bare?.groups && url.search === '' && url.hash === '') {
    const prefix = bare.groups.prefix ?? '';
    const atRoot = prefix === '' || prefix === '/r';
    const known = gerritHostEntries(options).some(({ host, path }) => host === url.host.toLowerCase() && (path === undefined ? atRoot : path === prefix));
    const number = Number(bare.groups.change);
    if ((known || (url.hostname.startsWith('review.') && atRoot) || prefix === '/r') && Number.isSafeInteger(number) && number >= 1) {
      return { kind: 'gerrit', url: text, base: `${url.protocol}//${url.host}${prefix}`, host: url.host, change: number };
    }
  }
  return undefined;
}

/** The known and configured Gerrit hosts, each with the path prefix it was given with (`example.org/gerrit`), if any. */
function gerritHostEntries(options: ParseLinkOptions): { readonly host: string; readonly path?: string }[] {
  return [...KNOWN_GERRIT_HOSTS, ...(options.gerritHosts ?? [])].map((entry) => {
    const [host = '', ...pathParts] = entry.replace(/^https?:\/\//, '').replace(/\/+$/, '').split('/');
    return { host: host.toLowerCase(), ...(pathParts.length > 0 ? { path: `/${pathParts.join('/')}` } : {}) };
  });
}

function isGerritHost(url: URL, options: ParseLinkOptions): boolean {
  return url.hostname.startsWith('review.') || gerritHostEntries(options).some(({ host }) => host === url.host.toLowerCase());
}

/** decodeURIComponent that turns a malformed escape (`%ZZ`) into a badLink error instead of a URIError. */
function decodeSegment(segment: string, what: string, text: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new SourceError('badLink', `Malformed link (the ${what} "${segment}" has an invalid %-escape): ${displayUrl(text)}`);
  }
}

function parseZuulUrl(text: string, url: URL): ZuulLink | undefined {
  // Dashboards with hash routing put the route in the fragment (`/zuul/#/t/<tenant>/build/<uuid>`): it continues the
  // page's path, whose trailing `/` would otherwise leave an empty segment in the roots built below.
  // The page may be named (`/zuul/index.html#/…`): the route continues its folder. The route may carry its own
  // query (`…/build/<uuid>?tab=logs`), which is not part of the path.
  const hashRoute = url.hash.startsWith('#/');
  const pagePath = hashRoute ? url.pathname.replace(/\/[^/]*\.html?$/i, '/').replace(/\/+$/, '') : url.pathname;
  const segments = pagePath.split('/');
  if (hashRoute) segments.push(...(url.hash.slice(2).split('?')[0] ?? '').split('/'));
  const origin = `${url.protocol}//${url.host}`;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (segment !== 'build' && segment !== 'buildset') continue;
    const uuid = segments[i + 1] ?? '';
    const before = segments.slice(0, i);
    const tenantIndex = before.lastIndexOf('t');
    const apiIndex = before.lastIndexOf('api');
    const looksZuul = tenantIndex >= 0 || apiIndex >= 0 || /zuul/i.test(url.host + url.pathname);
    if (!UUID.test(uuid)) {
      if (looksZuul && (tenantIndex >= 0 || apiIndex >= 0)) {
        throw new SourceError('badLink', `Malformed Zuul ${segment} URL: "${uuid}" is not a 32-character ${segment} id: ${displayUrl(text)}`);
      }
      continue;
    }
    const rest = segments.slice(i + 2).filter((s) => s !== '');
    if (rest.length > 0 && !BUILD_TABS.has(rest[0] ?? '')) continue;
    const kind = segment === 'build' ? 'zuulBuild' : 'zuulBuildset';
    // API URLs given directly: <root>/api/tenant/<t>/build/<uuid> or white-labelled <root>/api/build/<uuid>.
    if (apiIndex >= 0 && (apiIndex === before.length - 1 || (before[apiIndex + 1] === 'tenant' && apiIndex + 3 === before.length))) {
      const rootPath = before.slice(0, apiIndex).join('/');
      const zuulRoot = `${origin}${rootPath}/`;
      const tenant = before[apiIndex + 1] === 'tenant' ? before[apiIndex + 2] : undefined;
      return zuulLink(kind, text, zuulRoot, tenant, uuid);
    }
    if (tenantIndex >= 0 && tenantIndex === before.length - 2) {
      const tenant = decodeSegment(before[tenantIndex + 1] ?? '', 'tenant name', text);
      const zuulRoot = `${origin}${before.slice(0, tenantIndex).join('/')}/`;
      return zuulLink(kind, text, zuulRoot, tenant, uuid);
    }
    const zuulRoot = `${origin}${before.join('/')}/`;
    return zuulLink(kind, text, zuulRoot, undefined, uuid);
  }
  const tenantAt = segments.indexOf('t');
  const page = tenantAt >= 0 ? segments[tenantAt + 2] : undefined;
  if (page !== undefined && OTHER_ZUUL_PAGES.has(page)) {
    throw new SourceError('badLink', `This Zuul page (${page}) is not a single build: open the build and paste its URL (…/t/<tenant>/build/<uuid>): ${displayUrl(text)}`);
  }
  return undefined;
}

function zuulLink(kind: ZuulLink['kind'], url: string, zuulRoot: string, tenant: string | undefined, uuid: string): ZuulLink {
  return { kind, url, zuulRoot, ...(tenant !== undefined ? { tenant } : {}), apiRoot: zuulApiRoot(zuulRoot, tenant), uuid };
}

/** Tenant API root: `<root>api/tenant/<t>/`, or `<root>api/` when white-labelled (no tenant). */
export function zuulApiRoot(zuulRoot: string, tenant: string | undefined): string {
  const root = zuulRoot.endsWith('/') ? zuulRoot : `${zuulRoot}/`;
  return tenant === undefined ? `${root}api/` : `${root}api/tenant/${encodeURIComponent(tenant)}/`;
}

/** Build page URL as Zuul links it: `{root}t/{tenant}/build/{uuid}`, or `{root}build/{uuid}` when white-labelled. */
export function zuulBuildPage(zuulRoot: string, tenant: string | undefined, uuid: string): string {
  const root = zuulRoot.endsWith('/') ? zuulRoot : `${zuulRoot}/`;
  return tenant === undefined ? `${root}build/${uuid}` : `${root}t/${encodeURIComponent(tenant)}/build/${uuid}`;
}

function parseLogUrl(url: URL): LogLink {
  if (url.pathname === '/' || url.pathname === '') {
    throw new SourceError('badLink', `Not a change, build or log link (a bare host): ${displayUrl(url.toString())}. Give a Gerrit change URL, a Zuul build URL or a log URL.`);
  }
  const clean = new URL(url.toString());
  clean.hash = '';
  const last = clean.pathname.split('/').pop() ?? '';
  if (clean.pathname.endsWith('/')) return { kind: 'logs', url: clean.toString(), file: false };
  // A last segment with an extension (job-output.txt, syslog.txt.gz) is a file; a bare name is a directory.
  if (/\.[A-Za-z0-9]{1,8}$/.test(last)) return { kind: 'logs', url: clean.toString(), file: true };
  clean.pathname = `${clean.pathname}/`;
  return { kind: 'logs', url: clean.toString(), file: false };
}
