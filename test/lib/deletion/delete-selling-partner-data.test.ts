import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  ListObjectVersionsCommand,
  PutObjectRetentionCommand,
} from '@aws-sdk/client-s3';
import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  DELETE_CONCURRENCY,
  DELETE_MAX_ATTEMPTS,
  DeletionEvidence,
  DeletionOptions,
  DeletionRequestError,
  deleteSellingPartnerData,
} from '../../../lib/deletion';
import {
  ARCHIVE,
  BUCKET,
  Mocks,
  SP,
  TABLE,
  Version,
  acceptDeletes,
  acceptDeleteObjects,
  fakeDeps,
  itemKeys,
  mockAws,
  objectVersions,
  serveQueryPages,
  serveVersionPages,
  throttled,
} from './fakes';

const OPTIONS: DeletionOptions = {
  sellingPartnerId: SP,
  tableName: TABLE,
  bucketName: BUCKET,
  archiveBucketName: ARCHIVE,
  requestReference: 'AMZ-NOTICE-1',
  operator: 'jdoe',
};
const DELETE: DeletionOptions = { ...OPTIONS, dryRun: false };

const at = (v: Version) => `${v.key}@${v.versionId}`;

describe('deleteSellingPartnerData', () => {
  let mocks: Mocks;
  beforeEach(() => {
    mocks = mockAws();
  });
  afterEach(() => {
    mocks.ddb.restore();
    mocks.s3.restore();
  });

  /** Three Query pages (67 items) and two ListObjectVersions pages with delete markers. */
  function servePartnerData() {
    const items = [itemKeys(30, 0), itemKeys(30, 30), itemKeys(7, 60)];
    const marker = (key: string, versionId: string): Version => ({
      key,
      versionId,
      deleteMarker: true,
    });
    const versions = [
      [...objectVersions(4, 3, 0), marker(`${SP}/orders/0000.json`, 'dm-0')],
      [...objectVersions(2, 2, 4), marker(`${SP}/labels/gone.pdf`, 'dm-1')],
    ];
    serveQueryPages(mocks, items);
    serveVersionPages(mocks, BUCKET, versions);
    serveVersionPages(mocks, ARCHIVE, [
      [...objectVersions(2, 1, 100), marker(`${SP}/x.json`, 'dm-a')],
      objectVersions(1, 1, 200),
    ]);
    return { items: items.flat(), versions: versions.flat() };
  }

  test('is a dry run unless dryRun is false: it lists every page and calls no delete API', async () => {
    const { items, versions } = servePartnerData();

    const evidence = await deleteSellingPartnerData(OPTIONS, fakeDeps());

    expect(mocks.ddb.commandCalls(QueryCommand)).toHaveLength(3);
    expect(mocks.s3.commandCalls(ListObjectVersionsCommand)).toHaveLength(4);
    expect(mocks.ddb.commandCalls(DeleteCommand)).toHaveLength(0);
    expect(mocks.s3.commandCalls(DeleteObjectsCommand)).toHaveLength(0);
    expect(mocks.s3.commandCalls(DeleteObjectCommand)).toHaveLength(0);
    expect(evidence.mode).toBe('dry-run');
    expect(evidence.outcome).toBe('dry-run');
    expect(evidence.stores).toEqual([
      { store: 'pii-table', resource: TABLE, found: items.length, deleted: 0, notDeleted: [] },
      { store: 'pii-bucket', resource: BUCKET, found: versions.length, deleted: 0, notDeleted: [] },
    ]);
    expect(evidence.retainedArchive?.retained).toBe(3);
  });

  test('queries only keys, consistently, by the selling partner partition key and prefix', async () => {
    servePartnerData();

    await deleteSellingPartnerData(OPTIONS, fakeDeps());

    const query = mocks.ddb.commandCalls(QueryCommand)[0].args[0].input;
    expect(query).toMatchObject({
      TableName: TABLE,
      KeyConditionExpression: '#pk = :pk',
      Select: 'SPECIFIC_ATTRIBUTES',
      ProjectionExpression: '#pk, #sk',
      ExpressionAttributeNames: { '#pk': 'sellingPartnerId', '#sk': 'recordId' },
      ExpressionAttributeValues: { ':pk': SP },
      ConsistentRead: true,
    });
    for (const call of mocks.s3.commandCalls(ListObjectVersionsCommand)) {
      expect(call.args[0].input.Prefix).toBe(`${SP}/`);
    }
  });

  test('deletes every item, object version and delete marker across several pages exactly once, with its VersionId', async () => {
    const { items, versions } = servePartnerData();
    const table = acceptDeletes(mocks);
    const bucket = acceptDeleteObjects(mocks, BUCKET);

    const evidence = await deleteSellingPartnerData(DELETE, fakeDeps());

    expect(items.length).toBeGreaterThan(2 * DELETE_CONCURRENCY);
    expect(table.deleted).toEqual(items.map((k) => k.recordId));
    expect([...table.attempts.values()].every((n) => n === 1)).toBe(true);
    // Keys only, nothing returned: what the deletion role's policy allows.
    for (const input of table.inputs) {
      expect(Object.keys(input).sort()).toEqual(['Key', 'ReturnValues', 'TableName']);
      expect(input.ReturnValues).toBe('NONE');
      expect(Object.keys(input.Key!).sort()).toEqual(['recordId', 'sellingPartnerId']);
    }
    expect(bucket.requested).toEqual(versions.map(at));
    expect(bucket.requested).toEqual(
      expect.arrayContaining(['A2EUQ1WTGCTBG2/labels/gone.pdf@dm-1']),
    );
    expect(new Set(bucket.requested).size).toBe(versions.length);
    expect(evidence.outcome).toBe('complete');
    expect(evidence.stores).toEqual([
      { store: 'pii-table', resource: TABLE, found: 67, deleted: 67, notDeleted: [] },
      { store: 'pii-bucket', resource: BUCKET, found: 18, deleted: 18, notDeleted: [] },
    ]);
  });

  test('splits DeleteObjects into chunks of at most 1000 versions', async () => {
    serveQueryPages(mocks, [[]]);
    serveVersionPages(mocks, BUCKET, [objectVersions(1500, 1)]);
    serveVersionPages(mocks, ARCHIVE, [[]]);
    const bucket = acceptDeleteObjects(mocks, BUCKET);

    const evidence = await deleteSellingPartnerData(DELETE, fakeDeps());

    expect(bucket.objectsPerCall).toEqual([1000, 500]);
    expect(evidence.stores[1]).toMatchObject({ found: 1500, deleted: 1500 });
    expect(evidence.outcome).toBe('complete');
  });

  test('retries a throttled delete with jittered backoff until it succeeds', async () => {
    serveQueryPages(mocks, [itemKeys(10)]);
    serveVersionPages(mocks, BUCKET, [[]]);
    serveVersionPages(mocks, ARCHIVE, [[]]);
    const table = acceptDeletes(mocks, (attempt, key) =>
      key.recordId === 'order#0003' && attempt <= 2 ? throttled() : undefined,
    );
    const deps = fakeDeps();

    const evidence = await deleteSellingPartnerData(DELETE, deps);

    expect(table.attempts.get('order#0003')).toBe(3);
    // Half of each backoff ceiling (fixed jitter): 100 ms, then 200 ms.
    expect(deps.sleep.mock.calls.map(([ms]) => ms)).toEqual([50, 100]);
    expect([...table.deleted].sort()).toEqual(itemKeys(10).map((k) => k.recordId));
    expect(evidence.stores[0]).toMatchObject({ found: 10, deleted: 10, notDeleted: [] });
    expect(evidence.outcome).toBe('complete');
  });

  test('reports items still throttled after the last attempt, and the outcome is incomplete', async () => {
    serveQueryPages(mocks, [itemKeys(30)]);
    serveVersionPages(mocks, BUCKET, [[]]);
    serveVersionPages(mocks, ARCHIVE, [[]]);
    const stuck = new Set(['order#0003', 'order#0027']);
    const table = acceptDeletes(mocks, (_attempt, key) =>
      stuck.has(key.recordId) ? throttled() : undefined,
    );

    const evidence = await deleteSellingPartnerData(DELETE, fakeDeps());

    expect(DELETE_MAX_ATTEMPTS).toBe(6);
    expect(table.attempts.get('order#0003')).toBe(DELETE_MAX_ATTEMPTS);
    expect(evidence.stores[0]).toMatchObject({ found: 30, deleted: 28 });
    expect(evidence.stores[0].notDeleted).toEqual([
      { key: 'order#0003', reason: expect.stringContaining('still throttled after 6') },
      { key: 'order#0027', reason: expect.stringContaining('still throttled after 6') },
    ]);
    expect(evidence.outcome).toBe('incomplete');
  });

  test('reports exactly the versions DeleteObjects returns in Errors when some fail', async () => {
    const versions = objectVersions(5, 2);
    serveQueryPages(mocks, [[]]);
    serveVersionPages(mocks, BUCKET, [versions]);
    serveVersionPages(mocks, ARCHIVE, [[]]);
    const refused = [versions[1], versions[6]];
    acceptDeleteObjects(mocks, BUCKET, (v) =>
      refused.some((r) => at(r) === at(v))
        ? { Code: 'AccessDenied', Message: 'Access Denied' }
        : undefined,
    );

    const evidence = await deleteSellingPartnerData(DELETE, fakeDeps());

    expect(evidence.stores[1]).toEqual({
      store: 'pii-bucket',
      resource: BUCKET,
      found: 10,
      deleted: 8,
      notDeleted: refused.map((v) => ({
        key: v.key,
        versionId: v.versionId,
        reason: 'AccessDenied: Access Denied',
      })),
    });
    expect(evidence.outcome).toBe('incomplete');
  });

  test('reports a version as not deleted when DeleteObjects neither deletes nor refuses it', async () => {
    serveQueryPages(mocks, [[]]);
    serveVersionPages(mocks, BUCKET, [objectVersions(2, 1)]);
    serveVersionPages(mocks, ARCHIVE, [[]]);
    mocks.s3
      .on(DeleteObjectsCommand, { Bucket: BUCKET })
      .resolves({ Deleted: [{ Key: `${SP}/orders/0000.json`, VersionId: 'v0-0' }] });

    const evidence = await deleteSellingPartnerData(DELETE, fakeDeps());

    expect(evidence.stores[1]).toMatchObject({ found: 2, deleted: 1 });
    expect(evidence.stores[1].notDeleted).toEqual([
      {
        key: `${SP}/orders/0001.json`,
        versionId: 'v0-1',
        reason: 'DeleteObjects did not confirm its deletion',
      },
    ]);
    expect(evidence.outcome).toBe('incomplete');
  });

  test('reports the table failed when Query throws, and still processes the bucket and archive', async () => {
    mocks.ddb.on(QueryCommand).rejects(
      Object.assign(new Error('User is not authorized to perform: dynamodb:Query'), {
        name: 'AccessDeniedException',
      }),
    );
    serveVersionPages(mocks, BUCKET, [objectVersions(3, 2)]);
    serveVersionPages(mocks, ARCHIVE, [objectVersions(1, 1, 50)]);
    const bucket = acceptDeleteObjects(mocks, BUCKET);

    const evidence = await deleteSellingPartnerData(DELETE, fakeDeps());

    expect(evidence.stores[0]).toEqual({
      store: 'pii-table',
      resource: TABLE,
      found: 0,
      deleted: 0,
      notDeleted: [],
      error: 'AccessDeniedException: User is not authorized to perform: dynamodb:Query',
    });
    expect(bucket.deleted).toHaveLength(6);
    expect(evidence.stores[1]).toMatchObject({ found: 6, deleted: 6 });
    expect(evidence.retainedArchive).toMatchObject({ retained: 1 });
    expect(evidence.outcome).toBe('incomplete');
  });

  test('stops the table at a delete that fails for good, reporting its chunk and nothing as deleted that was not', async () => {
    serveQueryPages(mocks, [itemKeys(25), itemKeys(5, 25)]);
    serveVersionPages(mocks, BUCKET, [[]]);
    serveVersionPages(mocks, ARCHIVE, [[]]);
    const denied = Object.assign(new Error('not authorized to perform: dynamodb:DeleteItem'), {
      name: 'AccessDeniedException',
    });
    const table = acceptDeletes(mocks, (_attempt, key) =>
      key.recordId === 'order#0012' ? denied : undefined,
    );

    const evidence = await deleteSellingPartnerData(DELETE, fakeDeps());

    // The first chunk of ten went through; the second held the refused item and stopped the store.
    expect(table.deleted).toHaveLength(2 * DELETE_CONCURRENCY - 1);
    expect(evidence.stores[0]).toMatchObject({
      found: 25,
      deleted: 2 * DELETE_CONCURRENCY - 1,
      error: 'AccessDeniedException: not authorized to perform: dynamodb:DeleteItem',
    });
    expect(evidence.stores[0].notDeleted).toEqual([
      {
        key: 'order#0012',
        reason:
          'DeleteItem failed, not known to be deleted: AccessDeniedException: not authorized to perform: dynamodb:DeleteItem',
      },
    ]);
    expect(table.attempts.get('order#0012')).toBe(1);
    expect(mocks.ddb.commandCalls(QueryCommand)).toHaveLength(1);
    expect(evidence.outcome).toBe('incomplete');
  });

  test('reports the bucket failed when ListObjectVersions throws, after deleting what it had listed', async () => {
    serveQueryPages(mocks, [itemKeys(2)]);
    acceptDeletes(mocks);
    mocks.s3
      .on(ListObjectVersionsCommand, { Bucket: BUCKET })
      .resolvesOnce({
        Versions: [{ Key: `${SP}/a.json`, VersionId: 'v1' }],
        IsTruncated: true,
        NextKeyMarker: `${SP}/a.json`,
        NextVersionIdMarker: 'v1',
      })
      .rejectsOnce(Object.assign(new Error('Service Unavailable'), { name: 'SlowDown' }));
    serveVersionPages(mocks, ARCHIVE, [[]]);
    acceptDeleteObjects(mocks, BUCKET);

    const evidence = await deleteSellingPartnerData(DELETE, fakeDeps());

    expect(evidence.stores[0]).toMatchObject({ found: 2, deleted: 2, notDeleted: [] });
    expect(evidence.stores[1]).toEqual({
      store: 'pii-bucket',
      resource: BUCKET,
      found: 1,
      deleted: 1,
      notDeleted: [],
      error: 'SlowDown: Service Unavailable',
    });
    expect(evidence.outcome).toBe('incomplete');
  });

  test('lists the tax archive but never deletes from it, and reports what it retains', async () => {
    servePartnerData();
    acceptDeletes(mocks);
    acceptDeleteObjects(mocks, BUCKET);

    const evidence = await deleteSellingPartnerData(DELETE, fakeDeps());

    const archiveCalls = mocks.s3.calls().filter((c) => {
      const input = c.args[0].input as { Bucket?: string };
      return input.Bucket === ARCHIVE;
    });
    expect(archiveCalls.length).toBe(2);
    expect(archiveCalls.every((c) => c.args[0] instanceof ListObjectVersionsCommand)).toBe(true);
    expect(mocks.s3.commandCalls(PutObjectRetentionCommand)).toHaveLength(0);
    expect(evidence.retainedArchive).toEqual({
      store: 'tax-archive',
      resource: ARCHIVE,
      retained: 3,
      basis: expect.stringContaining('DPP 1.7 Request for Deletion or Return'),
    });
    expect(evidence.outcome).toBe('complete');
  });

  test('reports incomplete when the tax archive cannot be listed', async () => {
    serveQueryPages(mocks, [[]]);
    serveVersionPages(mocks, BUCKET, [[]]);
    mocks.s3
      .on(ListObjectVersionsCommand, { Bucket: ARCHIVE })
      .rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));

    const evidence = await deleteSellingPartnerData(DELETE, fakeDeps());

    expect(evidence.retainedArchive).toMatchObject({
      retained: 0,
      error: 'AccessDenied: Access Denied',
    });
    expect(evidence.outcome).toBe('incomplete');
    expect(evidence.followUp.join('\n')).toContain(
      `The tax archive ${ARCHIVE} could not be listed`,
    );
  });

  test('reports and leaves alone what is returned when it is outside the selling partner key', async () => {
    serveQueryPages(mocks, [[...itemKeys(2), ...itemKeys(1, 9, 'OTHERPARTNER')]]);
    serveVersionPages(mocks, BUCKET, [
      [
        { key: `${SP}/a.json`, versionId: 'v1' },
        { key: 'OTHERPARTNER/b.json', versionId: 'v2' },
      ],
    ]);
    serveVersionPages(mocks, ARCHIVE, [[]]);
    const table = acceptDeletes(mocks);
    const bucket = acceptDeleteObjects(mocks, BUCKET);

    const evidence = await deleteSellingPartnerData(DELETE, fakeDeps());

    expect(table.deleted).toEqual(['order#0000', 'order#0001']);
    expect(bucket.requested).toEqual([`${SP}/a.json@v1`]);
    expect(evidence.stores[0].notDeleted).toEqual([
      { key: 'order#0009', reason: expect.stringContaining('not the selling partner id') },
    ]);
    expect(evidence.stores[1].notDeleted).toEqual([
      {
        key: 'OTHERPARTNER/b.json',
        versionId: 'v2',
        reason: expect.stringContaining("outside the selling partner's prefix"),
      },
    ]);
    expect(evidence.outcome).toBe('incomplete');
  });

  test('reports incomplete when a dry run meets a version outside the selling partner prefix', async () => {
    serveQueryPages(mocks, [itemKeys(1)]);
    serveVersionPages(mocks, BUCKET, [[{ key: 'OTHERPARTNER/b.json', versionId: 'v2' }]]);
    serveVersionPages(mocks, ARCHIVE, [[]]);

    const evidence = await deleteSellingPartnerData(OPTIONS, fakeDeps());

    expect(evidence.stores[1].notDeleted).toHaveLength(1);
    expect(evidence.outcome).toBe('incomplete');
  });

  test('fails if the selling partner id is empty, before any call: it never becomes the empty prefix', async () => {
    serveQueryPages(mocks, [itemKeys(3)]);
    serveVersionPages(mocks, BUCKET, [objectVersions(3, 1)]);
    acceptDeletes(mocks);
    acceptDeleteObjects(mocks, BUCKET);

    const run = deleteSellingPartnerData({ ...DELETE, sellingPartnerId: '' }, fakeDeps());

    await expect(run).rejects.toThrow(DeletionRequestError);
    await expect(run).rejects.toThrow(/selling partner id is empty/);
    expect(mocks.ddb.calls()).toHaveLength(0);
    expect(mocks.s3.calls()).toHaveLength(0);
  });

  test.each([
    ['whitespace only', ' ', /contains whitespace/],
    ['a slash', `${SP}/`, /contains '\/'/],
    ['a slash alone', '/', /contains '\/'/],
    ['inner whitespace', 'A2EUQ1 WTGCTBG2', /contains whitespace/],
    ['a tab', 'A2EUQ1\tWTGCTBG2', /contains whitespace/],
    ['a wildcard', '*', /only letters, digits/],
    ['a non-ASCII letter', 'Ä2EUQ1WTGCTBG2', /only letters, digits/],
    ['65 characters', 'A'.repeat(65), /has 65 characters; at most 64/],
    ['no letter or digit', '..', /has no letter or digit/],
  ])('fails if the selling partner id has %s, before any call', async (_what, id, problem) => {
    const run = deleteSellingPartnerData({ ...DELETE, sellingPartnerId: id }, fakeDeps());
    await expect(run).rejects.toThrow(DeletionRequestError);
    await expect(run).rejects.toThrow(problem);
    expect(mocks.ddb.calls()).toHaveLength(0);
    expect(mocks.s3.calls()).toHaveLength(0);
  });

  test('fails if the tax archive is given as the PII bucket, before any call', async () => {
    await expect(
      deleteSellingPartnerData({ ...DELETE, archiveBucketName: BUCKET }, fakeDeps()),
    ).rejects.toThrow(/the tax archive bucket is the same as the PII bucket/);
    expect(mocks.s3.calls()).toHaveLength(0);
  });

  test('fails if the request reference or operator is empty, naming both', async () => {
    const run = deleteSellingPartnerData(
      { ...DELETE, requestReference: ' ', operator: '' },
      fakeDeps(),
    );
    await expect(run).rejects.toThrow(/request reference[\s\S]*operator is empty/);
    expect(mocks.ddb.calls()).toHaveLength(0);
  });

  test('accepts a 64-character id of letters, digits, dots, underscores and hyphens', async () => {
    const id = `A1._-${'B'.repeat(59)}`;
    serveQueryPages(mocks, [[]]);
    serveVersionPages(mocks, BUCKET, [[]]);
    serveVersionPages(mocks, ARCHIVE, [[]]);

    const evidence = await deleteSellingPartnerData(
      { ...OPTIONS, sellingPartnerId: id },
      fakeDeps(),
    );

    expect(evidence.sellingPartnerId).toBe(id);
    expect(mocks.s3.commandCalls(ListObjectVersionsCommand)[0].args[0].input.Prefix).toBe(`${id}/`);
  });

  test('returns an evidence record with the documented shape, serialisable to JSON', async () => {
    serveQueryPages(mocks, [itemKeys(2)]);
    serveVersionPages(mocks, BUCKET, [objectVersions(1, 2)]);
    serveVersionPages(mocks, ARCHIVE, [objectVersions(1, 1, 7)]);
    acceptDeletes(mocks);
    acceptDeleteObjects(mocks, BUCKET);

    const evidence = await deleteSellingPartnerData(DELETE, fakeDeps());

    const expected: DeletionEvidence = {
      schemaVersion: 1,
      requestReference: 'AMZ-NOTICE-1',
      sellingPartnerId: SP,
      mode: 'delete',
      operator: 'jdoe',
      startedAt: '2024-05-01T10:00:00.000Z',
      finishedAt: '2024-05-01T10:00:01.000Z',
      stores: [
        { store: 'pii-table', resource: TABLE, found: 2, deleted: 2, notDeleted: [] },
        { store: 'pii-bucket', resource: BUCKET, found: 2, deleted: 2, notDeleted: [] },
      ],
      retainedArchive: {
        store: 'tax-archive',
        resource: ARCHIVE,
        retained: 1,
        basis: expect.any(String),
      },
      outcome: 'complete',
      followUp: expect.any(Array),
    };
    expect(evidence).toEqual(expected);
    expect(JSON.parse(JSON.stringify(evidence))).toEqual(evidence);
    const followUp = evidence.followUp.join('\n');
    expect(followUp).toContain('Run a dry run again to confirm that nothing is found');
    expect(followUp).toContain(`Point-in-time recovery backups of the table ${TABLE}`);
    expect(followUp).toContain(`The tax archive ${ARCHIVE} retains 1 object version(s)`);
    expect(followUp).toContain('certify in writing');
  });

  test('says in the follow-up when no tax archive was given, and omits retainedArchive', async () => {
    serveQueryPages(mocks, [[]]);
    serveVersionPages(mocks, BUCKET, [[]]);

    const evidence = await deleteSellingPartnerData(
      { ...OPTIONS, archiveBucketName: undefined },
      fakeDeps(),
    );

    expect(evidence).not.toHaveProperty('retainedArchive');
    expect(evidence.outcome).toBe('dry-run');
    expect(evidence.followUp.join('\n')).toContain('No tax archive bucket was given');
  });
});
