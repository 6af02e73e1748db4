import {
  CLIENT_SECRET_ROTATION_SCOPE,
  LWA_TOKEN_ENDPOINT,
  LwaClient,
  LwaClientCredentials,
} from '../../../lib/runtime/lwa';
import { FetchFunction } from '../../../lib/runtime/http';
import { RateLimiter } from '../../../lib/runtime/rate-limiter';
import { RetryOptions } from '../../../lib/runtime/retry';
import { SpApiClient } from '../../../lib/runtime/sp-api-client';

/**
 * What the rotation asks of Amazon: a new client secret (Application Management API,
 * `rotateApplicationClientSecret`, a grantless operation), and whether a client secret
 * is accepted by LWA (a grantless token request with it).
 */
export interface AmazonApplicationApi {
  /** Asks Amazon to issue a new client secret; it arrives later, in a notification. */
  requestNewClientSecret(current: LwaClientCredentials): Promise<void>;
  /** Obtains an LWA token with `credentials`; throws `LwaError` if LWA refuses them. */
  testClientSecret(credentials: LwaClientCredentials): Promise<void>;
}

/** The published usage plan of `rotateApplicationClientSecret`: about one call a minute. */
export const ROTATE_CLIENT_SECRET_PLAN = { ratePerSecond: 0.0167, burst: 1 };
export const ROTATE_CLIENT_SECRET_PATH = '/applications/2023-11-30/clientSecret';

export interface AmazonApplicationApiOptions {
  /** The SP-API regional base URL (`spApiEndpoint(region)`), or a loopback server in tests. */
  readonly spApiEndpoint: string;
  /** @default LWA_TOKEN_ENDPOINT */
  readonly lwaEndpoint?: string;
  /** Retry bounds for both LWA and SP-API; they must fit in the function's timeout. */
  readonly retry?: Partial<Omit<RetryOptions, 'isRetryable' | 'serverDelayMs'>>;
  /** @default 10 seconds per HTTP attempt */
  readonly timeoutMs?: number;
  readonly rateLimiter?: RateLimiter;
  readonly fetch?: FetchFunction;
}

/**
 * Bounds that keep a whole rotation step inside a few minutes: at most 4 attempts of
 * 10 seconds each, waits of at most 15 seconds, for the token and for the call.
 */
export const FUNCTION_RETRY = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 15_000 };

export function amazonApplicationApi(options: AmazonApplicationApiOptions): AmazonApplicationApi {
  const retry = { ...FUNCTION_RETRY, ...options.retry };
  const timeoutMs = options.timeoutMs ?? 10_000;
  const rateLimiter =
    options.rateLimiter ??
    new RateLimiter({ plans: { rotateApplicationClientSecret: ROTATE_CLIENT_SECRET_PLAN } });
  // A fresh LWA client per call: these tokens are used once, and a cached token made
  // with one secret must never stand in for a test of another.
  const lwa = (credentials: LwaClientCredentials) =>
    new LwaClient({
      credentials,
      endpoint: options.lwaEndpoint ?? LWA_TOKEN_ENDPOINT,
      retry,
      timeoutMs,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  const grantless = {
    grantType: 'client_credentials',
    scope: CLIENT_SECRET_ROTATION_SCOPE,
  } as const;
  return {
    async requestNewClientSecret(current) {
      const token = lwa(current);
      const spApi = new SpApiClient({
        endpoint: options.spApiEndpoint,
        accessToken: () => token.accessToken(grantless),
        rateLimiter,
        retry,
        timeoutMs,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
      await spApi.request({
        operation: 'rotateApplicationClientSecret',
        method: 'POST',
        path: ROTATE_CLIENT_SECRET_PATH,
      });
    },
    async testClientSecret(credentials) {
      await lwa(credentials).accessToken(grantless);
    },
  };
}
