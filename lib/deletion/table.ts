import {
  DeleteCommand,
  DynamoDBDocumentClient,
  QueryCommand,
  QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { PII_TABLE_PARTITION_KEY, PII_TABLE_SORT_KEY } from '../../constructs/data/layout';
import { RetriesExhaustedError, isRetryableAwsError, withRetries } from '../runtime/retry';
import { chunksOf, describeError, partition } from './util';
import { NotDeleted, StoreResult } from './types';

/**
 * DeleteItem calls in flight at once. The deletion role may not call BatchWriteItem
 * (IAM cannot tell its puts from its deletes), so items go one call each; ten at a time
 * deletes thousands of items in seconds without crowding the table's other traffic.
 */
export const DELETE_CONCURRENCY = 10;
/** Calls per item, the first included, before a throttled item is reported. */
export const DELETE_MAX_ATTEMPTS = 6;
/** Upper bound of the first wait before a retry; it doubles up to `DELETE_BACKOFF_MAX_MS`. */
export const DELETE_BACKOFF_BASE_MS = 100;
export const DELETE_BACKOFF_MAX_MS = 3200;

type ItemKey = Record<string, unknown>;

export interface TableRun {
  readonly dynamodb: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly sellingPartnerId: string;
  readonly dryRun: boolean;
  readonly sleep: (ms: number) => Promise<void>;
  /** Jitter source of the retry backoff; tests pass a fixed one. */
  readonly random?: () => number;
}

/**
 * Finds every item of the selling partner in the PII table, page by page, and (unless
 * a dry run) deletes each one by key. Only keys are read: the query projects the key
 * attributes with `Select: SPECIFIC_ATTRIBUTES`, and each delete returns nothing
 * (`ReturnValues: NONE`), which is all the deletion role is allowed to do. A call
 * that fails for another reason than throttling stops this store and is reported in
 * its result, never thrown.
 */
export async function processPiiTable(run: TableRun): Promise<StoreResult> {
  let found = 0;
  let deleted = 0;
  const notDeleted: NotDeleted[] = [];
  let startKey: ItemKey | undefined;
  try {
    do {
      const page: QueryCommandOutput = await run.dynamodb.send(queryPage(run, startKey));
      const keys = (page.Items ?? []).map(keyOf);
      found += keys.length;
      const [ours, others] = partition(
        keys,
        (key) => key[PII_TABLE_PARTITION_KEY] === run.sellingPartnerId,
      );
      notDeleted.push(...others.map((key) => ({ key: recordIdOf(key), reason: NOT_THIS_PARTNER })));
      if (!run.dryRun) {
        for (const chunk of chunksOf(ours, DELETE_CONCURRENCY)) {
          const outcome = await deleteChunk(run, chunk);
          deleted += outcome.deleted;
          notDeleted.push(...outcome.notDeleted);
          if (outcome.error !== undefined) {
            return {
              store: 'pii-table',
              resource: run.tableName,
              found,
              deleted,
              notDeleted,
              error: outcome.error,
            };
          }
        }
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  } catch (e) {
    const error = describeError(e);
    return { store: 'pii-table', resource: run.tableName, found, deleted, notDeleted, error };
  }
  return { store: 'pii-table', resource: run.tableName, found, deleted, notDeleted };
}

const NOT_THIS_PARTNER = 'its partition key is not the selling partner id; left alone';
const THROTTLED = `still throttled after ${DELETE_MAX_ATTEMPTS} DeleteItem attempts (over capacity)`;

function queryPage(run: TableRun, startKey: ItemKey | undefined): QueryCommand {
  return new QueryCommand({
    TableName: run.tableName,
    KeyConditionExpression: '#pk = :pk',
    // Keys only, said both ways: the deletion role's policy requires SPECIFIC_ATTRIBUTES.
    Select: 'SPECIFIC_ATTRIBUTES',
    ProjectionExpression: '#pk, #sk',
    ExpressionAttributeNames: { '#pk': PII_TABLE_PARTITION_KEY, '#sk': PII_TABLE_SORT_KEY },
    ExpressionAttributeValues: { ':pk': run.sellingPartnerId },
    ConsistentRead: true,
    ExclusiveStartKey: startKey,
  });
}

interface ChunkOutcome {
  readonly deleted: number;
  readonly notDeleted: NotDeleted[];
  /** Set when a call failed for another reason than throttling: the store stops. */
  readonly error?: string;
}

/**
 * Deletes a chunk of items concurrently, each retried with jittered backoff while
 * DynamoDB throttles. An item still throttled after the last attempt is reported; an
 * item whose call failed otherwise is reported as not known to be deleted, and the
 * chunk's first such error stops the store.
 */
async function deleteChunk(run: TableRun, chunk: readonly ItemKey[]): Promise<ChunkOutcome> {
  const results = await Promise.allSettled(chunk.map((key) => deleteItem(run, key)));
  let deleted = 0;
  let error: string | undefined;
  const notDeleted: NotDeleted[] = [];
  results.forEach((result, i) => {
    const key = recordIdOf(chunk[i]);
    if (result.status === 'fulfilled') {
      deleted++;
    } else if (result.reason instanceof RetriesExhaustedError) {
      notDeleted.push({ key, reason: THROTTLED });
    } else {
      const description = describeError(result.reason);
      error ??= description;
      notDeleted.push({
        key,
        reason: `DeleteItem failed, not known to be deleted: ${description}`,
      });
    }
  });
  return { deleted, notDeleted, error };
}

function deleteItem(run: TableRun, key: ItemKey): Promise<unknown> {
  return withRetries(
    () =>
      run.dynamodb.send(
        new DeleteCommand({ TableName: run.tableName, Key: key, ReturnValues: 'NONE' }),
      ),
    {
      maxAttempts: DELETE_MAX_ATTEMPTS,
      baseDelayMs: DELETE_BACKOFF_BASE_MS,
      maxDelayMs: DELETE_BACKOFF_MAX_MS,
      isRetryable: isRetryableAwsError,
      sleep: run.sleep,
      random: run.random,
    },
  );
}

/** The primary key of an item, and nothing else. */
function keyOf(item: Record<string, unknown>): ItemKey {
  return {
    [PII_TABLE_PARTITION_KEY]: item[PII_TABLE_PARTITION_KEY],
    [PII_TABLE_SORT_KEY]: item[PII_TABLE_SORT_KEY],
  };
}

function recordIdOf(key: ItemKey): string {
  return String(key[PII_TABLE_SORT_KEY]);
}
