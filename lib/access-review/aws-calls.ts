import {
  RetriesExhaustedError,
  describeError,
  isRetryableAwsError,
  withRetries,
} from '../runtime/retry';

/**
 * Every AWS call of the access review goes through `AwsCaller.call`: throttling and
 * server faults are retried with bounded, jittered backoff (`withRetries`), and all
 * calls of one run draw their retries from one budget, so an account that throttles
 * every call makes the run fail with the reason instead of retrying for hours. IAM's
 * control plane allows a few requests a second per account; the review is one caller
 * among the account's automation and must give way (AUP 2.9 asks the same of SP-API
 * callers).
 *
 * The SDK clients are built with `maxAttempts: 1` (see clients.ts) so that this is the
 * only retry loop.
 */

export interface RetryLimits {
  /** Attempts per call, the first included. */
  readonly maxAttemptsPerCall: number;
  /** Retries (attempts after the first) that all calls of one run may spend together. */
  readonly retryBudget: number;
  /** Upper bound of the first wait; doubles per retry. */
  readonly baseDelayMs: number;
  /** Upper bound of any single wait. */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_LIMITS: RetryLimits = {
  maxAttemptsPerCall: 6,
  retryBudget: 60,
  baseDelayMs: 250,
  maxDelayMs: 20_000,
};

/** Thrown when the run's retry budget is spent; `cause` is the last throttling error. */
export class RetryBudgetExhaustedError extends Error {
  constructor(
    readonly operation: string,
    readonly budget: number,
    readonly lastError: unknown,
  ) {
    super(
      `${operation} was still throttled or failing after the review spent its whole retry budget of ${budget} retries: ${describeError(lastError)}`,
      { cause: lastError },
    );
    this.name = 'RetryBudgetExhaustedError';
  }
}

/** Thrown when a paginated listing repeats a marker or omits one; the run stops rather than loop. */
export class PaginationError extends Error {
  override name = 'PaginationError';
}

export interface AwsCallerOptions {
  readonly limits?: RetryLimits;
  /** @default a real timer */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @default Math.random */
  readonly random?: () => number;
  /** Told about each retry, without the error's payload. */
  readonly onRetry?: (info: { operation: string; attempt: number; delayMs: number }) => void;
}

export class AwsCaller {
  private readonly limits: RetryLimits;
  private spent = 0;
  private readonly attempts: Record<string, number> = {};

  constructor(private readonly options: AwsCallerOptions = {}) {
    this.limits = options.limits ?? DEFAULT_RETRY_LIMITS;
  }

  /** Retries spent so far in this run. */
  get retriesSpent(): number {
    return this.spent;
  }

  /** Requests sent so far, retries included, by operation: the report's record of calls. */
  get callCounts(): Readonly<Record<string, number>> {
    return { ...this.attempts };
  }

  /**
   * Runs one AWS call with retries. `operation` names it in errors (`IAM
   * GetCredentialReport`). Errors that are not throttling or a server fault are
   * rethrown as they are.
   */
  async call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    let budgetRefused = false;
    try {
      return await withRetries(
        () => {
          this.attempts[operation] = (this.attempts[operation] ?? 0) + 1;
          return send();
        },
        {
          maxAttempts: this.limits.maxAttemptsPerCall,
          baseDelayMs: this.limits.baseDelayMs,
          maxDelayMs: this.limits.maxDelayMs,
          isRetryable: (error) => {
            if (!isRetryableAwsError(error)) return false;
            if (this.spent >= this.limits.retryBudget) {
              budgetRefused = true;
              return false;
            }
            return true;
          },
          onRetry: ({ attempt, delayMs }) => {
            this.spent++;
            this.options.onRetry?.({ operation, attempt, delayMs });
          },
          ...(this.options.sleep ? { sleep: this.options.sleep } : {}),
          ...(this.options.random ? { random: this.options.random } : {}),
        },
      );
    } catch (error) {
      if (budgetRefused) {
        throw new RetryBudgetExhaustedError(operation, this.limits.retryBudget, error);
      }
      if (error instanceof RetriesExhaustedError) {
        const failed = new Error(`${operation} failed: ${error.message}`, { cause: error });
        failed.name = 'RetriesExhaustedError';
        throw failed;
      }
      throw error;
    }
  }

  /**
   * Every page of a marker-paginated listing. `next` returns the marker of the following
   * page, or undefined after the last one. A marker seen twice stops the listing with
   * `PaginationError` (a service bug must not become an endless loop).
   */
  async *pages<P>(
    operation: string,
    fetch: (marker: string | undefined) => Promise<P>,
    next: (page: P) => string | undefined,
  ): AsyncGenerator<P> {
    const seen = new Set<string>();
    let marker: string | undefined;
    for (;;) {
      const current = marker;
      const page = await this.call(operation, () => fetch(current));
      yield page;
      marker = next(page);
      if (marker === undefined) return;
      if (seen.has(marker)) {
        throw new PaginationError(`${operation} returned the same page marker twice`);
      }
      seen.add(marker);
    }
  }
}
