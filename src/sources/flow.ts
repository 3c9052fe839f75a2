// From a link or a path to local folders ready for analysis. (Contract first; the sources layer fills in the body.)
import type { ReportSource } from '../core/report';

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
}

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
}

export interface PrepareHooks {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: DownloadProgress) => void;
  /** Asked when several builds failed; returns the chosen one or undefined to stop. */
  readonly pickBuild?: (builds: readonly BuildInfo[]) => Promise<BuildInfo | undefined>;
}

/** Resolves a Gerrit change URL, Zuul build/buildset URL or log URL, then downloads target and baselines. */
export async function prepareAnalysis(link: string, settings: SourceSettings, hooks: PrepareHooks = {}): Promise<PreparedAnalysis> {
  void link; void settings; void hooks;
  throw new Error('prepareAnalysis: not implemented yet');
}
