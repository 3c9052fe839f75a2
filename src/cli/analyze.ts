// `log-triage analyze <link>`: resolve a Gerrit change, Zuul build or log URL, download the failed build and its
// baselines (through the cache), analyse in-process (a big job on two threads, as `diff`) and print the same report as `diff`.
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_OPTIONS, type AnalysisOptions } from '../core/options';
import type { Report } from '../core/report';
import { runJob } from '../worker/runJob';
import { DEFAULT_SOURCE_SETTINGS, prepareAnalysis, withFileUrls, type BuildInfo, type SourceSettings } from '../sources/flow';
import { globProblem } from '../sources/glob';
import { parseLink } from '../sources/links';
import { SourceError } from '../sources/sourceError';
import { prepareCacheFolder } from './cacheFolder';
import { jsonOutputProblem, terminalSafe } from './format';
import { EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, finishReport } from './finish';
import { helperThread } from './helperThread';

export const ANALYZE_USAGE = `Usage:
  log-triage analyze <gerrit-change-url | zuul-build-url | zuul-buildset-url | log-url> [options]

Finds the failed Zuul build (for a change: the latest patchset unless the URL names one), picks recent
successful builds of the same job as baselines, downloads both (cached) and prints the new lines.
Local logs have no baselines of their own: compare them with "log-triage diff <baseline>... --target <path>".

Options:
  --zuul-api <url>     Zuul web or API root (e.g. https://zuul.opendev.org or .../api/tenant/openstack/)
  --tenant <name>      Zuul tenant (with --zuul-api; not needed for white-labelled deployments)
  --job <name>         which failed job to analyse when several failed
  --baselines <n>      number of baseline builds, 1 to 50 (default ${DEFAULT_SOURCE_SETTINGS.baselineCount})
  --cache <dir>        download cache folder (default $XDG_CACHE_HOME/log-triage, else ~/.cache/log-triage)
  --json <file>        also write the report as JSON ("-" prints JSON instead of text)
  --threshold <0..1>   report lines whose distance is >= this (default ${DEFAULT_OPTIONS.threshold})
  --include <glob>     only download matching log files (repeatable)
  --exclude <glob>     do not download matching log files (repeatable)
  -h, --help           show this help

Credentials come from the environment, never from arguments:
  LOG_TRIAGE_ZUUL_TOKEN                            bearer token for Zuul API calls
  LOG_TRIAGE_GERRIT_USER, LOG_TRIAGE_GERRIT_PASSWORD   Gerrit HTTP credentials (uses the /a/ REST prefix)
  HTTPS_PROXY / HTTP_PROXY                         proxy

Exit status: 0 when the analysis ran, 1 on a download or analysis error, 2 on bad arguments or when nothing
could be compared (no baseline build found, no readable baseline line, or no target line scored), 130 when
stopped with Ctrl-C.`;

class UsageError extends Error {}

export interface AnalyzeArgs {
  readonly link: string;
  readonly zuulApi?: string;
  readonly tenant?: string;
  readonly job?: string;
  readonly baselines?: number;
  readonly cacheDir?: string;
  readonly json?: string;
  readonly threshold?: number;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
}

export function parseAnalyzeArgs(argv: readonly string[]): AnalyzeArgs {
  const positional: string[] = [];
  const include: string[] = [];
  const exclude: string[] = [];
  const out: { -readonly [K in keyof AnalyzeArgs]?: AnalyzeArgs[K] } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const flag = equals > 0 ? arg.slice(0, equals) : arg;
    const value = (): string => {
      if (equals > 0) return arg.slice(equals + 1);
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${flag} needs a value.`);
      return next;
    };
    switch (flag) {
      case '--zuul-api': out.zuulApi = value(); break;
      case '--tenant': out.tenant = value(); break;
      case '--job': out.job = value(); break;
      case '--cache': out.cacheDir = value(); break;
      case '--json': out.json = value(); break;
      case '--include': include.push(value()); break;
      case '--exclude': exclude.push(value()); break;
      case '--baselines': {
        const text = value();
        const n = Number(text);
        if (!Number.isInteger(n) || n < 1 || n > 50) throw new UsageError(`--baselines expects a whole number from 1 to 50, got "${text}".`);
        out.baselines = n;
        break;
      }
      case '--threshold': {
        const text = value();
        const n = Number(text);
        if (text.trim() === '' || !(n >= 0 && n <= 1)) throw new UsageError(`--threshold expects a number between 0 and 1, got "${text}".`);
        out.threshold = n;
        break;
      }
      default:
        throw new UsageError(`Unknown option ${arg}.`);
    }
  }
  for (const [flag, globs] of [['--include', include], ['--exclude', exclude]] as const) {
    for (const glob of globs) {
      const problem = globProblem(glob);
      if (problem !== undefined) throw new UsageError(`${flag} ${problem}.`);
    }
  }
  if (positional.length === 0) throw new UsageError('No link given.');
  if (positional.length > 1) throw new UsageError(`One link at a time (got ${positional.length}: ${positional.join(' ')}).`);
  if (out.tenant !== undefined && out.zuulApi === undefined) throw new UsageError('--tenant needs --zuul-api.');
  return { link: positional[0] ?? '', include, exclude, ...out };
}

/** `--zuul-api` as a Zuul root and tenant: accepts the web root, `…/t/<tenant>/`, `…/api/` or `…/api/tenant/<t>/`. */
export function parseZuulApi(text: string, tenant: string | undefined): { url: string; tenant?: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--zuul-api expects a URL, got "${text}".`);
  }
  const pathname = url.pathname.replace(/\/+$/, '');
  const api = /^(.*?)\/api(?:\/tenant\/([^/]+))?$/.exec(pathname);
  const web = /^(.*?)\/t\/([^/]+)$/.exec(pathname);
  const rootPath = api ? api[1] : web ? web[1] : pathname;
  const fromUrl = api?.[2] ?? web?.[2];
  const chosen = tenant ?? (fromUrl !== undefined ? decodeURIComponent(fromUrl) : undefined);
  return { url: `${url.protocol}//${url.host}${rootPath ?? ''}/`, ...(chosen !== undefined ? { tenant: chosen } : {}) };
}

function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME && process.env.XDG_CACHE_HOME !== '' ? process.env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  return path.join(base, 'log-triage');
}

/** Credentials from the environment: Basic for URLs under the Gerrit base, Bearer for Zuul API URLs. */
export function envAuthHeaders(env: NodeJS.ProcessEnv, gerritBase: string | undefined): SourceSettings['authHeaders'] {
  const token = env.LOG_TRIAGE_ZUUL_TOKEN;
  const user = env.LOG_TRIAGE_GERRIT_USER;
  const password = env.LOG_TRIAGE_GERRIT_PASSWORD;
  if (!token && !(user && password)) return undefined;
  return async (url: string): Promise<Readonly<Record<string, string>>> => {
    if (user && password && gerritBase !== undefined && (url === gerritBase || url.startsWith(`${gerritBase}/`)) && !/\/api\//.test(url)) {
      return { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
    }
    if (token && /\/api\//.test(url)) return { Authorization: `Bearer ${token}` };
    return {};
  };
}

function makeProgress(): (p: { phase: string; message: string; files: number; totalFiles: number; bytes: number }) => void {
  let last = 0;
  let lastPhase = '';
  return (p) => {
    const now = Date.now();
    if (p.phase === lastPhase && now - last < 250) return;
    last = now;
    lastPhase = p.phase;
    const size = p.bytes > 0 ? `, ${(p.bytes / 1024 / 1024).toFixed(1)} MiB` : '';
    process.stderr.write(p.phase === 'download' ? `[download ${p.files} files${size}] ${terminalSafe(p.message)}\n` : `[${p.phase}] ${terminalSafe(p.message)}\n`);
  };
}

export async function runAnalyzeCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${ANALYZE_USAGE}\n`);
    return EXIT_OK;
  }
  let args: AnalyzeArgs;
  let zuulOverride: { url: string; tenant?: string } | undefined;
  let gerritBase: string | undefined;
  try {
    args = parseAnalyzeArgs(argv);
    const jsonProblem = args.json === undefined ? undefined : jsonOutputProblem(args.json);
    if (jsonProblem !== undefined) throw new UsageError(jsonProblem);
    if (args.zuulApi !== undefined) zuulOverride = parseZuulApi(args.zuulApi, args.tenant);
    const link = parseLink(args.link);
    if (link.kind === 'gerrit') gerritBase = link.base;
    if (link.kind === 'local') {
      // `review.opendev.org/c/…` pasted without its scheme reads as a path; say what was probably meant.
      if (/^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?\//i.test(args.link) && !existsSync(args.link)) {
        throw new UsageError(`"${args.link}" is not a link: did you mean https://${args.link} ?`);
      }
      throw new UsageError(`A local path has no baselines of its own: use "log-triage diff <baseline>... --target ${args.link}".`);
    }
    // The default folder too: a cache that cannot be made should fail before anything is fetched.
    const cache = prepareCacheFolder(args.cacheDir ?? defaultCacheDir());
    if ('problem' in cache) throw new UsageError(`${cache.problem}${args.cacheDir === undefined ? ' (choose another with --cache)' : ''}`);
    args = { ...args, cacheDir: cache.folder };
  } catch (error) {
    if (error instanceof UsageError || SourceError.is(error, 'badLink')) {
      process.stderr.write(`log-triage analyze: ${terminalSafe(error.message)}\n\n${ANALYZE_USAGE}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
  const authHeaders = envAuthHeaders(process.env, gerritBase);
  const settings: SourceSettings = {
    ...DEFAULT_SOURCE_SETTINGS,
    cacheDir: args.cacheDir ?? defaultCacheDir(),
    include: args.include,
    exclude: args.exclude,
    ...(args.baselines !== undefined ? { baselineCount: args.baselines } : {}),
    ...(zuulOverride ? { zuulOverride } : {}),
    ...(authHeaders ? { authHeaders } : {}),
  };
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const prepared = await prepareAnalysis(args.link, settings, {
      signal: controller.signal,
      onProgress: makeProgress(),
      ...(args.job !== undefined ? { job: args.job } : {}),
      pickBuild: async (builds: readonly BuildInfo[]) => {
        if (args.job === undefined) {
          process.stderr.write(`Several builds failed: ${builds.map((b) => `${terminalSafe(b.jobName)}${b.voting ? '' : ' (non-voting)'}`).join(', ')}; analysing ${terminalSafe(builds[0]?.jobName ?? '')} (choose with --job).\n`);
          return builds[0];
        }
        const chosen = builds.find((b) => b.jobName === args.job);
        if (!chosen) throw new SourceError('noBuild', `No failed build of job "${args.job}"; failed jobs: ${builds.map((b) => b.jobName).join(', ')}.`);
        return chosen;
      },
    });
    for (const note of prepared.notes ?? []) process.stderr.write(`note: ${terminalSafe(note)}\n`);
    if (args.job !== undefined && prepared.targetBuild && prepared.targetBuild.jobName !== args.job) {
      process.stderr.write(`note: only ${terminalSafe(prepared.targetBuild.jobName)} failed; --job ${terminalSafe(args.job)} ignored.\n`);
    }
    if (prepared.baselines.length === 0) {
      process.stderr.write('log-triage analyze: nothing was compared: no baseline logs were found (see the notes above).\n');
      return EXIT_USAGE;
    }
    // From here on the work is the engine's: long synchronous stretches in which a Ctrl-C handler could not run, so
    // the listener that cancels the downloads goes, and Ctrl-C ends the process at once, as it does for `diff`.
    process.removeListener('SIGINT', onSigint);
    const split = helperThread();
    const options: AnalysisOptions = { ...DEFAULT_OPTIONS, ...(args.threshold !== undefined ? { threshold: args.threshold } : {}) };
    const outcome = await runJob({ baseline: [...prepared.baselines], target: [prepared.target], options, source: prepared.source }, { isCancelled: () => controller.signal.aborted, ...(split ? { split } : {}) });
    if (!outcome.ok) {
      process.stderr.write(`log-triage analyze: ${terminalSafe(outcome.error.message)}\n`);
      return controller.signal.aborted ? EXIT_INTERRUPTED : EXIT_FAILURE;
    }
    const report: Report = withFileUrls(outcome.report, prepared);
    return await finishReport('analyze', report, args.json);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`log-triage analyze: ${terminalSafe(message)}\n`);
    // Stopped with Ctrl-C: the shell's convention (128 + SIGINT), so a script tells it from a failure.
    return controller.signal.aborted ? EXIT_INTERRUPTED : EXIT_FAILURE;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}
