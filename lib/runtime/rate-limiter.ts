/**
 * Token buckets per SP-API operation (AUP 2.9 Respect throttling quotas: "design your
 * Application to respect per-Selling Partner throttling quotas").
 *
 * SP-API meters each operation per selling partner and application with a token
 * bucket: a rate (requests per second) and a burst. A caller that waits for a token
 * before each request stays within the quota instead of discovering it through 429s.
 * Each bucket starts from the operation's published usage plan (or a cautious default)
 * and follows the `x-amzn-RateLimit-Limit` header, which says the rate actually applied.
 */

/** A usage plan: requests per second and how many may go at once. */
export interface UsagePlan {
  readonly ratePerSecond: number;
  readonly burst: number;
}

/** The plan of an operation whose plan is not configured, until its first response says more. */
export const DEFAULT_USAGE_PLAN: UsagePlan = { ratePerSecond: 1, burst: 1 };

/** Thrown when the next token is further away than the caller is willing to wait. */
export class RateLimitWaitError extends Error {
  constructor(
    readonly bucket: string,
    readonly waitMs: number,
  ) {
    super(
      `rate limit of ${bucket}: the next request may go in ${waitMs} ms, beyond the wait allowed`,
    );
    this.name = 'RateLimitWaitError';
  }
}

export interface RateLimiterOptions {
  /** Usage plans by operation name, e.g. `{ getOrders: { ratePerSecond: 0.0167, burst: 20 } }`. */
  readonly plans?: Readonly<Record<string, UsagePlan>>;
  /** @default DEFAULT_USAGE_PLAN */
  readonly defaultPlan?: UsagePlan;
  /**
   * The longest a caller waits for a token before `RateLimitWaitError`; a function
   * should fail cleanly rather than time out.
   * @default 120 seconds
   */
  readonly maxWaitMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** @default a real timer */
  readonly sleep?: (ms: number) => Promise<void>;
}

interface Bucket {
  tokens: number;
  capacity: number;
  ratePerSecond: number;
  updatedAt: number;
  /** Callers queue on this so that tokens go out in arrival order. */
  tail: Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Buckets keyed by who is metered (a selling partner, or the application for grantless
 * operations) and the operation. Share one limiter between all clients of a process.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: RateLimiterOptions = {}) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
  }

  /** Waits for a token of `operation`'s bucket for `subject`, then takes it. */
  acquire(subject: string, operation: string): Promise<void> {
    const bucket = this.bucket(subject, operation);
    const turn = bucket.tail.then(() => this.take(bucketName(subject, operation), bucket));
    // The next caller waits for this one whether it succeeds or not.
    bucket.tail = turn.catch(() => undefined);
    return turn;
  }

  /** Adopts the rate SP-API says it applied (`x-amzn-RateLimit-Limit`), if it is a rate. */
  observeRateLimit(subject: string, operation: string, header: string | null): void {
    const rate = header === null ? NaN : Number(header);
    if (!Number.isFinite(rate) || rate <= 0) return;
    const bucket = this.bucket(subject, operation);
    this.refill(bucket);
    bucket.ratePerSecond = rate;
  }

  /** Empties the bucket after a 429: SP-API says no token is left, whatever we counted. */
  drain(subject: string, operation: string): void {
    const bucket = this.bucket(subject, operation);
    this.refill(bucket);
    bucket.tokens = Math.min(bucket.tokens, 0);
  }

  /** The rate a bucket currently follows, for logs and tests. */
  rateOf(subject: string, operation: string): number {
    return this.bucket(subject, operation).ratePerSecond;
  }

  private bucket(subject: string, operation: string): Bucket {
    const key = bucketName(subject, operation);
    let bucket = this.buckets.get(key);
    if (!bucket) {
      const plan =
        this.options.plans?.[operation] ?? this.options.defaultPlan ?? DEFAULT_USAGE_PLAN;
      const capacity = Math.max(1, Math.floor(plan.burst));
      bucket = {
        tokens: capacity,
        capacity,
        ratePerSecond: plan.ratePerSecond,
        updatedAt: this.now(),
        tail: Promise.resolve(),
      };
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  private refill(bucket: Bucket): void {
    const now = this.now();
    const elapsed = Math.max(0, now - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(bucket.capacity, bucket.tokens + elapsed * bucket.ratePerSecond);
    bucket.updatedAt = now;
  }

  private async take(name: string, bucket: Bucket): Promise<void> {
    const maxWaitMs = this.options.maxWaitMs ?? 120_000;
    for (;;) {
      this.refill(bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return;
      }
      const waitMs = Math.ceil(((1 - bucket.tokens) / bucket.ratePerSecond) * 1000);
      if (waitMs > maxWaitMs) throw new RateLimitWaitError(name, waitMs);
      await this.sleep(waitMs);
    }
  }
}

function bucketName(subject: string, operation: string): string {
  return `${subject}/${operation}`;
}
