import {
  DeleteObjectCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createLogger } from '../../../lib/runtime/logger';
import { isRetryableAwsError, withRetries } from '../../../lib/runtime/retry';
import { piiItemExpiry } from '../../data/layout';
import { CanarySpec, canaryDocument, canaryItem, canaryRecordId } from './canary-content';

/**
 * Puts the canary object in the PII bucket and the canary item in the PII table, and
 * puts them again every day (DPP 2.6 "access to canary data records"). The records
 * expire like every other PII record (the bucket's lifecycle, the table's TTL), so the
 * daily refresh is what keeps them in place; on removal from the stack it deletes
 * them, every object version included.
 *
 * Invoked by the custom-resource provider (Create, Update, Delete) and by the refresh
 * schedule (`{ action: 'refresh', canary }`). Runs in the VPC: the PII bucket accepts
 * object writes only through the VPC's S3 endpoint.
 */

/** A custom-resource event as the provider framework hands it on. */
export interface CanaryResourceEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: { readonly canary: SerializedSpec };
  readonly OldResourceProperties?: { readonly canary: SerializedSpec };
}

/** The refresh schedule's event. */
export interface CanaryRefreshEvent {
  readonly action: 'refresh';
  readonly canary: SerializedSpec;
}

/** A spec as CloudFormation passes it: every value a string. */
type SerializedSpec = { readonly [K in keyof CanarySpec]: string | number };

export const PHYSICAL_RESOURCE_ID = 'canary-records';

export interface CanaryClients {
  readonly s3: Pick<S3Client, 'send'>;
  readonly dynamo: Pick<DynamoDBDocumentClient, 'send'>;
  readonly now: () => Date;
}

const logger = createLogger({ serviceName: 'canary-writer' });

const RETRY = {
  maxAttempts: 4,
  baseDelayMs: 200,
  maxDelayMs: 3000,
  isRetryable: isRetryableAwsError,
};

export function parseSpec(serialized: SerializedSpec): CanarySpec {
  const liveDays = Number(serialized.liveDays);
  if (!Number.isInteger(liveDays) || liveDays < 1) {
    throw new Error(
      `canary liveDays must be a whole number of at least 1, received ${serialized.liveDays}`,
    );
  }
  const text = (key: keyof CanarySpec) => {
    const value = serialized[key];
    if (typeof value !== 'string' || value === '') throw new Error(`canary ${key} is missing`);
    return value;
  };
  return {
    bucketName: text('bucketName'),
    objectKey: text('objectKey'),
    tableName: text('tableName'),
    partitionKeyName: text('partitionKeyName'),
    sortKeyName: text('sortKeyName'),
    ttlAttributeName: text('ttlAttributeName'),
    sellingPartnerId: text('sellingPartnerId'),
    amazonOrderId: text('amazonOrderId'),
    liveDays,
  };
}

/** Writes both canary records; the item expires `liveDays` from now, as if delivered today. */
export async function putCanaries(spec: CanarySpec, clients: CanaryClients): Promise<void> {
  const expiresAt = piiItemExpiry(clients.now(), spec.liveDays);
  await withRetries(
    () =>
      clients.s3.send(
        new PutObjectCommand({
          Bucket: spec.bucketName,
          Key: spec.objectKey,
          Body: canaryDocument(spec),
          ContentType: 'application/json',
        }),
      ),
    RETRY,
  );
  await withRetries(
    () =>
      clients.dynamo.send(
        new PutCommand({ TableName: spec.tableName, Item: canaryItem(spec, expiresAt) }),
      ),
    RETRY,
  );
  logger.info('canary records written', {
    bucket: spec.bucketName,
    table: spec.tableName,
    expiresAt,
  });
}

/** Deletes both canary records, every version of the object included. */
export async function deleteCanaries(spec: CanarySpec, clients: CanaryClients): Promise<void> {
  const versions = await withRetries(
    () =>
      clients.s3.send(
        new ListObjectVersionsCommand({ Bucket: spec.bucketName, Prefix: spec.objectKey }),
      ),
    RETRY,
  );
  const ofTheCanary = [...(versions.Versions ?? []), ...(versions.DeleteMarkers ?? [])].filter(
    (v) => v.Key === spec.objectKey,
  );
  for (const version of ofTheCanary) {
    await withRetries(
      () =>
        clients.s3.send(
          new DeleteObjectCommand({
            Bucket: spec.bucketName,
            Key: spec.objectKey,
            VersionId: version.VersionId,
          }),
        ),
      RETRY,
    );
  }
  await withRetries(
    () =>
      clients.dynamo.send(
        new DeleteCommand({
          TableName: spec.tableName,
          Key: {
            [spec.partitionKeyName]: spec.sellingPartnerId,
            [spec.sortKeyName]: canaryRecordId(spec),
          },
        }),
      ),
    RETRY,
  );
  logger.info('canary records deleted', {
    bucket: spec.bucketName,
    table: spec.tableName,
    objectVersions: ofTheCanary.length,
  });
}

function sameRecords(a: CanarySpec, b: CanarySpec): boolean {
  return (
    a.bucketName === b.bucketName &&
    a.objectKey === b.objectKey &&
    a.tableName === b.tableName &&
    a.sellingPartnerId === b.sellingPartnerId &&
    a.amazonOrderId === b.amazonOrderId
  );
}

/** Handles one event with the given clients (the Lambda entry point binds real ones). */
export async function handle(
  event: CanaryResourceEvent | CanaryRefreshEvent,
  clients: CanaryClients,
): Promise<{ PhysicalResourceId: string } | void> {
  if ('action' in event) {
    await putCanaries(parseSpec(event.canary), clients);
    return;
  }
  const spec = parseSpec(event.ResourceProperties.canary);
  if (event.RequestType === 'Delete') {
    await deleteCanaries(spec, clients);
  } else {
    const old = event.OldResourceProperties?.canary;
    if (event.RequestType === 'Update' && old && !sameRecords(parseSpec(old), spec)) {
      await deleteCanaries(parseSpec(old), clients);
    }
    await putCanaries(spec, clients);
  }
  return { PhysicalResourceId: PHYSICAL_RESOURCE_ID };
}

let defaultClients: CanaryClients | undefined;

export async function handler(
  event: CanaryResourceEvent | CanaryRefreshEvent,
): Promise<{ PhysicalResourceId: string } | void> {
  defaultClients ??= {
    s3: new S3Client({ maxAttempts: 1 }),
    dynamo: DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 1 })),
    now: () => new Date(),
  };
  return handle(event, defaultClients);
}
