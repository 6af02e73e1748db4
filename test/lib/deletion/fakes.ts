import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteObjectsCommand,
  DeleteObjectsCommandInput,
  ListObjectVersionsCommand,
  ListObjectVersionsCommandInput,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  DeleteCommand,
  DeleteCommandInput,
  DynamoDBDocumentClient,
  QueryCommand,
  QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { PII_TABLE_PARTITION_KEY, PII_TABLE_SORT_KEY } from '../../../constructs/data/layout';

/**
 * In-memory stand-ins for the PII table and buckets, served through aws-sdk-client-mock,
 * that paginate as DynamoDB and S3 do and record every delete they are asked for.
 */

export const SP = 'A2EUQ1WTGCTBG2';
export const TABLE = 'spapi-dpp-test-pii';
export const BUCKET = 'spapi-dpp-test-pii-bucket';
export const ARCHIVE = 'spapi-dpp-test-tax-archive';
export const START = new Date('2024-05-01T10:00:00.000Z');

export type Key = Record<string, string>;

export interface Mocks {
  readonly ddb: AwsClientStub<DynamoDBDocumentClient>;
  readonly s3: AwsClientStub<S3Client>;
}

export function mockAws(): Mocks {
  return { ddb: mockClient(DynamoDBDocumentClient), s3: mockClient(S3Client) };
}

/**
 * Real clients (their `send` is mocked), a sleep that does not wait, a fixed jitter
 * (half of each backoff ceiling) and a clock that ticks a second per call.
 */
export function fakeDeps() {
  let tick = 0;
  const sleep = jest.fn(async (ms: number) => {
    void ms;
  });
  return {
    dynamodb: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' })),
    s3: new S3Client({ region: 'eu-west-1' }),
    sleep,
    random: () => 0.5,
    now: () => new Date(START.getTime() + 1000 * tick++),
  };
}

/** `count` item keys of a selling partner, `order#0000` onwards. */
export function itemKeys(count: number, from = 0, sellingPartnerId = SP): Key[] {
  return Array.from({ length: count }, (_, i) => ({
    [PII_TABLE_PARTITION_KEY]: sellingPartnerId,
    [PII_TABLE_SORT_KEY]: `order#${String(from + i).padStart(4, '0')}`,
  }));
}

/** Serves Query pages in order, following ExclusiveStartKey as DynamoDB does. */
export function serveQueryPages(mocks: Mocks, pages: Key[][]): void {
  mocks.ddb.on(QueryCommand).callsFake((input: QueryCommandInput) => {
    const index = pageAfter(
      pages,
      input.ExclusiveStartKey,
      (key, start) => key[PII_TABLE_SORT_KEY] === start[PII_TABLE_SORT_KEY],
    );
    const page = pages[index] ?? [];
    const last = page[page.length - 1];
    return {
      Items: page,
      LastEvaluatedKey: index < pages.length - 1 && last ? { ...last } : undefined,
    };
  });
}

export interface DeleteRecord {
  /** Record ids whose deletion DynamoDB accepted, in order. */
  readonly deleted: string[];
  /** DeleteItem calls made per record id, retries included. */
  readonly attempts: Map<string, number>;
  /** The inputs of every DeleteItem call, for asserting what the command asks for. */
  readonly inputs: DeleteCommandInput[];
}

/**
 * Accepts DeleteItem calls. `failure(attempt, key)` returns an error to throw for this
 * attempt at this key (throttling, access denied), or nothing to accept the delete.
 */
export function acceptDeletes(
  mocks: Mocks,
  failure: (attempt: number, key: Key) => Error | undefined = () => undefined,
): DeleteRecord {
  const record: DeleteRecord = { deleted: [], attempts: new Map(), inputs: [] };
  mocks.ddb.on(DeleteCommand).callsFake((input: DeleteCommandInput) => {
    record.inputs.push(input);
    const key = input.Key as Key;
    const id = key[PII_TABLE_SORT_KEY];
    const attempt = (record.attempts.get(id) ?? 0) + 1;
    record.attempts.set(id, attempt);
    const error = failure(attempt, key);
    if (error) throw error;
    record.deleted.push(id);
    return {};
  });
  return record;
}

/** An AWS SDK error as DynamoDB throttling raises it. */
export function throttled(): Error {
  return Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
    name: 'ProvisionedThroughputExceededException',
    $metadata: { httpStatusCode: 400 },
  });
}

/** An object version or delete marker in a fake bucket. */
export interface Version {
  readonly key: string;
  readonly versionId: string;
  readonly deleteMarker?: boolean;
}

/** `versionsPerKey` versions of each of `count` objects under the selling partner's prefix. */
export function objectVersions(count: number, versionsPerKey: number, from = 0): Version[] {
  return Array.from({ length: count }, (_, i) =>
    Array.from({ length: versionsPerKey }, (_, v) => ({
      key: `${SP}/orders/${String(from + i).padStart(4, '0')}.json`,
      versionId: `v${v}-${from + i}`,
    })),
  ).flat();
}

/** Serves ListObjectVersions pages of one bucket, following KeyMarker / VersionIdMarker. */
export function serveVersionPages(mocks: Mocks, bucket: string, pages: Version[][]): void {
  mocks.s3
    .on(ListObjectVersionsCommand, { Bucket: bucket })
    .callsFake((input: ListObjectVersionsCommandInput) => {
      const marker = input.KeyMarker
        ? { key: input.KeyMarker, versionId: input.VersionIdMarker ?? '' }
        : undefined;
      const index = pageAfter(
        pages,
        marker,
        (v, m) => v.key === m.key && v.versionId === m.versionId,
      );
      const page = pages[index] ?? [];
      const last = page[page.length - 1];
      const truncated = index < pages.length - 1;
      return {
        Versions: page
          .filter((v) => !v.deleteMarker)
          .map((v) => ({ Key: v.key, VersionId: v.versionId })),
        DeleteMarkers: page
          .filter((v) => v.deleteMarker)
          .map((v) => ({ Key: v.key, VersionId: v.versionId })),
        IsTruncated: truncated,
        NextKeyMarker: truncated ? last?.key : undefined,
        NextVersionIdMarker: truncated ? last?.versionId : undefined,
      };
    });
}

export interface DeleteObjectsRecord {
  /** `key@versionId` of every version S3 reported deleted, in order. */
  readonly deleted: string[];
  /** Every requested entry, `key@versionId` (`key@` when no version was sent). */
  readonly requested: string[];
  readonly objectsPerCall: number[];
}

/** Accepts DeleteObjects on `bucket`; `failure(version)` returns an Errors entry's Code/Message to refuse one. */
export function acceptDeleteObjects(
  mocks: Mocks,
  bucket: string,
  failure: (v: Version) => { Code: string; Message: string } | undefined = () => undefined,
): DeleteObjectsRecord {
  const record: DeleteObjectsRecord = { deleted: [], requested: [], objectsPerCall: [] };
  mocks.s3
    .on(DeleteObjectsCommand, { Bucket: bucket })
    .callsFake((input: DeleteObjectsCommandInput) => {
      const objects = input.Delete?.Objects ?? [];
      record.objectsPerCall.push(objects.length);
      const Deleted = [];
      const Errors = [];
      for (const o of objects) {
        record.requested.push(`${o.Key}@${o.VersionId ?? ''}`);
        const refused = failure({ key: o.Key ?? '', versionId: o.VersionId ?? '' });
        if (refused) {
          Errors.push({ Key: o.Key, VersionId: o.VersionId, ...refused });
        } else {
          record.deleted.push(`${o.Key}@${o.VersionId}`);
          Deleted.push({ Key: o.Key, VersionId: o.VersionId });
        }
      }
      return { Deleted, Errors };
    });
  return record;
}

/** The index of the page that follows the one ending at `marker`; 0 without a marker. */
function pageAfter<T, M>(
  pages: readonly T[][],
  marker: M | undefined,
  matches: (entry: T, marker: M) => boolean,
): number {
  if (marker === undefined) return 0;
  const index = pages.findIndex((p) => p.length > 0 && matches(p[p.length - 1], marker));
  if (index < 0) throw new Error(`fake: no page ends at marker ${JSON.stringify(marker)}`);
  return index + 1;
}
