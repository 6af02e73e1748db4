import { createHash } from 'crypto';
import { FetchFunction, isRetryableStatus, jsonBody, retryAfterMs, safeServerText } from './http';
import { RetryOptions, describeError, withRetries } from './retry';

/**
 * A Login with Amazon (LWA) token client for the Selling Partner API.
 *
 * - `refresh_token` grant: an access token to call SP-API on behalf of one selling
 *   partner, from the refresh token the partner's authorization produced.
 * - `client_credentials` grant with a scope: a token for a grantless operation, such
 *   as rotating the application's client secret or managing notification destinations.
 *
 * Tokens are cached until shortly before they expire, throttling (429) and server
 * faults (5xx) are retried with bounded jittered backoff (AUP 2.9), and an error never
 * carries the client secret, a refresh token or an access token (AUP 3.1, DPP 2.6).
 */

/** Amazon's LWA token endpoint, the same for every SP-API region. */
export const LWA_TOKEN_ENDPOINT = 'https://api.amazon.com/auth/o2/token';

/** Scope of the grantless `rotateApplicationClientSecret` operation. */
export const CLIENT_SECRET_ROTATION_SCOPE = 'sellingpartnerapi::client_credential:rotation';

/** Scope of the grantless Notifications API operations (destinations). */
export const NOTIFICATIONS_SCOPE = 'sellingpartnerapi::notifications';

/** The application's LWA client credentials, as the Developer Console shows them. */
export interface LwaClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** What an access token is asked for. */
export type LwaGrant =
  | { readonly grantType: 'refresh_token'; readonly refreshToken: string }
  | { readonly grantType: 'client_credentials'; readonly scope: string };

/** An access token and when it stops being valid (epoch milliseconds). */
export interface LwaAccessToken {
  readonly accessToken: string;
  readonly expiresAt: number;
}

/**
 * A failed token request. It holds the HTTP status and LWA's error code
 * (`invalid_client`, `invalid_grant`, ...), never the request.
 */
export class LwaError extends Error {
  constructor(
    /** HTTP status; `undefined` when no response came (network, timeout). */
    readonly status: number | undefined,
    /** LWA's `error` field, or `network_error` / `invalid_response`. */
    readonly code: string,
    /** Whether another attempt may succeed (throttling, a server fault, the network). */
    readonly retryable: boolean,
    description?: string,
  ) {
    super(
      `LWA token request failed: ${status === undefined ? 'no response' : `HTTP ${status}`} ${code}${description ? ` (${description})` : ''}`,
    );
    this.name = 'LwaError';
  }

  /** Whether LWA refused the client credentials themselves (wrong or expired client secret). */
  get isClientRejected(): boolean {
    return this.code === 'invalid_client' || this.status === 401;
  }
}

/** Where credentials come from: fixed, or read on each token request (e.g. from Secrets Manager). */
export type LwaCredentialsSource = LwaClientCredentials | (() => Promise<LwaClientCredentials>);

export interface LwaClientOptions {
  readonly credentials: LwaCredentialsSource;
  /** @default LWA_TOKEN_ENDPOINT */
  readonly endpoint?: string;
  /**
   * How long before expiry a cached token is replaced.
   * @default 60 seconds
   */
  readonly refreshMarginMs?: number;
  /** @default 10 seconds per attempt */
  readonly timeoutMs?: number;
  /** Retry bounds; `isRetryable` and `serverDelayMs` are the client's own. */
  readonly retry?: Partial<Omit<RetryOptions, 'isRetryable' | 'serverDelayMs'>>;
  /** @default the global fetch */
  readonly fetch?: FetchFunction;
  /** @default Date.now */
  readonly now?: () => number;
}

/** Attempts, first included, and wait bounds of a token request. */
export const LWA_RETRY_DEFAULTS = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 10_000 };

/** An error a token request threw that deserves another attempt. */
function isRetryableLwaError(error: unknown): boolean {
  return error instanceof LwaError && error.retryable;
}

/** The LWA token client. One instance per application; it is safe to share between callers. */
export class LwaClient {
  private readonly cache = new Map<string, LwaAccessToken>();
  private readonly inFlight = new Map<string, Promise<LwaAccessToken>>();
  private readonly endpoint: string;
  private readonly fetchFn: FetchFunction;
  private readonly now: () => number;

  constructor(private readonly options: LwaClientOptions) {
    this.endpoint = options.endpoint ?? LWA_TOKEN_ENDPOINT;
    this.fetchFn = options.fetch ?? fetch;
    this.now = options.now ?? Date.now;
  }

  /** An access token for `grant`: from the cache while it is fresh, else from LWA. */
  async accessToken(grant: LwaGrant): Promise<string> {
    return (await this.token(grant)).accessToken;
  }

  /** Like `accessToken`, with the token's expiry. Concurrent callers share one request. */
  async token(grant: LwaGrant): Promise<LwaAccessToken> {
    const credentials = await this.credentials();
    const key = cacheKey(credentials.clientId, grant);
    const cached = this.cache.get(key);
    const margin = this.options.refreshMarginMs ?? 60_000;
    if (cached && cached.expiresAt - margin > this.now()) return cached;
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const request = this.requestWithRetries(credentials, grant)
      .then((token) => {
        this.cache.set(key, token);
        return token;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, request);
    return request;
  }

  /** Forgets every cached token, e.g. after the client secret was rotated. */
  clear(): void {
    this.cache.clear();
  }

  private async credentials(): Promise<LwaClientCredentials> {
    const source = this.options.credentials;
    return typeof source === 'function' ? source() : source;
  }

  private requestWithRetries(
    credentials: LwaClientCredentials,
    grant: LwaGrant,
  ): Promise<LwaAccessToken> {
    let serverDelay: number | undefined;
    return withRetries(
      async () => {
        serverDelay = undefined;
        try {
          return await this.requestOnce(credentials, grant);
        } catch (error) {
          if (error instanceof ThrottledLwaError) serverDelay = error.retryAfterMs;
          throw error;
        }
      },
      {
        ...LWA_RETRY_DEFAULTS,
        ...this.options.retry,
        isRetryable: isRetryableLwaError,
        serverDelayMs: () => serverDelay,
      },
    );
  }

  private async requestOnce(
    credentials: LwaClientCredentials,
    grant: LwaGrant,
  ): Promise<LwaAccessToken> {
    const form = new URLSearchParams({ grant_type: grant.grantType });
    if (grant.grantType === 'refresh_token') form.set('refresh_token', grant.refreshToken);
    else form.set('scope', grant.scope);
    form.set('client_id', credentials.clientId);
    form.set('client_secret', credentials.clientSecret);
    const requestedAt = this.now();
    let response: Response;
    try {
      response = await this.fetchFn(this.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded;charset=UTF-8',
          accept: 'application/json',
        },
        body: form.toString(),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      // The cause is dropped on purpose: a fetch error can quote the request.
      throw new LwaError(undefined, 'network_error', true, safeServerText(describeError(error)));
    }
    const body = (await jsonBody(response)) as Record<string, unknown> | undefined;
    if (!response.ok) {
      const code = typeof body?.error === 'string' ? body.error : `http_${response.status}`;
      const description = safeServerText(body?.error_description);
      if (response.status === 429) {
        throw new ThrottledLwaError(code, description, retryAfterMs(response.headers, this.now));
      }
      throw new LwaError(response.status, code, isRetryableStatus(response.status), description);
    }
    const accessToken = body?.access_token;
    const expiresIn = Number(body?.expires_in);
    if (typeof accessToken !== 'string' || accessToken === '' || !(expiresIn > 0)) {
      throw new LwaError(response.status, 'invalid_response', false, 'no access_token in answer');
    }
    return { accessToken, expiresAt: requestedAt + expiresIn * 1000 };
  }
}

/** A 429 with the wait LWA asked for, if it asked. */
class ThrottledLwaError extends LwaError {
  constructor(
    code: string,
    description: string | undefined,
    readonly retryAfterMs: number | undefined,
  ) {
    super(429, code, true, description);
  }
}

/**
 * The cache key of a grant: the client id and the scope, or a digest of the refresh
 * token so that the key itself is not a credential.
 */
function cacheKey(clientId: string, grant: LwaGrant): string {
  const subject =
    grant.grantType === 'refresh_token'
      ? createHash('sha256').update(grant.refreshToken).digest('hex')
      : grant.scope;
  return `${clientId}|${grant.grantType}|${subject}`;
}
