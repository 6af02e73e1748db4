import {
  createLogger,
  isSensitiveField,
  REDACTED,
  redact,
  redactText,
} from '../../../lib/runtime/logger';

/** Captures what a logger writes to standard output, one parsed JSON object per line. */
function captureLines(run: () => void): { raw: string; lines: Record<string, unknown>[] } {
  const written: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    written.push(String(chunk));
    return true;
  });
  const errSpy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
    written.push(String(chunk));
    return true;
  });
  try {
    run();
  } finally {
    spy.mockRestore();
    errSpy.mockRestore();
  }
  const raw = written.join('');
  return {
    raw,
    lines: raw
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l)),
  };
}

// An order as the Orders API and getOrderAddress return it, and the credentials a
// function holds while it works: none of these values may reach a log line.
const ORDER = {
  AmazonOrderId: '902-3159896-1390916',
  OrderStatus: 'Unshipped',
  FulfillmentChannel: 'MFN',
  BuyerInfo: { BuyerEmail: 'x7k2mq9@marketplace.amazon.com', BuyerName: 'Jane Q. Buyer' },
  ShippingAddress: {
    Name: 'Jane Q. Buyer',
    AddressLine1: '1 Main Street',
    City: 'Seattle',
    StateOrRegion: 'WA',
    PostalCode: '98101-1234',
    CountryCode: 'US',
    Phone: '+1 206 555 0100',
  },
  BuyerTaxInformation: { BuyerTaxRegistrationId: 'DE123456789' },
  GiftMessageText: 'Happy birthday, Jane',
};
// Fake credentials of the real shapes, which the redaction must recognise; the
// repository's secret scan is told they are fakes.
/* secretlint-disable -- fake credentials that the test must catch */
const ACCESS_TOKEN = 'Atza|IwEBIExampleAccessToken-abcdefghijklmnopqrstuvwxyz0123456789';
const REFRESH_TOKEN = 'Atzr|IwEBIExampleRefreshToken-abcdefghijklmnopqrstuvwxyz0123456789';
const CLIENT_SECRET =
  'amzn1.oa2-cs.v1.0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
const AWS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
/* secretlint-enable -- */
const SENSITIVE_VALUES = [
  'x7k2mq9@marketplace.amazon.com',
  'Jane Q. Buyer',
  '1 Main Street',
  'Seattle',
  '98101-1234',
  '+1 206 555 0100',
  'DE123456789',
  'Happy birthday',
  ACCESS_TOKEN,
  REFRESH_TOKEN,
  CLIENT_SECRET,
  AWS_KEY_ID,
];

describe('redacting logger (DPP 2.6: logs must not contain PII)', () => {
  test('writes no PII or credential of an order payload and the tokens, whatever the shape', () => {
    const logger = createLogger({ serviceName: 'test', logLevel: 'DEBUG' });
    const { raw, lines } = captureLines(() => {
      logger.info('order received', { order: ORDER });
      logger.debug(`token refreshed: ${ACCESS_TOKEN}`, { refreshToken: REFRESH_TOKEN });
      logger.warn('rotation answer', {
        body: { clientId: 'amzn1.application-oa2-client.abc', newClientSecret: CLIENT_SECRET },
        headers: { Authorization: `Bearer ${ACCESS_TOKEN}`, 'x-amz-access-token': ACCESS_TOKEN },
      });
      logger.error(
        'call failed',
        new Error(`LWA refused ${CLIENT_SECRET} for x7k2mq9@marketplace.amazon.com`),
      );
      logger.info(`key ${AWS_KEY_ID} seen`, { orders: [ORDER, ORDER] });
    });
    expect(lines).toHaveLength(5);
    for (const value of SENSITIVE_VALUES) expect(raw).not.toContain(value);
    expect(raw).toContain(REDACTED);
  });

  test('keeps what an operator needs to trace an event', () => {
    const logger = createLogger({
      serviceName: 'order-sync',
      persistentKeys: { environment: 'test' },
    });
    const { lines } = captureLines(() => {
      logger.info('order stored', { order: ORDER });
      logger.error('call failed', new TypeError('fetch failed'));
    });
    const [stored, failed] = lines as Array<Record<string, any>>;
    expect(stored.message).toBe('order stored');
    expect(stored.service).toBe('order-sync');
    expect(stored.environment).toBe('test');
    expect(stored.order.AmazonOrderId).toBe('902-3159896-1390916');
    expect(stored.order.FulfillmentChannel).toBe('MFN');
    expect(stored.order.ShippingAddress).toBe(REDACTED);
    expect(stored.order.BuyerInfo).toBe(REDACTED);
    expect(failed.error).toMatchObject({ type: 'TypeError', message: 'fetch failed' });
  });

  test.each([
    ['shippingAddress', true],
    ['ShipToName', true],
    ['buyer_email', true],
    ['newClientSecret', true],
    ['x-amz-access-token', true],
    ['Authorization', true],
    ['name', true],
    ['AmazonOrderId', false],
    ['sellingPartnerId', false],
    ['functionName', false],
    ['statusCode', false],
  ])('field %s is redacted whole: %s', (key, sensitive) => {
    expect(isSensitiveField(key)).toBe(sensitive);
  });

  test('redacts credentials inside free text and leaves other text alone', () => {
    expect(redactText(`secret is ${CLIENT_SECRET}.`)).toBe(`secret is ${REDACTED}.`);
    expect(redactText('order 902-3159896-1390916 shipped')).toBe(
      'order 902-3159896-1390916 shipped',
    );
  });

  test('redact() serves places that are not a log line', () => {
    expect(redact({ clientId: 'id', clientSecret: CLIENT_SECRET })).toEqual({
      clientId: 'id',
      clientSecret: REDACTED,
    });
  });
});
