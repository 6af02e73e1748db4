import {
  DeleteObjectCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { CANARY_BUYER, CanarySpec } from '../../../../constructs/audit/functions/canary-content';
import {
  CanaryClients,
  PHYSICAL_RESOURCE_ID,
  handle,
} from '../../../../constructs/audit/functions/canary-writer';
import { piiItemLiveDays } from '../../../../constructs/data';

const SPEC: CanarySpec = {
  bucketName: 'pii-bucket',
  objectKey: 'A1B2C3D4E5F6G7/shipping-labels/123-4567890-1234567.json',
  tableName: 'pii-table',
  partitionKeyName: 'sellingPartnerId',
  sortKeyName: 'recordId',
  ttlAttributeName: 'expiresAt',
  sellingPartnerId: 'A1B2C3D4E5F6G7',
  amazonOrderId: '123-4567890-1234567',
  liveDays: piiItemLiveDays(30, 7),
};
/** As CloudFormation passes it: numbers become strings. */
const SERIALIZED = { ...SPEC, liveDays: String(SPEC.liveDays) };
const NOW = new Date('2026-03-01T10:00:00Z');
const DAY = 24 * 60 * 60;

describe('canary writer', () => {
  const s3 = mockClient(S3Client);
  const dynamo = mockClient(DynamoDBDocumentClient);
  const clients: CanaryClients = {
    s3: new S3Client({ region: 'eu-west-1' }),
    dynamo: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' })),
    now: () => NOW,
  };
  const written: string[] = [];
  beforeEach(() => {
    s3.reset();
    dynamo.reset();
    written.length = 0;
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
      written.push(String(chunk));
      return true;
    });
  });
  afterEach(() => jest.restoreAllMocks());

  const create = { RequestType: 'Create' as const, ResourceProperties: { canary: SERIALIZED } };

  test('puts the canary object and an item that expires like any PII item, within the retention', async () => {
    await expect(handle(create, clients)).resolves.toEqual({
      PhysicalResourceId: PHYSICAL_RESOURCE_ID,
    });
    const [put] = s3.commandCalls(PutObjectCommand);
    expect(put.args[0].input).toMatchObject({
      Bucket: 'pii-bucket',
      Key: SPEC.objectKey,
      ContentType: 'application/json',
    });
    expect(JSON.parse(put.args[0].input.Body as string).shipTo.name).toBe(CANARY_BUYER.name);
    const [item] = dynamo.commandCalls(PutCommand);
    const stored = item.args[0].input.Item!;
    expect(stored).toMatchObject({
      sellingPartnerId: SPEC.sellingPartnerId,
      recordId: `order#${SPEC.amazonOrderId}`,
      expiresAt: NOW.getTime() / 1000 + SPEC.liveDays * DAY,
    });
    // The TTL is no later than the 30-day retention allows.
    expect(stored.expiresAt).toBeLessThanOrEqual(NOW.getTime() / 1000 + 30 * DAY);
  });

  test('puts them again on the daily refresh, with a new expiry', async () => {
    await handle(
      { action: 'refresh', canary: SERIALIZED },
      { ...clients, now: () => new Date('2026-03-02T10:00:00Z') },
    );
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(1);
    expect(dynamo.commandCalls(PutCommand)[0].args[0].input.Item!.expiresAt).toBe(
      Date.parse('2026-03-02T10:00:00Z') / 1000 + SPEC.liveDays * DAY,
    );
  });

  test('deletes every version of the canary object, and only of it, and the item, on removal', async () => {
    s3.on(ListObjectVersionsCommand).resolves({
      Versions: [
        { Key: SPEC.objectKey, VersionId: 'v2' },
        { Key: SPEC.objectKey, VersionId: 'v1' },
        { Key: `${SPEC.objectKey}.bak`, VersionId: 'x' },
      ],
      DeleteMarkers: [{ Key: SPEC.objectKey, VersionId: 'm1' }],
    });
    await handle(
      { ...create, RequestType: 'Delete', PhysicalResourceId: PHYSICAL_RESOURCE_ID },
      clients,
    );
    expect(s3.commandCalls(ListObjectVersionsCommand)[0].args[0].input).toEqual({
      Bucket: 'pii-bucket',
      Prefix: SPEC.objectKey,
    });
    expect(s3.commandCalls(DeleteObjectCommand).map((c) => c.args[0].input.VersionId)).toEqual([
      'v2',
      'v1',
      'm1',
    ]);
    expect(dynamo.commandCalls(DeleteCommand)[0].args[0].input.Key).toEqual({
      sellingPartnerId: SPEC.sellingPartnerId,
      recordId: `order#${SPEC.amazonOrderId}`,
    });
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  test('moves the canaries when an update changes where they are', async () => {
    s3.on(ListObjectVersionsCommand).resolves({
      Versions: [{ Key: SPEC.objectKey, VersionId: 'v1' }],
    });
    const moved = {
      ...SERIALIZED,
      sellingPartnerId: 'AZZZZZZZZZZZZZ',
      objectKey: 'AZZZZZZZZZZZZZ/x.json',
    };
    await handle(
      {
        RequestType: 'Update',
        PhysicalResourceId: PHYSICAL_RESOURCE_ID,
        ResourceProperties: { canary: moved },
        OldResourceProperties: { canary: SERIALIZED },
      },
      clients,
    );
    expect(s3.commandCalls(DeleteObjectCommand)[0].args[0].input.Key).toBe(SPEC.objectKey);
    expect(s3.commandCalls(PutObjectCommand)[0].args[0].input.Key).toBe('AZZZZZZZZZZZZZ/x.json');
  });

  test('retries a throttled write, and fails the deployment when it keeps failing', async () => {
    const throttled = Object.assign(new Error('slow down'), {
      name: 'SlowDown',
      $metadata: { httpStatusCode: 503 },
    });
    s3.on(PutObjectCommand).rejectsOnce(throttled).resolves({});
    await handle(create, clients);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(2);

    s3.reset();
    s3.on(PutObjectCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
    await expect(handle(create, clients)).rejects.toThrow('denied');
  });

  test('writes no canary value to its logs', async () => {
    await handle(create, clients);
    const logs = written.join('');
    expect(logs).toContain('canary records written');
    for (const value of [
      CANARY_BUYER.name,
      CANARY_BUYER.email,
      CANARY_BUYER.phone,
      CANARY_BUYER.addressLine1,
    ]) {
      expect(logs).not.toContain(value);
    }
  });

  test('refuses a spec without a whole number of live days', async () => {
    await expect(
      handle({ action: 'refresh', canary: { ...SERIALIZED, liveDays: '0' } }, clients),
    ).rejects.toThrow('canary liveDays must be a whole number of at least 1, received 0');
  });
});
