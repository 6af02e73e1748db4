import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  QueryCommand,
  QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { PII_TABLE_PARTITION_KEY, PII_TABLE_SORT_KEY } from '../../constructs/data/layout';
import { chunksOf, describeError, partition } from './util';
import { NotDeleted, StoreResult } from './types';

/** BatchWriteItem accepts at most 25 requests. */
export const BATCH_WRITE_LIMIT = 25;
/** Calls per chunk, the first included, before unprocessed items are reported. */
export const BATCH_WRITE_MAX_ATTEMPTS = 6;
/** Wait before the first retry; doubled before each further one (100, 200, ... 1600 ms). */
export const BATCH_WRITE_BACKOFF_BASE_MS = 100;

type ItemKey = Record<string, unknown>;

export interface TableRun {
  readonly dynamodb: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly sellingPartnerId: string;
  readonly dryRun: boolean;
  readonly sleep: (ms: number) => Promise<void>;
}

/**
 * Finds every item of the selling partner in the PII table, page by page, and (unless
 * a dry run) deletes each page's items in BatchWriteItem chunks. Only keys are read.
 * A failed call stops this store and is reported in its result, never thrown.
 */
export async function processPiiTable(run: TableRun): Promise<StoreResult> {
  let found = 0;
  let deleted = 0;
  const notDeleted: NotDeleted[] = [];
  const inFlight: InFlight = { keys: [] };
  try {
    let startKey: ItemKey | undefined;
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
        for (const chunk of chunksOf(ours, BATCH_WRITE_LIMIT)) {
          const unprocessed = await deleteChunk(run, chunk, inFlight);
          deleted += chunk.length - unprocessed.length;
          notDeleted.push(
            ...unprocessed.map((key) => ({ key: recordIdOf(key), reason: UNPROCESSED })),
          );
        }
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  } catch (e) {
    const error = describeError(e);
    const reason = `BatchWriteItem failed, not known to be deleted: ${error}`;
    notDeleted.push(...inFlight.keys.map((key) => ({ key: recordIdOf(key), reason })));
    return { store: 'pii-table', resource: run.tableName, found, deleted, notDeleted, error };
  }
  return { store: 'pii-table', resource: run.tableName, found, deleted, notDeleted };
}

const NOT_THIS_PARTNER = 'its partition key is not the selling partner id; left alone';
const UNPROCESSED = `still in UnprocessedItems after ${BATCH_WRITE_MAX_ATTEMPTS} BatchWriteItem attempts (throttled or over capacity)`;

/** The keys of the chunk being deleted that are not yet confirmed, for the report if a call throws. */
interface InFlight {
  keys: ItemKey[];
}

function queryPage(run: TableRun, startKey: ItemKey | undefined): QueryCommand {
  return new QueryCommand({
    TableName: run.tableName,
    KeyConditionExpression: '#pk = :pk',
    ProjectionExpression: '#pk, #sk',
    ExpressionAttributeNames: { '#pk': PII_TABLE_PARTITION_KEY, '#sk': PII_TABLE_SORT_KEY },
    ExpressionAttributeValues: { ':pk': run.sellingPartnerId },
    ConsistentRead: true,
    ExclusiveStartKey: startKey,
  });
}

/**
 * Deletes one chunk, retrying what DynamoDB leaves in UnprocessedItems with
 * exponential backoff. Returns the keys still unprocessed after the last attempt.
 */
async function deleteChunk(
  run: TableRun,
  chunk: ItemKey[],
  inFlight: InFlight,
): Promise<ItemKey[]> {
  let pending = chunk;
  for (let attempt = 1; pending.length > 0 && attempt <= BATCH_WRITE_MAX_ATTEMPTS; attempt++) {
    inFlight.keys = pending;
    if (attempt > 1) await run.sleep(BATCH_WRITE_BACKOFF_BASE_MS * 2 ** (attempt - 2));
    const response = await run.dynamodb.send(
      new BatchWriteCommand({
        RequestItems: {
          [run.tableName]: pending.map((key) => ({ DeleteRequest: { Key: key } })),
        },
      }),
    );
    pending = (response.UnprocessedItems?.[run.tableName] ?? []).flatMap((request) =>
      request.DeleteRequest?.Key ? [keyOf(request.DeleteRequest.Key)] : [],
    );
  }
  inFlight.keys = [];
  return pending;
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
