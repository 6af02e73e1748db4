import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import {
  formatLwaCredentials,
  formatSellingPartnerSecret,
  LWA_PLACEHOLDER_CLIENT_ID,
} from '../../../../../lib/credentials';
import { createLogger } from '../../../../../lib/runtime/logger';
import { piiItemExpiry } from '../../../../../constructs/data/layout';
import {
  CHECKPOINT_ATTRIBUTE,
  CHECKPOINT_RECORD_ID,
  ORDER_FIELDS,
} from '../../../../../constructs/workloads/order-sync/functions/layout';
import {
  OrderSyncIncompleteError,
  createHandler,
} from '../../../../../constructs/workloads/order-sync/functions/order-sync-handler';
import {
  OrderSyncSettings,
  RunSummary,
} from '../../../../../constructs/workloads/order-sync/functions/sync';
import { FakeAmazon, LWA_PATH, plainSecret } from '../../../../fakes/amazon-server';
import { FakeOrder, FakeOrdersApi, ORDERS_PATH, RDT_PATH } from '../../../../fakes/orders-server';
import { FakeSecretsManager } from '../../../../fakes/secrets-manager';

/**
 * The order sync end to end (issue 12): the handler against a loopback server playing
 * LWA, a loopback server playing the Orders and Tokens APIs, Secrets Manager and
 * DynamoDB behind aws-sdk-client-mock, and a clock the waits move.
 */

const CLIENT_ID = 'amzn1.application-oa2-client.7f3c9d2e1b4a46c8a0b5e6d7c8f90123';
const PARTNER = 'A1EXAMPLEPARTNER';
const REFRESH_TOKEN = `Atzr|${'r'.repeat(40)}`;
const PREFIX = 'spapi-dpp/test/selling-partners/';
const TABLE = 'spapi-dpp-test-pii-table';
const LIVE_DAYS = 22;
const START = Date.parse('2025-03-03T12:00:00Z');
const DAY = 86_400_000;

const iso = (ms: number) => new Date(ms).toISOString();

/** PII the fake answers with: none of it may reach a log line. */
const RECIPIENT = {
  Name: 'Philippa Quenby-Marchbanks',
  AddressLine1: '17 Aldergrove Crescent',
  AddressLine2: 'Flat 3',
  City: 'Wolverhampton',
  StateOrRegion: 'West Midlands',
  PostalCode: 'WV3 9QT',
  CountryCode: 'GB',
  Phone: '+44 1632 960123',
};
const OTHER_RECIPIENT = {
  Name: 'Thaddeus Okonkwo-Ferreira',
  AddressLine1: '221 Brackenbury Row',
  City: 'Kettering',
  PostalCode: 'NN16 8LX',
  CountryCode: 'GB',
  Phone: '+44 1632 960987',
};
const PII_VALUES = [...Object.values(RECIPIENT), ...Object.values(OTHER_RECIPIENT)].filter(
  (v) => v !== 'GB',
);

const order = (id: string, fields: Partial<FakeOrder> = {}): FakeOrder => ({
  AmazonOrderId: id,
  OrderStatus: 'Unshipped',
  FulfillmentChannel: 'MFN',
  PurchaseDate: iso(START - 2 * DAY),
  LastUpdateDate: iso(START - DAY),
  LatestDeliveryDate: iso(START + 5 * DAY),
  ...fields,
});

/** Two pages: merchant-fulfilled orders with and without an address, Amazon's, an old one. */
const PAGES: FakeOrder[][] = [
  [
    order('202-1000001-0000001', { address: RECIPIENT }),
    order('202-1000002-0000002', { FulfillmentChannel: 'AFN', OrderStatus: 'Shipped' }),
    order('202-1000003-0000003', { OrderStatus: 'Pending' }),
    order('202-1000006-0000006', {
      LatestDeliveryDate: iso(START - 60 * DAY),
      address: RECIPIENT,
    }),
  ],
  [
    order('202-1000004-0000004'),
    order('202-1000005-0000005', { OrderStatus: 'PartiallyShipped', address: OTHER_RECIPIENT }),
  ],
];

interface World {
  readonly amazon: FakeAmazon;
  readonly orders: FakeOrdersApi;
  readonly secretsManager: FakeSecretsManager;
  readonly items: Map<string, Record<string, unknown>>;
  readonly puts: Record<string, unknown>[];
  readonly sleeps: number[];
  readonly run: () => Promise<RunSummary>;
  readonly logText: () => string;
  readonly clientSecret: string;
  readonly advance: (ms: number) => void;
  readonly stop: () => Promise<void>;
}

async function world(
  pages: readonly (readonly FakeOrder[])[],
  options: { placeholder?: boolean } = {},
): Promise<World> {
  let clock = START;
  const sleeps: number[] = [];
  // Secrets and tokens that match no credential pattern: if one reached a log line,
  // the test would see it, not the logger's redaction.
  const clientSecret = plainSecret();
  const amazon = await new FakeAmazon(CLIENT_ID, clientSecret, true).start();
  const orders = await new FakeOrdersApi(pages, (token) => amazon.tokens.has(token)).start();
  const secretsManager = new FakeSecretsManager(() => new Date(clock));
  const lwa = secretsManager.addSecret({
    name: 'spapi-dpp/test/lwa-credentials',
    value: formatLwaCredentials({
      clientId: options.placeholder ? LWA_PLACEHOLDER_CLIENT_ID : CLIENT_ID,
      clientSecret,
    }),
  });
  secretsManager.addSecret({
    name: `${PREFIX}${PARTNER}`,
    value: formatSellingPartnerSecret(REFRESH_TOKEN),
  });

  const items = new Map<string, Record<string, unknown>>();
  const puts: Record<string, unknown>[] = [];
  const key = (k: Record<string, unknown>) => `${k.sellingPartnerId}|${k.recordId}`;
  const dynamo = mockClient(DynamoDBDocumentClient);
  dynamo.on(PutCommand).callsFake(async (input: PutCommand['input']) => {
    puts.push(input as unknown as Record<string, unknown>);
    items.set(key(input.Item!), input.Item!);
    return {};
  });
  dynamo.on(GetCommand).callsFake(async (input: GetCommand['input']) => {
    const item = items.get(key(input.Key!));
    const wanted = Object.values(input.ExpressionAttributeNames ?? {});
    return item
      ? { Item: Object.fromEntries(Object.entries(item).filter(([k]) => wanted.includes(k))) }
      : {};
  });

  const written: string[] = [];
  const capture = (chunk: unknown) => {
    written.push(String(chunk));
    return true;
  };
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(capture);

  const settings: OrderSyncSettings = {
    spApiEndpoint: orders.url,
    lwaSecretArn: lwa.arn,
    sellingPartnerSecretPrefix: PREFIX,
    sellingPartnerIds: [PARTNER],
    marketplaceIds: ['A1F83G8C2ARO7P'],
    tableName: TABLE,
    liveDays: LIVE_DAYS,
    initialLookbackHours: 24,
  };
  const handler = createHandler({
    settings,
    secrets: new SecretsManagerClient({ region: 'eu-west-1' }),
    documents: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' })),
    logger: createLogger({ serviceName: 'order-sync-test', logLevel: 'DEBUG' }),
    lwaEndpoint: amazon.lwaEndpoint,
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
  });
  return {
    amazon,
    orders,
    secretsManager,
    items,
    puts,
    sleeps,
    clientSecret,
    run: () => handler({}, { getRemainingTimeInMillis: () => 10 * 60_000 }),
    logText: () => written.join(''),
    advance: (ms) => void (clock += ms),
    stop: async () => {
      out.mockRestore();
      err.mockRestore();
      dynamo.restore();
      secretsManager.restore();
      await Promise.all([amazon.stop(), orders.stop()]);
    },
  };
}

/** Every credential and PII value the world holds or issued: none may be logged. */
function secretsOf(w: World): string[] {
  return [
    ...PII_VALUES,
    w.clientSecret,
    REFRESH_TOKEN,
    ...w.amazon.tokens.keys(),
    ...w.orders.restrictedTokens.keys(),
  ];
}

describe('order sync, end to end against loopback SP-API and LWA', () => {
  let w: World;
  let first: RunSummary;

  beforeAll(async () => {
    w = await world(PAGES);
    // The first listing is throttled: SP-API says the rate it applies and when to retry.
    w.orders.failNext(ORDERS_PATH, {
      status: 429,
      headers: { 'x-amzn-RateLimit-Limit': '0.0167', 'Retry-After': '2' },
      body: { errors: [{ code: 'QuotaExceeded', message: 'You exceeded your quota' }] },
    });
    first = await w.run();
  });
  afterAll(() => w.stop());

  test('lists the orders updated since the initial lookback, page by page with NextToken', () => {
    const listings = w.orders.seen(ORDERS_PATH);
    expect(listings).toHaveLength(3); // the 429, then two pages
    const [, firstPage, secondPage] = listings;
    expect(firstPage.query.get('MarketplaceIds')).toBe('A1F83G8C2ARO7P');
    expect(firstPage.query.get('LastUpdatedAfter')).toBe(iso(START - DAY));
    expect(firstPage.query.get('LastUpdatedBefore')).toBe(iso(START - 2 * 60_000));
    expect(secondPage.query.get('NextToken')).toBe('page-1');
    expect(secondPage.query.get('MarketplaceIds')).toBe('A1F83G8C2ARO7P');
    expect(first.partners[0]).toMatchObject({ sellingPartnerId: PARTNER, ordersSeen: 6 });
  });

  test('retries the 429 after the wait SP-API asked for, and follows its rate from then on (AUP 2.9)', () => {
    // Retry-After said 2 s; then the drained bucket refills at the 0.0167/s the header gave.
    expect(w.sleeps[0]).toBeGreaterThanOrEqual(2_000);
    expect(Math.max(...w.sleeps)).toBeGreaterThan(50_000);
    expect(Math.max(...w.sleeps)).toBeLessThanOrEqual(60_000);
  });

  test('asks for a restricted data token only for merchant-fulfilled orders still to ship (AUP 4.1)', () => {
    const tokenRequests = w.orders.seen(RDT_PATH).map((r) => JSON.parse(r.body));
    const paths = tokenRequests.flatMap((b) =>
      b.restrictedResources.map((r: { method: string; path: string }) => `${r.method} ${r.path}`),
    );
    expect(paths).toEqual([
      'GET /orders/v0/orders/202-1000001-0000001/address',
      'GET /orders/v0/orders/202-1000004-0000004/address',
      'GET /orders/v0/orders/202-1000005-0000005/address',
    ]);
    // Not Amazon's order, not the pending one, not the one past its retention.
    expect(w.orders.addressRequests()).toEqual([
      '202-1000001-0000001',
      '202-1000004-0000004',
      '202-1000005-0000005',
    ]);
    // The address is asked for with the restricted data token, never the LWA token.
    for (const request of w.orders.requests.filter((r) => r.path.endsWith('/address'))) {
      expect(w.orders.restrictedTokens.has(request.token)).toBe(true);
    }
    expect(first.partners[0]).toMatchObject({ pastRetention: 1, withoutAddress: 1 });
  });

  test('writes each address with its expiry through the table write path, and nothing more', () => {
    const stored = w.items.get(`${PARTNER}|order#202-1000001-0000001`);
    expect(stored).toEqual({
      sellingPartnerId: PARTNER,
      recordId: 'order#202-1000001-0000001',
      [ORDER_FIELDS.shipToName]: RECIPIENT.Name,
      [ORDER_FIELDS.shippingAddress]: {
        AddressLine1: RECIPIENT.AddressLine1,
        AddressLine2: RECIPIENT.AddressLine2,
        City: RECIPIENT.City,
        StateOrRegion: RECIPIENT.StateOrRegion,
        PostalCode: RECIPIENT.PostalCode,
        CountryCode: 'GB',
      },
      expiresAt: piiItemExpiry(new Date(START + 5 * DAY), LIVE_DAYS),
    });
    // No phone number: the sync keeps what shipping needs and it declared.
    expect(JSON.stringify([...w.items.values()])).not.toContain(RECIPIENT.Phone);
    expect(w.items.has(`${PARTNER}|order#202-1000004-0000004`)).toBe(false);
    expect(w.items.has(`${PARTNER}|order#202-1000005-0000005`)).toBe(true);
    for (const put of w.puts) {
      expect(put).toMatchObject({ TableName: TABLE, ReturnValues: 'NONE' });
      const attributes = Object.keys(put.Item as object);
      expect(
        attributes.every((a) =>
          [
            'sellingPartnerId',
            'recordId',
            'expiresAt',
            CHECKPOINT_ATTRIBUTE,
            ...Object.values(ORDER_FIELDS),
          ].includes(a),
        ),
      ).toBe(true);
    }
  });

  test('records the checkpoint at the end of the window once every order was handled', () => {
    expect(w.items.get(`${PARTNER}|${CHECKPOINT_RECORD_ID}`)).toEqual({
      sellingPartnerId: PARTNER,
      recordId: CHECKPOINT_RECORD_ID,
      [CHECKPOINT_ATTRIBUTE]: iso(START - 2 * 60_000),
      expiresAt: expect.any(Number),
    });
    expect(first.partners[0]).toMatchObject({ addressesStored: 2, checkpointAdvanced: true });
  });

  test('next run: starts at the checkpoint and reuses the cached LWA token', async () => {
    const tokenRequests = w.amazon.seen(LWA_PATH).length;
    expect(tokenRequests).toBe(1);
    const listingsBefore = w.orders.seen(ORDERS_PATH).length;
    w.advance(15 * 60_000);
    await w.run();
    const next = w.orders.seen(ORDERS_PATH)[listingsBefore];
    expect(next.query.get('LastUpdatedAfter')).toBe(iso(START - 2 * 60_000));
    expect(w.amazon.seen(LWA_PATH)).toHaveLength(tokenRequests);
  });

  test('logs no PII and no credential in any line (DPP 2.6, AUP 3.1)', () => {
    const text = w.logText();
    expect(text).toContain('"event":"partner-synced"');
    expect(text).toContain('202-1000004-0000004'); // ids are logged, to trace what happened
    for (const value of secretsOf(w)) expect(text).not.toContain(value);
  });
});

describe('order sync when SP-API refuses', () => {
  test('fails the run if a restricted data token is refused, keeps the checkpoint, logs no PII', async () => {
    const w = await world([
      [
        order('203-2000001-0000001', { address: RECIPIENT }),
        order('203-2000002-0000002', { address: OTHER_RECIPIENT }),
      ],
    ]);
    try {
      w.orders.refuseTokensFor.add('203-2000002-0000002');
      const run = w.run();
      await expect(run).rejects.toThrow(OrderSyncIncompleteError);
      await expect(run).rejects.toThrow(`${PARTNER} (2 address(es) not fetched)`);
      expect(w.orders.addressRequests()).toEqual([]);
      expect(w.items.size).toBe(0); // no address, no checkpoint: the next run asks again
      const text = w.logText();
      expect(text).toContain('"event":"restricted-data-token-refused"');
      for (const value of secretsOf(w)) expect(text).not.toContain(value);
    } finally {
      await w.stop();
    }
  });

  test('fails the run, without a checkpoint, when the listing keeps failing after bounded retries', async () => {
    const w = await world([[order('204-3000001-0000001', { address: RECIPIENT })]]);
    try {
      const fault = { status: 503, body: { errors: [{ code: 'ServiceUnavailable' }] } };
      w.orders.failNext(ORDERS_PATH, fault, fault, fault, fault, fault);
      await expect(w.run()).rejects.toThrow(/gave up after 5 attempts/);
      expect(w.orders.seen(ORDERS_PATH)).toHaveLength(5);
      expect(w.items.size).toBe(0);
    } finally {
      await w.stop();
    }
  });

  test('does nothing while the LWA credentials are the placeholder', async () => {
    const w = await world(PAGES, { placeholder: true });
    try {
      await expect(w.run()).resolves.toEqual({ partners: [], incomplete: false });
      expect(w.amazon.requests).toEqual([]);
      expect(w.orders.requests).toEqual([]);
      expect(w.logText()).toContain('"event":"lwa-credentials-not-set"');
    } finally {
      await w.stop();
    }
  });
});
