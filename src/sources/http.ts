// The one HTTP door of the sources layer (axios): timeouts, retries with backoff, manual redirects (so a login
// redirect is recognised), size caps, cancellation, proxy and per-URL auth headers that never reach a log or a message.
import axios, { type AxiosProxyConfig, type AxiosResponse } from 'axios';
import type { Readable } from 'node:stream';
import { decodeContentEncoding } from './decompress';
import { SourceError, displayUrl, throwIfAborted } from './sourceError';

export interface HttpSettings {
  /** No byte for this long aborts the request. */
  readonly timeoutMs: number;
  /** Whole-request deadline (a server trickling bytes never trips the idle timeout). Default max(120 s, 4 × timeoutMs). */
  readonly deadlineMs?: number;
  /** Attempts on 5xx, 429, timeouts and resets. Default 3. */
  readonly attempts?: number;
  /** First retry delay; doubled each time. Default 400 ms. */
  readonly retryDelayMs?: number;
  readonly authHeaders?: (url: string) => Promise<Readonly<Record<string, string>>>;
  readonly proxy?: string;
  /** Told before each retry, so a slow server shows as waiting rather than as a silent stall. */
  readonly onRetry?: (retry: RetryNotice) => void;
}

export interface RetryNotice {
  readonly url: string;
  /** What went wrong, as a sentence. */
  readonly message: string;
  /** The attempt about to start (2 for the first retry) and the most there will be. */
  readonly attempt: number;
  readonly attempts: number;
  readonly delayMs: number;
}

export interface FetchOptions {
  /** 'api' calls treat a redirect to another host or an HTML answer as a login page. */
  readonly purpose: 'api' | 'logs';
  readonly signal?: AbortSignal;
  /** Cap on the bytes received and on the bytes after Content-Encoding is undone. */
  readonly maxBytes?: number;
  /** Called with each received chunk's size, for progress. */
  readonly onBytes?: (bytes: number) => void;
  readonly headers?: Readonly<Record<string, string>>;
  /** This call's attempts and whole-request deadline, over the client's (an optional probe should not wait long). */
  readonly attempts?: number;
  readonly deadlineMs?: number;
}

export interface FetchResult {
  readonly status: number;
  /** Body with Content-Encoding undone (file-level gzip/xz is left to the caller). */
  readonly body: Buffer;
  readonly contentType: string;
  /** URL after redirects. */
  readonly url: string;
}

const MAX_REDIRECTS = 8;
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
const LOGIN_PATH = /(^|[/?&=._-])(login|signin|sign_in|sso|saml2?|openid|oidc|oauth2?|auth|idp|cas|kerberos|mellon|keycloak)([/?&=._-]|$)/i;
const LOGIN_WORDS = /\b(sign in|log in|login|single sign-on|openid|keycloak|saml)\b/i;
const PASSWORD_INPUT = /type=["']?password/i;
/** How much of an HTML answer is read for login cues: a login page says so near its top. */
const LOGIN_PAGE_PREFIX = 256 * 1024;

/**
 * Whether an HTML answer is a login page: a form followed by a password field, or the words of one. Found in linear
 * time: a regex such as `<form[^>]*>[\s\S]*type=password` backtracks quadratically on a page of `<form` without
 * one, which a hostile server could use to freeze the extension host.
 */
export function isLoginPage(html: string): boolean {
  const head = html.length > LOGIN_PAGE_PREFIX ? html.slice(0, LOGIN_PAGE_PREFIX) : html;
  const form = head.search(/<form/i);
  return (form >= 0 && PASSWORD_INPUT.test(head.slice(form))) || LOGIN_WORDS.test(head);
}

/**
 * Whether a redirect from `from` to `to` leads to a login rather than to the thing asked for. A redirect that keeps
 * the last part of the path (`/old/…/auth.log` → `/new/…/auth.log`, http → https, a Gerrit that moved host) is a
 * move, whatever words its path holds: log trees hold `auth.log`, and job names hold `oidc` or `sso`. Otherwise a
 * login-like path is a login, and so is an API call sent to another host (an SSO front door).
 */
export function loginRedirect(from: URL, to: URL, purpose: FetchOptions['purpose']): 'loginPath' | 'otherHost' | undefined {
  if (lastPathPart(from) !== '' && lastPathPart(from) === lastPathPart(to)) return undefined;
  if (LOGIN_PATH.test(to.pathname + to.search)) return 'loginPath';
  return purpose === 'api' && to.host !== from.host ? 'otherHost' : undefined;
}

/** The last non-empty segment of a URL's path (`x` for `/a/x/` and `/a/x`). */
function lastPathPart(url: URL): string {
  const parts = url.pathname.split('/').filter((part) => part !== '');
  return parts[parts.length - 1] ?? '';
}

/** Retryable failure kinds, kept apart from final ones. */
class RetryableError extends Error {
  constructor(readonly final: SourceError, readonly retryAfterMs?: number) {
    super(final.message);
  }
}

/**
 * Whether a request of a redirect chain may carry the credentials of the chain's first URL: only to the same host
 * (a redirect elsewhere gets none), and never over plain http once the chain started on https, where a token would
 * travel in clear text to whoever answers on port 80.
 */
export function mayCarryCredentials(start: URL, next: URL): boolean {
  return next.host === start.host && !(start.protocol === 'https:' && next.protocol !== 'https:');
}

/**
 * Whether credentials may go to this URL at all: over https, or over plain http to this machine (a local server or
 * tunnel). Credentials are stored per host, and a link (a `vscode://` link, a Zuul `log_url`) may name that host
 * over plain http, where a token would travel in clear text; such a request goes without them.
 */
export function credentialsAllowedFor(url: URL): boolean {
  if (url.protocol === 'https:') return true;
  const host = url.hostname;
  return host === 'localhost' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

export class HttpClient {
  /** Requests made, by method and URL; tests and the cache-reuse check read it. */
  readonly requested: string[] = [];
  private readonly proxy: AxiosProxyConfig | false | undefined;

  constructor(private readonly settings: HttpSettings) {
    this.proxy = parseProxy(settings.proxy);
  }

  /** GET and parse JSON; Gerrit's `)]}'` first line is dropped when present. */
  async getJson(url: string, options: Omit<FetchOptions, 'purpose'> & { purpose?: FetchOptions['purpose'] } = {}): Promise<unknown> {
    const result = await this.get(url, { purpose: 'api', ...options, headers: { Accept: 'application/json', ...options.headers } });
    const text = result.body.toString('utf8');
    const trimmed = text.replace(/^\uFEFF/, '').replace(/^\)\]\}'[^\n]*\n?/, '').trimStart();
    if (/html/i.test(result.contentType) || trimmed.startsWith('<')) {
      if (isLoginPage(text)) throw new SourceError('loginRequired', `${displayUrl(url)} answered with a login page: sign in or configure a token for this host.`, displayUrl(url), result.status);
      throw new SourceError('badResponse', `${displayUrl(url)} answered with HTML where JSON was expected (is this the API root?).`, displayUrl(url), result.status);
    }
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      throw new SourceError('badResponse', `${displayUrl(url)} did not answer with valid JSON.`, displayUrl(url), result.status);
    }
  }

  /** GET with retries; a non-2xx status becomes a typed SourceError. */
  async get(url: string, options: FetchOptions): Promise<FetchResult> {
    return this.withRetries(url, options, () => this.once('GET', url, options));
  }

  /** HEAD, answering the final status (2xx/3xx mean the logs are there). Errors other than HTTP statuses throw. */
  async head(url: string, options: Omit<FetchOptions, 'purpose'> = {}): Promise<number> {
    try {
      const result = await this.withRetries(url, { ...options, purpose: 'logs' }, () => this.once('HEAD', url, { ...options, purpose: 'logs' }));
      return result.status;
    } catch (error) {
      if (SourceError.is(error) && error.status !== undefined && error.reason !== 'loginRequired') return error.status;
      throw error;
    }
  }

  private async withRetries(url: string, options: FetchOptions, run: () => Promise<FetchResult>): Promise<FetchResult> {
    const attempts = Math.max(1, options.attempts ?? this.settings.attempts ?? 3);
    let delay = this.settings.retryDelayMs ?? 400;
    for (let attempt = 1; ; attempt++) {
      throwIfAborted(options.signal);
      try {
        return await run();
      } catch (error) {
        if (!(error instanceof RetryableError)) throw error;
        if (attempt >= attempts) throw error.final;
        const wait = Math.min(error.retryAfterMs ?? delay, 30_000);
        this.settings.onRetry?.({ url: displayUrl(url), message: error.final.message, attempt: attempt + 1, attempts, delayMs: wait });
        await sleep(wait, options.signal);
        delay *= 2;
      }
    }
  }

  private async once(method: 'GET' | 'HEAD', startUrl: string, options: FetchOptions): Promise<FetchResult> {
    const visited = new Set<string>();
    let url = startUrl;
    const start = new URL(startUrl);
    for (let hop = 0; ; hop++) {
      throwIfAborted(options.signal);
      if (visited.has(url) || hop > MAX_REDIRECTS) {
        throw new SourceError('redirectLoop', `${displayUrl(startUrl)} redirects in a loop (${hop} redirects).`, displayUrl(startUrl));
      }
      visited.add(url);
      const next = new URL(url);
      const response = await this.send(method, url, options, mayCarryCredentials(start, next) && credentialsAllowedFor(next));
      const status = response.status;
      if (status >= 300 && status < 400 && status !== 304) {
        const location = headerValue(response.headers, 'location');
        destroy(response);
        if (location === undefined) throw new SourceError('badResponse', `${displayUrl(url)} answered ${status} without a Location.`, displayUrl(url), status);
        const next = new URL(location, url).toString();
        const nextUrl = new URL(next);
        const login = loginRedirect(new URL(url), nextUrl, options.purpose);
        if (login === 'otherHost') {
          throw new SourceError('loginRequired', `${displayUrl(startUrl)} redirected to another host (${nextUrl.host}): the server wants a login. Sign in or configure a token for this host.`, displayUrl(startUrl), status);
        }
        if (login === 'loginPath') {
          throw new SourceError('loginRequired', `${displayUrl(startUrl)} redirected to a login page: sign in or configure credentials for this host.`, displayUrl(startUrl), status);
        }
        url = next;
        continue;
      }
      if (status < 200 || status >= 300) {
        destroy(response);
        throw statusError(status, url, headerValue(response.headers, 'retry-after'));
      }
      if (method === 'HEAD') {
        destroy(response);
        return { status, body: Buffer.alloc(0), contentType: headerValue(response.headers, 'content-type') ?? '', url };
      }
      const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
      const declared = Number(headerValue(response.headers, 'content-length') ?? NaN);
      if (Number.isFinite(declared) && declared > maxBytes) {
        destroy(response);
        throw new SourceError('tooLarge', `${displayUrl(url)} is ${declared} bytes, over the ${maxBytes}-byte cap.`, displayUrl(url));
      }
      const raw = await this.readBody(response, url, maxBytes, options);
      const body = await decodeContentEncoding(raw, headerValue(response.headers, 'content-encoding'), maxBytes, displayUrl(url));
      return { status, body, contentType: headerValue(response.headers, 'content-type') ?? '', url };
    }
  }

  /** One request without following redirects; network failures become Retryable or final SourceErrors. */
  private async send(method: 'GET' | 'HEAD', url: string, options: FetchOptions, withCredentials: boolean): Promise<AxiosResponse<Readable>> {
    this.requested.push(`${method} ${url}`);
    const auth = withCredentials && this.settings.authHeaders ? await this.settings.authHeaders(url) : {};
    const controller = new AbortController();
    const onAbort = (): void => controller.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => controller.abort(), this.settings.timeoutMs);
    try {
      const response = await axios.request<Readable>({
        url, method, responseType: 'stream', decompress: false, maxRedirects: 0, validateStatus: () => true,
        signal: controller.signal, proxy: this.proxy,
        headers: { 'Accept-Encoding': 'gzip, deflate', 'User-Agent': 'log-triage', ...options.headers, ...auth },
      });
      return response;
    } catch (error) {
      if (options.signal?.aborted) throw new SourceError('cancelled', 'Cancelled.');
      if (controller.signal.aborted) {
        throw new RetryableError(new SourceError('timeout', `${displayUrl(url)} did not answer within ${this.settings.timeoutMs} ms.`, displayUrl(url)));
      }
      throw networkError(error, url);
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  private readBody(response: AxiosResponse<Readable>, url: string, maxBytes: number, options: FetchOptions): Promise<Buffer> {
    const stream = response.data;
    const idleMs = this.settings.timeoutMs;
    const deadlineMs = options.deadlineMs ?? this.settings.deadlineMs ?? Math.max(120_000, this.settings.timeoutMs * 4);
    return new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let total = 0;
      let settled = false;
      const finish = (error: unknown, value?: Buffer): void => {
        if (settled) return;
        settled = true;
        clearTimeout(idle);
        clearTimeout(deadline);
        options.signal?.removeEventListener('abort', onAbort);
        if (error !== undefined) {
          stream.destroy();
          reject(error);
        } else resolve(value ?? Buffer.alloc(0));
      };
      const timeoutError = (what: string): RetryableError =>
        new RetryableError(new SourceError('timeout', `${displayUrl(url)} ${what}.`, displayUrl(url)));
      let idle = setTimeout(() => finish(timeoutError(`sent nothing for ${idleMs} ms`)), idleMs);
      const deadline = setTimeout(() => finish(timeoutError(`did not finish within ${deadlineMs} ms`)), deadlineMs);
      const onAbort = (): void => finish(new SourceError('cancelled', 'Cancelled.'));
      options.signal?.addEventListener('abort', onAbort, { once: true });
      stream.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > maxBytes) {
          finish(new SourceError('tooLarge', `${displayUrl(url)} is over the ${maxBytes}-byte cap.`, displayUrl(url)));
          return;
        }
        chunks.push(chunk);
        options.onBytes?.(chunk.length);
        clearTimeout(idle);
        idle = setTimeout(() => finish(timeoutError(`sent nothing for ${idleMs} ms`)), idleMs);
      });
      stream.on('end', () => finish(undefined, Buffer.concat(chunks, total)));
      stream.on('error', (error: Error) => finish(networkError(error, url)));
      stream.on('aborted', () => finish(networkError(Object.assign(new Error('connection aborted'), { code: 'ECONNRESET' }), url)));
    });
  }
}

function statusError(status: number, url: string, retryAfter: string | undefined): Error {
  const shown = displayUrl(url);
  if (status === 401 || status === 403) {
    return new SourceError('unauthorized', `${shown} refused access (HTTP ${status}): check the token or credentials for this host.`, shown, status);
  }
  if (status === 404) return new SourceError('notFound', `${shown} was not found (HTTP 404).`, shown, status);
  if (status === 410) return new SourceError('expired', `${shown} is gone (HTTP 410): the logs have expired.`, shown, status);
  if (status === 429) {
    const seconds = Number(retryAfter);
    const final = new SourceError('rateLimited', `${shown} keeps answering 429 Too Many Requests: try again later.`, shown, status);
    return new RetryableError(final, Number.isFinite(seconds) ? seconds * 1000 : undefined);
  }
  if (status >= 500) return new RetryableError(new SourceError('network', `${shown} answered HTTP ${status} (server error) on every attempt.`, shown, status));
  return new SourceError('badResponse', `${shown} answered HTTP ${status}.`, shown, status);
}

function networkError(error: unknown, url: string): Error {
  const code = error instanceof Error && 'code' in error ? String((error as { code?: unknown }).code) : '';
  const shown = displayUrl(url);
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
    return new RetryableError(new SourceError('timeout', `${shown} timed out.`, shown));
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_BAD_RESPONSE' || code === 'ECONNREFUSED') {
    return new RetryableError(new SourceError('network', `${shown}: connection failed (${code}).`, shown));
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new SourceError('network', `${shown}: host not found (${code}).`, shown);
  // Only the code and message: axios errors carry the request config, headers included, which must not leak.
  const message = error instanceof Error ? error.message : String(error);
  return new RetryableError(new SourceError('network', `${shown}: ${code || message}.`, shown));
}

function headerValue(headers: AxiosResponse['headers'], name: string): string | undefined {
  const value: unknown = headers[name];
  if (Array.isArray(value)) return value.length > 0 ? String(value[0]) : undefined;
  return value === undefined || value === null ? undefined : String(value);
}

function destroy(response: AxiosResponse<Readable>): void {
  response.data?.destroy?.();
}

function parseProxy(proxy: string | undefined): AxiosProxyConfig | undefined {
  if (proxy === undefined || proxy.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(proxy.includes('://') ? proxy : `http://${proxy}`);
  } catch {
    throw new SourceError('badLink', 'The proxy setting is not a valid URL.');
  }
  const port = url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return {
    protocol: url.protocol.replace(':', ''), host: url.hostname, port,
    ...(url.username !== '' ? { auth: { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) } } : {}),
  };
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new SourceError('cancelled', 'Cancelled.'));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new SourceError('cancelled', 'Cancelled.'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
