import { FetchFunction, isRetryableStatus, jsonBody, retryAfterMs, safeServerText } from './http';
import { RateLimiter } from './rate-limiter';
import { RetryOptions, describeError, withRetries } from './retry';

/**
 * A small HTTP client for the Selling Partner API: the regional host, the LWA access
 * token in `x-amz-access-token`, a token bucket per operation fed by the
 * `x-amzn-RateLimit-Limit` header, and bounded retries of 429 and 5xx (AUP 2.9).
 * Errors carry the status, the operation and SP-API's error codes, never a token.
 */

import { SP_API_REGIONS, SpApiRegion } from '../policy/sp-api';

export { SP_API_REGIONS };
export type { SpApiRegion };

/** The base URL of a region's production or sandbox host. */
export function spApiEndpoint(region: SpApiRegion, sandbox = false): string {
  return `https://${sandbox ? 'sandbox.' : ''}sellingpartnerapi-${region.toLowerCase()}.amazon.com`;
}

export type QueryValue = string | number | boolean | readonly (string | number)[] | undefined;

export interface SpApiRequest {
  /** The operation's name in the API model (`getOrders`), which names its rate-limit bucket. */
  readonly operation: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The path from the host, starting with `/` (`/orders/v0/orders`). */
  readonly path: string;
  /** Query parameters; lists are sent comma-separated, as SP-API expects. */
  readonly query?: Readonly<Record<string, QueryValue>>;
  /** A JSON body. */
  readonly body?: unknown;
  /**
   * A token to send instead of the client's LWA token, e.g. a restricted data token
   * for an operation that returns PII.
   */
  readonly accessToken?: string;
}

export interface SpApiResponse<T> {
  readonly status: number;
  /** The parsed JSON body; `undefined` when the response has none. */
  readonly body: T | undefined;
  /** `x-amzn-RequestId`, for support cases. */
  readonly requestId?: string;
  /** The rate SP-API applied (`x-amzn-RateLimit-Limit`), when it said. */
  readonly rateLimit?: number;
}

/** An SP-API error entry (`errors[]` of every SP-API error response). */
export interface SpApiErrorDetail {
  readonly code: string;
  readonly message?: string;
}

/** A request that failed with an HTTP error status, or without a response. */
export class SpApiError extends Error {
  constructor(
    readonly operation: string,
    /** `undefined` when no response came. */
    readonly status: number | undefined,
    readonly errors: readonly SpApiErrorDetail[],
    readonly retryable: boolean,
    readonly requestId?: string,
    readonly retryAfterMs?: number,
  ) {
    const detail = errors.map((e) => (e.message ? `${e.code}: ${e.message}` : e.code)).join('; ');
    super(
      `SP-API ${operation} failed: ${status === undefined ? 'no response' : `HTTP ${status}`}${detail ? ` (${detail})` : ''}${requestId ? ` [request ${requestId}]` : ''}`,
    );
    this.name = 'SpApiError';
  }
}

export interface SpApiClientOptions {
  /** Base URL: `spApiEndpoint(region, sandbox)`, or a loopback server in tests. */
  readonly endpoint: string;
  /** The LWA access token for each request (a selling partner's, or a grantless one). */
  readonly accessToken: () => Promise<string>;
  /**
   * Who the quota is metered for, and so the rate-limit buckets: the selling partner
   * id, or `application` for grantless operations.
   * @default 'application'
   */
  readonly rateLimitSubject?: string;
  /** @default a limiter of its own; share one between clients of a process */
  readonly rateLimiter?: RateLimiter;
  /** Retry bounds; `isRetryable` and `serverDelayMs` are the client's own. */
  readonly retry?: Partial<Omit<RetryOptions, 'isRetryable' | 'serverDelayMs'>>;
  /** @default 30 seconds per attempt */
  readonly timeoutMs?: number;
  /** @default 'spapi-dpp-baseline (Language=JavaScript; Platform=Node.js)' */
  readonly userAgent?: string;
  /** @default the global fetch */
  readonly fetch?: FetchFunction;
  /** @default Date.now */
  readonly now?: () => number;
}

/** Attempts, first included, and wait bounds of an SP-API request. */
export const SP_API_RETRY_DEFAULTS = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 30_000 };

const DEFAULT_USER_AGENT = 'spapi-dpp-baseline (Language=JavaScript; Platform=Node.js)';

export class SpApiClient {
  readonly rateLimiter: RateLimiter;
  private readonly subject: string;
  private readonly fetchFn: FetchFunction;
  private readonly now: () => number;

  constructor(private readonly options: SpApiClientOptions) {
    this.rateLimiter = options.rateLimiter ?? new RateLimiter();
    this.subject = options.rateLimitSubject ?? 'application';
    this.fetchFn = options.fetch ?? fetch;
    this.now = options.now ?? Date.now;
  }

  /** Sends the request, waiting for its rate-limit token, retrying 429 and 5xx. */
  request<T = unknown>(request: SpApiRequest): Promise<SpApiResponse<T>> {
    const url = this.url(request);
    return withRetries(() => this.send<T>(request, url), {
      ...SP_API_RETRY_DEFAULTS,
      ...this.options.retry,
      isRetryable: (error) => error instanceof SpApiError && error.retryable,
      serverDelayMs: (error) => (error instanceof SpApiError ? error.retryAfterMs : undefined),
    });
  }

  private url(request: SpApiRequest): URL {
    // A path that is not rooted, or starts with `//`, could name another host.
    if (!request.path.startsWith('/') || request.path.startsWith('//')) {
      throw new Error(`SP-API ${request.operation}: path must start with a single '/'`);
    }
    const url = new URL(request.path, this.options.endpoint);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value === undefined) continue;
      url.searchParams.set(name, Array.isArray(value) ? value.join(',') : String(value));
    }
    return url;
  }

  private async send<T>(request: SpApiRequest, url: URL): Promise<SpApiResponse<T>> {
    const { operation } = request;
    await this.rateLimiter.acquire(this.subject, operation);
    const token = request.accessToken ?? (await this.options.accessToken());
    let response: Response;
    try {
      response = await this.fetchFn(url, {
        method: request.method,
        headers: {
          'x-amz-access-token': token,
          'user-agent': this.options.userAgent ?? DEFAULT_USER_AGENT,
          accept: 'application/json',
          ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      throw new SpApiError(operation, undefined, [networkError(error)], true);
    }
    const rateHeader = response.headers.get('x-amzn-ratelimit-limit');
    this.rateLimiter.observeRateLimit(this.subject, operation, rateHeader);
    const requestId = response.headers.get('x-amzn-requestid') ?? undefined;
    const body = await jsonBody(response);
    if (!response.ok) {
      if (response.status === 429) this.rateLimiter.drain(this.subject, operation);
      throw new SpApiError(
        operation,
        response.status,
        errorDetails(body),
        isRetryableStatus(response.status),
        requestId,
        retryAfterMs(response.headers, this.now),
      );
    }
    const rateLimit = rateHeader === null ? undefined : Number(rateHeader);
    return {
      status: response.status,
      body: body as T | undefined,
      ...(requestId ? { requestId } : {}),
      ...(rateLimit !== undefined && Number.isFinite(rateLimit) ? { rateLimit } : {}),
    };
  }
}

function networkError(error: unknown): SpApiErrorDetail {
  return { code: 'NetworkError', message: safeServerText(describeError(error)) };
}

/** SP-API's `errors[]`, with messages made safe to log; empty when the body has none. */
function errorDetails(body: unknown): SpApiErrorDetail[] {
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors
    .filter((e): e is { code: unknown; message?: unknown } => e !== null && typeof e === 'object')
    .map((e) => {
      const message = safeServerText(e.message);
      return { code: String(e.code), ...(message ? { message } : {}) };
    });
}
