import * as http from 'http';
import { AddressInfo } from 'net';
import { RateLimiter } from '../../../lib/runtime/rate-limiter';
import { RetriesExhaustedError } from '../../../lib/runtime/retry';
import {
  SP_API_RETRY_DEFAULTS,
  SpApiClient,
  SpApiError,
  spApiEndpoint,
} from '../../../lib/runtime/sp-api-client';

// secretlint-disable-next-line -- a fake token of the real shape
const ACCESS_TOKEN = 'Atza|IwEBIExampleAccessToken-abcdefghijklmnopqrstuvwxyz0123456789';

interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A loopback SP-API that answers from a script and records each request. */
async function fakeSpApi(answers: Answer[]) {
  const seen: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[] =
    [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      const answer = answers.shift() ?? { status: 200, body: { payload: {} } };
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    });
  });
  server.setTimeout(5_000);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A client whose waits are recorded on a fake clock instead of slept. */
function clientFor(url: string, limiter?: RateLimiter) {
  const waits: number[] = [];
  let now = 0;
  const rateLimiter =
    limiter ??
    new RateLimiter({ now: () => now, sleep: async (ms) => void (waits.push(ms), (now += ms)) });
  const client = new SpApiClient({
    endpoint: url,
    accessToken: async () => ACCESS_TOKEN,
    rateLimitSubject: 'A2EUQ1WTGCTBG2',
    rateLimiter,
    retry: { sleep: async (ms) => void waits.push(ms), random: () => 0 },
    now: () => now,
  });
  return { client, waits };
}

describe('spApiEndpoint', () => {
  test('names the regional production and sandbox hosts', () => {
    expect(spApiEndpoint('NA')).toBe('https://sellingpartnerapi-na.amazon.com');
    expect(spApiEndpoint('EU')).toBe('https://sellingpartnerapi-eu.amazon.com');
    expect(spApiEndpoint('FE', true)).toBe('https://sandbox.sellingpartnerapi-fe.amazon.com');
  });
});

describe('SpApiClient against a loopback SP-API', () => {
  let api: Awaited<ReturnType<typeof fakeSpApi>>;
  afterEach(() => api.close());

  test('sends the LWA token in x-amz-access-token, query lists comma-separated, JSON body', async () => {
    api = await fakeSpApi([
      { status: 200, headers: { 'x-amzn-RequestId': 'r-1' }, body: { payload: { a: 1 } } },
    ]);
    const { client } = clientFor(api.url);
    const response = await client.request<{ payload: { a: number } }>({
      operation: 'getOrders',
      method: 'POST',
      path: '/orders/v0/orders',
      query: { MarketplaceIds: ['A1PA6795UKMFR9', 'A1RKKUPIHCS9HS'], MaxResultsPerPage: 10 },
      body: { note: 'x' },
    });
    expect(response).toEqual({ status: 200, body: { payload: { a: 1 } }, requestId: 'r-1' });
    const [request] = api.seen;
    expect(request.headers['x-amz-access-token']).toBe(ACCESS_TOKEN);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.url).toBe(
      '/orders/v0/orders?MarketplaceIds=A1PA6795UKMFR9%2CA1RKKUPIHCS9HS&MaxResultsPerPage=10',
    );
    expect(JSON.parse(request.body)).toEqual({ note: 'x' });
  });

  test('sends a restricted data token instead of the LWA token when given one', async () => {
    api = await fakeSpApi([{ status: 200, body: {} }]);
    const { client } = clientFor(api.url);
    await client.request({
      operation: 'getOrderAddress',
      method: 'GET',
      path: '/orders/v0/orders/1/address',
      accessToken: 'Atz.sprdt|restricted',
    });
    expect(api.seen[0].headers['x-amz-access-token']).toBe('Atz.sprdt|restricted');
  });

  test('refuses a path that could name another host', async () => {
    api = await fakeSpApi([]);
    const { client } = clientFor(api.url);
    for (const path of ['//evil.example.com/x', 'https://evil.example.com/x', 'orders']) {
      expect(() => client.request({ operation: 'x', method: 'GET', path })).toThrow(/single '\/'/);
    }
    expect(api.seen).toHaveLength(0);
  });

  test('on 429, adopts the reported rate, waits for a token, and succeeds', async () => {
    api = await fakeSpApi([
      {
        status: 429,
        headers: { 'x-amzn-RateLimit-Limit': '0.5' },
        body: { errors: [{ code: 'QuotaExceeded', message: 'You exceeded your quota' }] },
      },
      { status: 200, headers: { 'x-amzn-RateLimit-Limit': '0.5' }, body: { payload: 'ok' } },
    ]);
    const { client, waits } = clientFor(api.url);
    const response = await client.request({ operation: 'getOrders', method: 'GET', path: '/o' });
    expect(response.rateLimit).toBe(0.5);
    expect(client.rateLimiter.rateOf('A2EUQ1WTGCTBG2', 'getOrders')).toBe(0.5);
    // The bucket was drained by the 429: the retry waited a full interval at 0.5/s.
    expect(waits).toContain(2000);
    expect(api.seen).toHaveLength(2);
  });

  test('honours Retry-After on a 5xx', async () => {
    api = await fakeSpApi([
      { status: 503, headers: { 'retry-after': '3' } },
      { status: 200, body: {} },
    ]);
    const { client, waits } = clientFor(api.url);
    await client.request({ operation: 'op', method: 'GET', path: '/x' });
    expect(Math.max(...waits)).toBeGreaterThanOrEqual(3000);
  });

  test('gives up after a bounded number of 5xx', async () => {
    api = await fakeSpApi(Array.from({ length: 10 }, () => ({ status: 500 })));
    const { client } = clientFor(api.url);
    const error = await client
      .request({ operation: 'op', method: 'GET', path: '/x' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect(api.seen).toHaveLength(SP_API_RETRY_DEFAULTS.maxAttempts);
  });

  test('does not retry a 4xx; the error names the operation and codes, never the token', async () => {
    api = await fakeSpApi([
      {
        status: 403,
        headers: { 'x-amzn-RequestId': 'r-9' },
        body: { errors: [{ code: 'Unauthorized', message: `Access denied for ${ACCESS_TOKEN}` }] },
      },
    ]);
    const { client } = clientFor(api.url);
    const error: SpApiError = await client
      .request({ operation: 'getOrders', method: 'GET', path: '/x' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(SpApiError);
    expect(error).toMatchObject({ status: 403, operation: 'getOrders', requestId: 'r-9' });
    expect(error.errors[0].code).toBe('Unauthorized');
    expect(error.message).not.toContain(ACCESS_TOKEN);
    expect(api.seen).toHaveLength(1);
  });
});
