/**
 * Bounded retries with exponential backoff and full jitter, for every call the
 * baseline's functions and commands make to a throttled API (LWA, SP-API, IAM,
 * Secrets Manager). AUP 2.9 asks applications to respect throttling quotas: a caller
 * backs off, waits at least what the server asked (`Retry-After`), and gives up after
 * a fixed number of attempts instead of hammering the API.
 */

export interface RetryOptions {
  /** Attempts in all, the first included; at least 1. */
  readonly maxAttempts: number;
  /** Upper bound of the first wait; it doubles with each retry up to `maxDelayMs`. */
  readonly baseDelayMs: number;
  /** Upper bound of any single wait. */
  readonly maxDelayMs: number;
  /** Whether an error is worth another attempt (throttling, a 5xx, a dropped connection). */
  readonly isRetryable: (error: unknown) => boolean;
  /**
   * The wait the server asked for, if the error carries one (e.g. `Retry-After`); the
   * retry waits at least this long, capped at `maxDelayMs`.
   * @default no server-given wait
   */
  readonly serverDelayMs?: (error: unknown) => number | undefined;
  /** Called before each wait; for logging without the error's payload. */
  readonly onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
  /** @default a real timer */
  readonly sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1); injectable so tests are deterministic. @default Math.random */
  readonly random?: () => number;
}

/** Thrown when every attempt failed; `cause` is the last error. */
export class RetriesExhaustedError extends Error {
  constructor(
    public readonly attempts: number,
    public readonly lastError: unknown,
  ) {
    super(
      `gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${describeError(lastError)}`,
      { cause: lastError },
    );
    this.name = 'RetriesExhaustedError';
  }
}

/** A short description of an error, without its payload. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The wait before retry number `retry` (1 for the first retry): full jitter, capped. */
export function backoffDelayMs(
  retry: number,
  options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
  serverDelayMs?: number,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
  const jittered = Math.floor(random() * ceiling);
  const floor = Math.min(options.maxDelayMs, Math.max(0, serverDelayMs ?? 0));
  return Math.max(jittered, floor);
}

/**
 * Runs `operation` until it succeeds, an error is not retryable (rethrown as is), or
 * `maxAttempts` are spent (`RetriesExhaustedError`).
 */
export async function withRetries<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  if (!Number.isInteger(options.maxAttempts) || options.maxAttempts < 1) {
    throw new RangeError(
      `maxAttempts must be a whole number of at least 1, received ${options.maxAttempts}`,
    );
  }
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (!options.isRetryable(error)) throw error;
      if (attempt >= options.maxAttempts) throw new RetriesExhaustedError(attempt, error);
      const delayMs = backoffDelayMs(attempt, options, random, options.serverDelayMs?.(error));
      options.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs);
    }
  }
}

/** Names of AWS SDK errors that mean "slow down", across services. */
const AWS_THROTTLING_ERRORS = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
  'LimitExceededException',
  'SlowDown',
]);

/**
 * Whether an AWS SDK v3 error is throttling or a server fault. `LimitExceededException`
 * is IAM's throttling error as well as a quota error for some services; IAM is where the
 * baseline meets it.
 */
export function isRetryableAwsError(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const e = error as {
    name?: string;
    $metadata?: { httpStatusCode?: number };
    $retryable?: unknown;
  };
  if (e.name !== undefined && AWS_THROTTLING_ERRORS.has(e.name)) return true;
  if (e.$retryable) return true;
  const status = e.$metadata?.httpStatusCode;
  return status === 429 || (status !== undefined && status >= 500);
}
