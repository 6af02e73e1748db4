import type { Logger } from '@aws-lambda-powertools/logger';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isPlaceholder, parseLwaCredentials } from '../../../../lib/credentials';
import { FetchFunction } from '../../../../lib/runtime/http';
import { createLogger } from '../../../../lib/runtime/logger';
import { LWA_TOKEN_ENDPOINT, LwaClient, LwaClientCredentials } from '../../../../lib/runtime/lwa';
import { RateLimiter } from '../../../../lib/runtime/rate-limiter';
import { ORDER_SYNC_USAGE_PLANS } from './orders-api';
import { OrderSyncSettings, RunSummary, settingsFromEnvironment, syncOrders } from './sync';

/**
 * The scheduled Lambda handler of the order sync. What lives across invocations of a
 * warm function: the LWA client (access tokens cached until they expire) and the rate
 * limiter (buckets that follow the rates SP-API reports). The LWA client credentials
 * are read once per invocation, so a rotated client secret is picked up on the next run.
 */

/** The parts a test replaces: clients, the LWA host, the clock. */
export interface HandlerDependencies {
  readonly settings: OrderSyncSettings;
  readonly secrets: SecretsManagerClient;
  readonly documents: DynamoDBDocumentClient;
  readonly logger: Logger;
  /** @default LWA_TOKEN_ENDPOINT */
  readonly lwaEndpoint?: string;
  readonly fetch?: FetchFunction;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** What Lambda passes that the handler reads. */
export interface InvocationContext {
  getRemainingTimeInMillis(): number;
}

/** A run that left work for the next one: Lambda counts it as an error, which alarms. */
export class OrderSyncIncompleteError extends Error {
  constructor(summary: RunSummary) {
    const partners = summary.partners.filter((p) => p.failure || p.notFetched.length > 0);
    super(
      `order sync incomplete for ${partners.length} selling partner(s): ${partners
        .map(
          (p) =>
            `${p.sellingPartnerId} (${p.failure ?? `${p.notFetched.length} address(es) not fetched`})`,
        )
        .join('; ')}`,
    );
    this.name = 'OrderSyncIncompleteError';
  }
}

export function createHandler(deps: HandlerDependencies) {
  let credentials: Promise<LwaClientCredentials> | undefined;
  const lwa = new LwaClient({
    credentials: () => credentials ?? Promise.reject(new Error('no LWA credentials read')),
    endpoint: deps.lwaEndpoint ?? LWA_TOKEN_ENDPOINT,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.sleep ? { retry: { sleep: deps.sleep } } : {}),
  });
  const rateLimiter = new RateLimiter({
    plans: ORDER_SYNC_USAGE_PLANS,
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
  });

  return async (_event: unknown, context?: InvocationContext): Promise<RunSummary> => {
    const { logger, settings } = deps;
    if (settings.sellingPartnerIds.length === 0) {
      logger.info({ message: 'no selling partner is configured', event: 'no-selling-partners' });
      return { partners: [], incomplete: false };
    }
    const read = readLwaCredentials(deps);
    credentials = read;
    const current = await read;
    if (isPlaceholder(current)) {
      logger.warn({
        message: 'the LWA credentials are still the placeholder; run npm run put-lwa-credentials',
        event: 'lwa-credentials-not-set',
      });
      return { partners: [], incomplete: false };
    }
    const summary = await syncOrders({
      settings,
      secrets: deps.secrets,
      documents: deps.documents,
      lwa,
      rateLimiter,
      logger,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      ...(deps.now ? { now: deps.now } : {}),
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
      ...(context ? { remainingMs: () => context.getRemainingTimeInMillis() } : {}),
    });
    if (summary.incomplete) throw new OrderSyncIncompleteError(summary);
    return summary;
  };
}

async function readLwaCredentials(deps: HandlerDependencies): Promise<LwaClientCredentials> {
  const secret = await deps.secrets.send(
    new GetSecretValueCommand({ SecretId: deps.settings.lwaSecretArn }),
  );
  return parseLwaCredentials(secret.SecretString);
}

/** The handler Lambda runs, configured from the environment the construct sets. */
export const handler = lazyHandler();

function lazyHandler() {
  let built: ReturnType<typeof createHandler> | undefined;
  return (event: unknown, context?: InvocationContext) => {
    built ??= createHandler({
      settings: settingsFromEnvironment(process.env),
      secrets: new SecretsManagerClient({}),
      documents: DynamoDBDocumentClient.from(new DynamoDBClient({})),
      logger: createLogger({ serviceName: 'order-sync' }),
    });
    return built(event, context);
  };
}
