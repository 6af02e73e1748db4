import type { Logger } from '@aws-lambda-powertools/logger';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { parseSellingPartnerSecret } from '../../../../lib/credentials';
import { sellingPartnerIdProblem } from '../../../../lib/policy/sp-api';
import { FetchFunction } from '../../../../lib/runtime/http';
import { LwaClient } from '../../../../lib/runtime/lwa';
import { RateLimiter } from '../../../../lib/runtime/rate-limiter';
import { describeError } from '../../../../lib/runtime/retry';
import { SpApiClient, SpApiError } from '../../../../lib/runtime/sp-api-client';
import {
  PII_TABLE_PARTITION_KEY,
  PII_TABLE_SORT_KEY,
  PII_TABLE_TTL_ATTRIBUTE,
  piiItemExpiry,
} from '../../../data/layout';
import {
  CHECKPOINT_ATTRIBUTE,
  CHECKPOINT_RECORD_ID,
  ORDER_FIELDS,
  ORDER_SYNC_ENVIRONMENT,
  orderRecordId,
} from './layout';
import {
  Order,
  addressWithoutName,
  checkedOrderId,
  deliveryDate,
  needsShippingAddress,
  orderAddressPath,
  orderShippingAddress,
  ordersUpdated,
  restrictedDataToken,
} from './orders-api';

/**
 * The order sync (docs/workloads.md, the reference workload): for each configured
 * selling partner, the orders updated since the last run; for each merchant-fulfilled
 * order still to ship, its shipping address through a restricted data token (AUP 4.1);
 * the address written to the PII table with its expiry (DPP 2.1); then the checkpoint.
 *
 * The checkpoint moves only when every order of the window was handled: an address that
 * could not be fetched (a token refused, a fault) is asked for again next run, and the
 * writes are idempotent. Logs carry ids and counts, never PII or a token (DPP 2.6).
 */

/** What the function is configured with (environment variables the construct sets). */
export interface OrderSyncSettings {
  readonly spApiEndpoint: string;
  readonly lwaSecretArn: string;
  readonly sellingPartnerSecretPrefix: string;
  readonly sellingPartnerIds: readonly string[];
  readonly marketplaceIds: readonly string[];
  readonly tableName: string;
  /** Days after delivery an item stays live (`PiiTable.liveDays`). */
  readonly liveDays: number;
  /** How far back the first run of a selling partner looks. */
  readonly initialLookbackHours: number;
}

/** The Orders API refuses a window that ends less than two minutes before the request. */
export const ORDERS_API_LAG_MS = 2 * 60 * 1000;
/** Addresses asked for with one restricted data token (the Tokens API takes 50 resources). */
export const ADDRESSES_PER_TOKEN = 50;
/** A run stops starting requests when less than this is left before the function's timeout. */
export const DEADLINE_MARGIN_MS = 60 * 1000;

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

export interface OrderSyncDependencies {
  readonly settings: OrderSyncSettings;
  readonly secrets: SecretsManagerClient;
  readonly documents: DynamoDBDocumentClient;
  /** One per process: it caches access tokens until they expire. */
  readonly lwa: LwaClient;
  /** One per process: the buckets follow the rates SP-API reports. */
  readonly rateLimiter: RateLimiter;
  readonly logger: Logger;
  /** @default the global fetch */
  readonly fetch?: FetchFunction;
  /** @default Date.now */
  readonly now?: () => number;
  /** Waits between retries; @default a real timer */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Milliseconds left before the function times out; @default unbounded */
  readonly remainingMs?: () => number;
}

/** What happened for one selling partner: counts and ids, no PII. */
export interface PartnerSummary {
  readonly sellingPartnerId: string;
  readonly ordersSeen: number;
  /** Merchant-fulfilled orders still to ship, whose address was asked for. */
  readonly addressesRequested: number;
  readonly addressesStored: number;
  /** Orders whose answer had no shipping address (e.g. still pending). */
  readonly withoutAddress: number;
  /** Orders whose retention had passed before the sync saw them: nothing fetched. */
  readonly pastRetention: number;
  /** Order ids whose address could not be fetched (token refused, a fault): asked again next run. */
  readonly notFetched: readonly string[];
  /** Whether the checkpoint moved to the end of the window. */
  readonly checkpointAdvanced: boolean;
  /** Why the sync of this partner stopped early, if it did. */
  readonly failure?: string;
}

export interface RunSummary {
  readonly partners: readonly PartnerSummary[];
  /** Whether any partner's sync stopped or left an order unfetched. */
  readonly incomplete: boolean;
}

/** Reads the settings from the environment; throws naming the variable that is wrong. */
export function settingsFromEnvironment(env: NodeJS.ProcessEnv): OrderSyncSettings {
  const required = (name: string): string => {
    const value = env[name];
    if (value === undefined || value.trim() === '') {
      throw new Error(`environment variable ${name} is not set`);
    }
    return value;
  };
  const list = (name: string) =>
    (env[name] ?? '')
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
  const positive = (name: string) => {
    const value = Number(required(name));
    if (!Number.isFinite(value) || value <= 0) {
      throw new Error(`environment variable ${name} is not a positive number`);
    }
    return value;
  };
  const E = ORDER_SYNC_ENVIRONMENT;
  const sellingPartnerIds = list(E.sellingPartnerIds);
  for (const id of sellingPartnerIds) {
    const problem = sellingPartnerIdProblem(id);
    if (problem) throw new Error(`environment variable ${E.sellingPartnerIds}: ${problem}`);
  }
  const marketplaceIds = list(E.marketplaceIds);
  if (marketplaceIds.length === 0) {
    throw new Error(`environment variable ${E.marketplaceIds} names no marketplace`);
  }
  return {
    spApiEndpoint: required(E.spApiEndpoint),
    lwaSecretArn: required(E.lwaSecretArn),
    sellingPartnerSecretPrefix: required(E.sellingPartnerSecretPrefix),
    sellingPartnerIds,
    marketplaceIds,
    tableName: required(E.tableName),
    liveDays: positive(E.liveDays),
    initialLookbackHours: positive(E.initialLookbackHours),
  };
}

/** Runs the sync for every configured selling partner, one after the other. */
export async function syncOrders(deps: OrderSyncDependencies): Promise<RunSummary> {
  const partners: PartnerSummary[] = [];
  for (const sellingPartnerId of deps.settings.sellingPartnerIds) {
    partners.push(await syncSellingPartner(deps, sellingPartnerId));
  }
  const incomplete = partners.some((p) => p.failure !== undefined || p.notFetched.length > 0);
  return { partners, incomplete };
}

/** Mutable counts of one partner's run. */
interface Tally {
  ordersSeen: number;
  addressesRequested: number;
  addressesStored: number;
  withoutAddress: number;
  pastRetention: number;
  notFetched: string[];
}

/** The sync of one selling partner; a failure is reported in the summary, not thrown. */
export async function syncSellingPartner(
  deps: OrderSyncDependencies,
  sellingPartnerId: string,
): Promise<PartnerSummary> {
  const now = deps.now ?? Date.now;
  const logger = deps.logger.createChild({ persistentKeys: { sellingPartnerId } });
  const tally: Tally = {
    ordersSeen: 0,
    addressesRequested: 0,
    addressesStored: 0,
    withoutAddress: 0,
    pastRetention: 0,
    notFetched: [],
  };
  let checkpointAdvanced = false;
  let failure: string | undefined;
  try {
    const refreshToken = await readRefreshToken(deps, sellingPartnerId);
    const client = new SpApiClient({
      endpoint: deps.settings.spApiEndpoint,
      accessToken: () => deps.lwa.accessToken({ grantType: 'refresh_token', refreshToken }),
      rateLimitSubject: sellingPartnerId,
      rateLimiter: deps.rateLimiter,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      ...(deps.now ? { now: deps.now } : {}),
      ...(deps.sleep ? { retry: { sleep: deps.sleep } } : {}),
    });
    const window = await syncWindow(deps, sellingPartnerId, now());
    if (window === undefined) {
      logger.info({ message: 'nothing to synchronize yet', event: 'window-empty' });
    } else {
      const stopped = await syncWindowOrders(deps, client, sellingPartnerId, window, tally);
      if (stopped !== undefined) {
        failure = stopped;
      } else if (tally.notFetched.length === 0) {
        await writeCheckpoint(deps, sellingPartnerId, window.updatedBefore, now());
        checkpointAdvanced = true;
      }
    }
  } catch (error) {
    failure = describeError(error);
    logger.error({ message: 'order sync failed', event: 'partner-failed', error });
  }
  const summary: PartnerSummary = {
    sellingPartnerId,
    ...tally,
    checkpointAdvanced,
    ...(failure !== undefined ? { failure } : {}),
  };
  logger.info({
    message: 'selling partner synchronized',
    event: 'partner-synced',
    ordersSeen: summary.ordersSeen,
    addressesRequested: summary.addressesRequested,
    addressesStored: summary.addressesStored,
    withoutAddress: summary.withoutAddress,
    pastRetention: summary.pastRetention,
    notFetched: summary.notFetched,
    checkpointAdvanced,
  });
  return summary;
}

async function readRefreshToken(
  deps: OrderSyncDependencies,
  sellingPartnerId: string,
): Promise<string> {
  const secret = await deps.secrets.send(
    new GetSecretValueCommand({
      SecretId: `${deps.settings.sellingPartnerSecretPrefix}${sellingPartnerId}`,
    }),
  );
  return parseSellingPartnerSecret(secret.SecretString);
}

interface Window {
  readonly marketplaceIds: readonly string[];
  readonly updatedAfter: string;
  readonly updatedBefore: string;
}

/**
 * From the checkpoint (or the initial lookback) to two minutes ago, but never further
 * back than the PII's live days: an order last updated before then was delivered long
 * enough ago that its address may no longer be kept. `undefined` when empty.
 */
async function syncWindow(
  deps: OrderSyncDependencies,
  sellingPartnerId: string,
  nowMs: number,
): Promise<Window | undefined> {
  const { settings } = deps;
  const item = await deps.documents.send(
    new GetCommand({
      TableName: settings.tableName,
      Key: {
        [PII_TABLE_PARTITION_KEY]: sellingPartnerId,
        [PII_TABLE_SORT_KEY]: CHECKPOINT_RECORD_ID,
      },
      ProjectionExpression: '#until',
      ExpressionAttributeNames: { '#until': CHECKPOINT_ATTRIBUTE },
      ConsistentRead: true,
    }),
  );
  const saved = item.Item?.[CHECKPOINT_ATTRIBUTE];
  const savedMs = typeof saved === 'string' ? Date.parse(saved) : NaN;
  const start = Number.isNaN(savedMs) ? nowMs - settings.initialLookbackHours * HOUR_MS : savedMs;
  const after = Math.max(start, nowMs - settings.liveDays * DAY_MS);
  const before = nowMs - ORDERS_API_LAG_MS;
  if (before <= after) return undefined;
  return {
    marketplaceIds: settings.marketplaceIds,
    updatedAfter: new Date(after).toISOString(),
    updatedBefore: new Date(before).toISOString(),
  };
}

/**
 * Every page of the window: each merchant-fulfilled order still to ship gets its
 * address. Returns why it stopped early (the deadline, a failed listing), or undefined.
 */
async function syncWindowOrders(
  deps: OrderSyncDependencies,
  client: SpApiClient,
  sellingPartnerId: string,
  window: Window,
  tally: Tally,
): Promise<string | undefined> {
  const now = deps.now ?? Date.now;
  const remaining = deps.remainingMs ?? (() => Infinity);
  for await (const orders of ordersUpdated(client, window)) {
    tally.ordersSeen += orders.length;
    const wanted: { orderId: string; expiresAt: number }[] = [];
    for (const order of orders.filter(needsShippingAddress)) {
      const expiresAt = expiryOf(order, deps.settings.liveDays);
      if (expiresAt === undefined || expiresAt * 1000 <= now()) {
        tally.pastRetention += 1;
        continue;
      }
      wanted.push({ orderId: checkedOrderId(order), expiresAt });
    }
    for (let i = 0; i < wanted.length; i += ADDRESSES_PER_TOKEN) {
      if (remaining() < DEADLINE_MARGIN_MS) return 'the function is about to time out';
      await storeAddresses(
        deps,
        client,
        sellingPartnerId,
        wanted.slice(i, i + ADDRESSES_PER_TOKEN),
        tally,
      );
    }
    if (remaining() < DEADLINE_MARGIN_MS) return 'the function is about to time out';
  }
  return undefined;
}

/** The item's `expiresAt` by the table's write path (`piiItemExpiry`), or undefined without a date. */
function expiryOf(order: Order, liveDays: number): number | undefined {
  const delivered = deliveryDate(order);
  return delivered === undefined ? undefined : piiItemExpiry(delivered, liveDays);
}

/**
 * One restricted data token for a batch of orders' addresses, then each address. A
 * refused token or a failed address leaves those orders in `notFetched`.
 */
async function storeAddresses(
  deps: OrderSyncDependencies,
  client: SpApiClient,
  sellingPartnerId: string,
  batch: readonly { orderId: string; expiresAt: number }[],
  tally: Tally,
): Promise<void> {
  const logger = deps.logger;
  tally.addressesRequested += batch.length;
  let token: string;
  try {
    token = await restrictedDataToken(
      client,
      batch.map((o) => orderAddressPath(o.orderId)),
    );
  } catch (error) {
    const orderIds = batch.map((o) => o.orderId);
    tally.notFetched.push(...orderIds);
    logger.warn({
      message: 'restricted data token refused; the addresses are asked for again next run',
      event: 'restricted-data-token-refused',
      sellingPartnerId,
      status: error instanceof SpApiError ? error.status : undefined,
      error,
      orderIds,
    });
    return;
  }
  for (const { orderId, expiresAt } of batch) {
    try {
      const address = await orderShippingAddress(client, orderId, token);
      if (address === undefined) {
        tally.withoutAddress += 1;
        logger.info({
          message: 'order has no shipping address',
          event: 'no-shipping-address',
          orderId,
        });
        continue;
      }
      await deps.documents.send(
        new PutCommand({
          TableName: deps.settings.tableName,
          Item: {
            [PII_TABLE_PARTITION_KEY]: sellingPartnerId,
            [PII_TABLE_SORT_KEY]: orderRecordId(orderId),
            ...(address.Name !== undefined ? { [ORDER_FIELDS.shipToName]: address.Name } : {}),
            [ORDER_FIELDS.shippingAddress]: addressWithoutName(address),
            [PII_TABLE_TTL_ATTRIBUTE]: expiresAt,
          },
          ReturnValues: 'NONE',
        }),
      );
      tally.addressesStored += 1;
    } catch (error) {
      tally.notFetched.push(orderId);
      logger.warn({
        message: 'shipping address not stored; asked for again next run',
        event: 'address-not-stored',
        orderId,
        error,
      });
    }
  }
}

async function writeCheckpoint(
  deps: OrderSyncDependencies,
  sellingPartnerId: string,
  syncedUntil: string,
  nowMs: number,
): Promise<void> {
  await deps.documents.send(
    new PutCommand({
      TableName: deps.settings.tableName,
      Item: {
        [PII_TABLE_PARTITION_KEY]: sellingPartnerId,
        [PII_TABLE_SORT_KEY]: CHECKPOINT_RECORD_ID,
        [CHECKPOINT_ATTRIBUTE]: syncedUntil,
        // A checkpoint left alone expires with the table's items; the next run then
        // starts from the initial lookback.
        [PII_TABLE_TTL_ATTRIBUTE]: piiItemExpiry(new Date(nowMs), deps.settings.liveDays),
      },
      ReturnValues: 'NONE',
    }),
  );
}
