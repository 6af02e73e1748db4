import {
  backoffDelayMs,
  isRetryableAwsError,
  RetriesExhaustedError,
  withRetries,
} from '../../../lib/runtime/retry';

class Throttled extends Error {
  constructor(public readonly retryAfterMs?: number) {
    super('throttled');
  }
}

const options = {
  maxAttempts: 4,
  baseDelayMs: 100,
  maxDelayMs: 1000,
  isRetryable: (e: unknown) => e instanceof Throttled,
  serverDelayMs: (e: unknown) => (e instanceof Throttled ? e.retryAfterMs : undefined),
};

function recorder() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe('withRetries (AUP 2.9: respect throttling quotas)', () => {
  test('retries a throttled call and returns its first success', async () => {
    const { waits, sleep } = recorder();
    let calls = 0;
    const result = await withRetries(
      async () => {
        calls++;
        if (calls < 3) throw new Throttled();
        return 'ok';
      },
      { ...options, sleep, random: () => 0.5 },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    // Full jitter: half of 100 ms, then half of 200 ms.
    expect(waits).toEqual([50, 100]);
  });

  test('fails if every attempt is throttled, after exactly maxAttempts calls', async () => {
    const { waits, sleep } = recorder();
    let calls = 0;
    const run = withRetries(
      async () => {
        calls++;
        throw new Throttled();
      },
      { ...options, sleep, random: () => 0.999 },
    );
    await expect(run).rejects.toThrow(RetriesExhaustedError);
    await expect(run).rejects.toThrow('gave up after 4 attempts: Error: throttled');
    expect(calls).toBe(4);
    expect(waits).toHaveLength(3);
    expect(Math.max(...waits)).toBeLessThanOrEqual(1000);
  });

  test('fails at once on an error that is not retryable, rethrown as it was', async () => {
    const { waits, sleep } = recorder();
    const denied = new Error('AccessDenied');
    await expect(
      withRetries(
        async () => {
          throw denied;
        },
        { ...options, sleep },
      ),
    ).rejects.toBe(denied);
    expect(waits).toEqual([]);
  });

  test('waits at least what the server asked, within the cap', async () => {
    expect(backoffDelayMs(1, options, () => 0, 700)).toBe(700);
    expect(backoffDelayMs(1, options, () => 0, 60_000)).toBe(1000);
    expect(backoffDelayMs(10, options, () => 0.99)).toBeLessThanOrEqual(1000);
  });

  test('fails if maxAttempts is not a whole number of at least 1', async () => {
    await expect(withRetries(async () => 1, { ...options, maxAttempts: 0 })).rejects.toThrow(
      'maxAttempts must be a whole number of at least 1, received 0',
    );
  });

  test.each([
    [{ name: 'ThrottlingException' }, true],
    [{ name: 'Throttling', $metadata: { httpStatusCode: 400 } }, true],
    [{ name: 'InternalFailure', $metadata: { httpStatusCode: 500 } }, true],
    [{ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } }, false],
    [{ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 400 } }, false],
    ['a string', false],
  ])('AWS error %j is retryable: %s', (error, retryable) => {
    expect(isRetryableAwsError(error)).toBe(retryable);
  });
});
