// Typed failures of the sources layer: callers branch on `reason`, never on message text or class names.

export type SourceFailure =
  /** The input is not a link or path we understand, or is malformed. */
  | 'badLink'
  | 'notFound'
  | 'unauthorized'
  /** An API call was redirected to another host or answered with a login page (SSO proxy). */
  | 'loginRequired'
  /** The build exists but its logs were deleted by the log server. */
  | 'expired'
  | 'timeout'
  | 'rateLimited'
  /** A file or the whole download exceeded the configured size caps. */
  | 'tooLarge'
  /** Not JSON, or JSON of the wrong shape, or an undecodable body. */
  | 'badResponse'
  | 'redirectLoop'
  /** Connection refused or reset, DNS failure, server errors after retries. */
  | 'network'
  /** Nothing to analyse: no failed build, no baseline... */
  | 'noBuild'
  | 'cancelled';

export class SourceError extends Error {
  override readonly name = 'SourceError';
  constructor(
    readonly reason: SourceFailure,
    message: string,
    /** The URL involved, without credentials or query secrets. */
    readonly url?: string,
    /** HTTP status, when the failure came from one. */
    readonly status?: number,
  ) {
    super(message);
  }

  static is(error: unknown, reason?: SourceFailure): error is SourceError {
    return error instanceof SourceError && (reason === undefined || error.reason === reason);
  }
}

/** Throws a 'cancelled' SourceError when the signal has fired; called between every step. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new SourceError('cancelled', 'Cancelled.');
}

/** A URL safe to show: no user info, no query string (tokens sometimes travel there). */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    // Hash-routed pages (`…/#/t/x/build/<uuid>?tab=logs`) keep their query in the fragment.
    parsed.hash = parsed.hash.replace(/\?.*$/, '');
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//').replace(/\?.*$/, '');
  }
}
