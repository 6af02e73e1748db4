import { RateLimiter, RateLimitWaitError } from '../../../lib/runtime/rate-limiter';

/** A limiter on a fake clock: sleeping moves the clock. */
function fakeClockLimiter(options: ConstructorParameters<typeof RateLimiter>[0] = {}) {
  let now = 0;
  const sleeps: number[] = [];
  const limiter = new RateLimiter({
    ...options,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  });
  return { limiter, sleeps, advance: (ms: number) => (now += ms), now: () => now };
}

describe('RateLimiter', () => {
  test('lets a burst through at once, then spaces requests at the rate', async () => {
    const { limiter, sleeps } = fakeClockLimiter({
      plans: { getOrders: { ratePerSecond: 0.5, burst: 2 } },
    });
    for (let i = 0; i < 4; i++) await limiter.acquire('A1', 'getOrders');
    expect(sleeps).toEqual([2000, 2000]);
  });

  test('keeps one bucket per selling partner and operation', async () => {
    const { limiter, sleeps } = fakeClockLimiter({
      plans: { getOrders: { ratePerSecond: 1, burst: 1 } },
    });
    await limiter.acquire('A1', 'getOrders');
    await limiter.acquire('A2', 'getOrders');
    await limiter.acquire('A1', 'getOrder');
    expect(sleeps).toEqual([]);
    await limiter.acquire('A1', 'getOrders');
    expect(sleeps).toEqual([1000]);
  });

  test('follows the rate SP-API reports in x-amzn-RateLimit-Limit, ignoring nonsense', async () => {
    const { limiter, sleeps } = fakeClockLimiter();
    await limiter.acquire('app', 'rotateApplicationClientSecret');
    limiter.observeRateLimit('app', 'rotateApplicationClientSecret', '0.0167');
    limiter.observeRateLimit('app', 'rotateApplicationClientSecret', 'abc');
    limiter.observeRateLimit('app', 'rotateApplicationClientSecret', '0');
    expect(limiter.rateOf('app', 'rotateApplicationClientSecret')).toBe(0.0167);
    await limiter.acquire('app', 'rotateApplicationClientSecret');
    expect(sleeps[0]).toBeGreaterThanOrEqual(59_000);
  });

  test('after a 429, waits a full interval even if it counted a token left', async () => {
    const { limiter, sleeps } = fakeClockLimiter({
      plans: { op: { ratePerSecond: 2, burst: 5 } },
    });
    await limiter.acquire('app', 'op');
    limiter.drain('app', 'op');
    await limiter.acquire('app', 'op');
    expect(sleeps).toEqual([500]);
  });

  test('serves concurrent callers in order, one token each', async () => {
    const { limiter, now } = fakeClockLimiter({ plans: { op: { ratePerSecond: 1, burst: 1 } } });
    const order: number[] = [];
    await Promise.all([0, 1, 2].map((i) => limiter.acquire('app', 'op').then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2]);
    expect(now()).toBe(2000);
  });

  test('refuses to wait longer than allowed, and does not block the callers after it', async () => {
    const { limiter } = fakeClockLimiter({
      plans: { slow: { ratePerSecond: 0.001, burst: 1 } },
      maxWaitMs: 10_000,
    });
    await limiter.acquire('app', 'slow');
    await expect(limiter.acquire('app', 'slow')).rejects.toBeInstanceOf(RateLimitWaitError);
    await expect(limiter.acquire('app', 'slow')).rejects.toBeInstanceOf(RateLimitWaitError);
  });
});
