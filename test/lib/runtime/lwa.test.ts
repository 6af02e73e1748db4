import {
  CLIENT_SECRET_ROTATION_SCOPE,
  LWA_RETRY_DEFAULTS,
  LwaClient,
  LwaError,
} from '../../../lib/runtime/lwa';
import { RetriesExhaustedError } from '../../../lib/runtime/retry';
import { FakeAmazon, LWA_PATH, fakeClientSecret } from '../../fakes/amazon-server';

const CLIENT_ID = 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef';
const SECRET = fakeClientSecret();
// secretlint-disable-next-line -- a fake token of the real shape
const REFRESH_TOKEN = 'Atzr|IwEBIExampleRefreshToken-abcdefghijklmnopqrstuvwxyz0123456789';
const GRANTLESS = { grantType: 'client_credentials', scope: CLIENT_SECRET_ROTATION_SCOPE } as const;
const noWait = { sleep: async () => undefined, random: () => 0 };

describe('LwaClient against a loopback LWA', () => {
  let amazon: FakeAmazon;
  beforeEach(async () => {
    amazon = await new FakeAmazon(CLIENT_ID, SECRET).start();
  });
  afterEach(() => amazon.stop());

  const client = (overrides: Partial<ConstructorParameters<typeof LwaClient>[0]> = {}) =>
    new LwaClient({
      credentials: { clientId: CLIENT_ID, clientSecret: SECRET },
      endpoint: amazon.lwaEndpoint,
      retry: noWait,
      ...overrides,
    });

  test('asks for a grantless token with the scope, the client id and secret, form-encoded', async () => {
    const token = await client().accessToken(GRANTLESS);
    expect(token).toMatch(/^Atza\|/);
    const [request] = amazon.seen(LWA_PATH);
    expect(request.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    const form = new URLSearchParams(request.body);
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'client_credentials',
      scope: CLIENT_SECRET_ROTATION_SCOPE,
      client_id: CLIENT_ID,
      client_secret: SECRET,
    });
  });

  test('exchanges a refresh token for a selling partner', async () => {
    await client().accessToken({ grantType: 'refresh_token', refreshToken: REFRESH_TOKEN });
    const form = new URLSearchParams(amazon.seen(LWA_PATH)[0].body);
    expect(form.get('grant_type')).toBe('refresh_token');
    expect(form.get('refresh_token')).toBe(REFRESH_TOKEN);
    expect(form.has('scope')).toBe(false);
  });

  test('caches a token until shortly before it expires, per grant', async () => {
    let now = 1_000_000;
    const lwa = client({ now: () => now, refreshMarginMs: 60_000 });
    const first = await lwa.accessToken(GRANTLESS);
    now += 3_500_000; // 58 min 20 s later: still more than a minute left
    expect(await lwa.accessToken(GRANTLESS)).toBe(first);
    await lwa.accessToken({ grantType: 'refresh_token', refreshToken: REFRESH_TOKEN });
    expect(amazon.seen(LWA_PATH)).toHaveLength(2);
    now += 60_000; // inside the last minute: replaced
    expect(await lwa.accessToken(GRANTLESS)).not.toBe(first);
    expect(amazon.seen(LWA_PATH)).toHaveLength(3);
  });

  test('shares one request between concurrent callers', async () => {
    const lwa = client();
    const tokens = await Promise.all([1, 2, 3].map(() => lwa.accessToken(GRANTLESS)));
    expect(new Set(tokens).size).toBe(1);
    expect(amazon.seen(LWA_PATH)).toHaveLength(1);
  });

  test('reads credentials from a source on each request, so a rotated secret is used', async () => {
    const next = fakeClientSecret();
    amazon.validSecrets.get(CLIENT_ID)!.add(next);
    let secret = SECRET;
    const lwa = client({
      credentials: async () => ({ clientId: CLIENT_ID, clientSecret: secret }),
    });
    await lwa.accessToken(GRANTLESS);
    secret = next;
    lwa.clear();
    await lwa.accessToken(GRANTLESS);
    expect(new URLSearchParams(amazon.seen(LWA_PATH)[1].body).get('client_secret')).toBe(next);
  });

  test('retries 429 and 5xx, waiting at least what Retry-After asks', async () => {
    amazon.failNext(
      LWA_PATH,
      { status: 429, headers: { 'retry-after': '2' }, body: { error: 'rate_limited' } },
      { status: 503, body: { error: 'server_error' } },
    );
    const waits: number[] = [];
    const lwa = client({ retry: { sleep: async (ms) => void waits.push(ms), random: () => 0 } });
    expect(await lwa.accessToken(GRANTLESS)).toMatch(/^Atza\|/);
    expect(amazon.seen(LWA_PATH)).toHaveLength(3);
    expect(waits[0]).toBeGreaterThanOrEqual(2000);
  });

  test('gives up after a bounded number of attempts on persistent 5xx', async () => {
    for (let i = 0; i < 10; i++) amazon.failNext(LWA_PATH, { status: 500 });
    const error = await client()
      .accessToken(GRANTLESS)
      .catch((e) => e);
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect(amazon.seen(LWA_PATH)).toHaveLength(LWA_RETRY_DEFAULTS.maxAttempts);
  });

  test('does not retry a refused client secret, and says so without the secret', async () => {
    const wrong = fakeClientSecret();
    const error: LwaError = await client({
      credentials: { clientId: CLIENT_ID, clientSecret: wrong },
    })
      .accessToken(GRANTLESS)
      .catch((e) => e);
    expect(error).toBeInstanceOf(LwaError);
    expect(error.status).toBe(401);
    expect(error.code).toBe('invalid_client');
    expect(error.isClientRejected).toBe(true);
    expect(amazon.seen(LWA_PATH)).toHaveLength(1);
    const everything = JSON.stringify({ ...error, message: error.message, stack: error.stack });
    expect(everything).not.toContain(wrong);
    expect(everything).not.toContain(CLIENT_ID.slice(-16));
  });

  test('redacts a credential that LWA quotes back in its error description', async () => {
    amazon.failNext(LWA_PATH, {
      status: 400,
      body: { error: 'invalid_grant', error_description: `bad token ${REFRESH_TOKEN}` },
    });
    const error: LwaError = await client()
      .accessToken({ grantType: 'refresh_token', refreshToken: REFRESH_TOKEN })
      .catch((e) => e);
    expect(error.code).toBe('invalid_grant');
    expect(error.message).toContain('[REDACTED]');
    expect(error.message).not.toContain(REFRESH_TOKEN);
  });

  test('treats an answer without a token as an error, not a token', async () => {
    amazon.failNext(LWA_PATH, { status: 200, body: { token_type: 'bearer' } });
    const error: LwaError = await client()
      .accessToken(GRANTLESS)
      .catch((e) => e);
    expect(error.code).toBe('invalid_response');
  });

  test('retries a connection that fails, then reports it without the request', async () => {
    await amazon.stop();
    const error = await client({ timeoutMs: 1000 })
      .accessToken(GRANTLESS)
      .catch((e) => e);
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect((error as RetriesExhaustedError).lastError).toMatchObject({ code: 'network_error' });
    expect(String(error.message)).not.toContain(SECRET);
    amazon = await new FakeAmazon(CLIENT_ID, SECRET).start();
  });
});
