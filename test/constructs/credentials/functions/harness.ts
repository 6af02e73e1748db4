import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { CURRENT, formatLwaCredentials, parseLwaCredentials } from '../../../../lib/credentials';
import { createLogger } from '../../../../lib/runtime/logger';
import { RateLimiter } from '../../../../lib/runtime/rate-limiter';
import {
  ROTATE_CLIENT_SECRET_PLAN,
  amazonApplicationApi,
} from '../../../../constructs/credentials/functions/amazon-application';
import {
  ConsumerDependencies,
  consumeNotificationBatch,
} from '../../../../constructs/credentials/functions/notification-consumer';
import {
  DEFAULT_REQUEST_COOLDOWN_MS,
  RotationDependencies,
  handleRotationEvent,
} from '../../../../constructs/credentials/functions/rotation';
import {
  CLIENT_SECRET_EXPIRY,
  NEW_CLIENT_SECRET,
} from '../../../../constructs/credentials/functions/notifications';
import {
  FakeAmazon,
  IssuedSecret,
  fakeClientSecret,
  plainSecret,
} from '../../../fakes/amazon-server';
import { FakeSecretsManager } from '../../../fakes/secrets-manager';
import { FakeQueues } from '../../../fakes/sqs';

/**
 * The world the rotation runs in, faked: Amazon (LWA and Application Management) on a
 * loopback server, Secrets Manager and SQS behind aws-sdk-client-mock, a clock the test
 * moves, and every line the functions log.
 */

export const CLIENT_ID = 'amzn1.application-oa2-client.7f3c9d2e1b4a46c8a0b5e6d7c8f90123';
export const OTHER_CLIENT_ID = 'amzn1.application-oa2-client.0000000000000000000000000000beef';
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** The SQS redrive setting of the construct's queues. */
export const MAX_RECEIVE_COUNT = 3;
export const ROTATION_DAYS = 60;

export interface Harness {
  readonly amazon: FakeAmazon;
  readonly secretsManager: FakeSecretsManager;
  readonly queues: FakeQueues;
  readonly secretArn: string;
  readonly initialSecret: string;
  readonly newSecretQueue: { url: string; deadLetterUrl: string };
  readonly expiryQueue: { url: string; deadLetterUrl: string };
  readonly rotationDeps: RotationDependencies;
  readonly consumerDeps: ConsumerDependencies;
  /** Every log line written so far, raw. */
  logText(): string;
  /** Every log line written so far, parsed. */
  logLines(): Record<string, unknown>[];
  now(): Date;
  advance(ms: number): void;
  /** What AWSCURRENT holds. */
  current(): { clientId: string; clientSecret: string };
  /** Amazon sends a notification to a queue. */
  send(queueUrl: string, body: string): Promise<void>;
  /** Lambda's event source mapping drains both queues into the consumer. */
  deliver(): Promise<void>;
  stop(): Promise<void>;
}

export async function startHarness(options: { plain?: boolean } = {}): Promise<Harness> {
  let now = new Date('2025-03-01T09:00:00Z');
  const clock = () => now;
  const initialSecret = options.plain ? plainSecret() : fakeClientSecret();
  const amazon = await new FakeAmazon(CLIENT_ID, initialSecret, options.plain).start();
  const secretsManager = new FakeSecretsManager(clock);
  const secret = secretsManager.addSecret({
    name: 'spapi-dpp/test/lwa-credentials',
    value: formatLwaCredentials({ clientId: CLIENT_ID, clientSecret: initialSecret }),
    rotationEnabled: true,
    created: new Date(now.getTime() - 30 * DAY),
  });
  const queues = new FakeQueues();
  const newSecretQueue = queues.create('spapi-new-client-secret', MAX_RECEIVE_COUNT);
  const expiryQueue = queues.create('spapi-client-secret-expiry', MAX_RECEIVE_COUNT);
  const written: string[] = [];
  const capture = (chunk: unknown) => {
    written.push(String(chunk));
    return true;
  };
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
  const logger = createLogger({ serviceName: 'credentials-test', logLevel: 'DEBUG' });
  const noWait = { sleep: async () => undefined, random: () => 0 };
  const rateLimiter = new RateLimiter({
    plans: { rotateApplicationClientSecret: ROTATE_CLIENT_SECRET_PLAN },
    now: () => now.getTime(),
    sleep: async (ms) => void (now = new Date(now.getTime() + ms)),
  });
  const secrets = new SecretsManagerClient({ region: 'eu-west-1' });
  const rotationDeps: RotationDependencies = {
    secrets,
    amazon: amazonApplicationApi({
      spApiEndpoint: amazon.url,
      lwaEndpoint: amazon.lwaEndpoint,
      retry: noWait,
      rateLimiter,
      timeoutMs: 2000,
    }),
    logger,
    secretArn: secret.arn,
    requestCooldownMs: DEFAULT_REQUEST_COOLDOWN_MS,
    now: clock,
  };
  secretsManager.invokeRotation = (event) => handleRotationEvent(event, rotationDeps);
  const consumerDeps: ConsumerDependencies = {
    secrets,
    logger,
    secretArn: secret.arn,
    rotationDays: ROTATION_DAYS,
    completionTimeoutMs: 24 * HOUR,
    now: clock,
  };
  const consume = (event: Parameters<typeof consumeNotificationBatch>[0]) =>
    consumeNotificationBatch(event, consumerDeps);
  return {
    amazon,
    secretsManager,
    queues,
    secretArn: secret.arn,
    initialSecret,
    newSecretQueue,
    expiryQueue,
    rotationDeps,
    consumerDeps,
    logText: () => written.join(''),
    logLines: () =>
      written
        .join('')
        .split('\n')
        .filter((l) => l.trim().startsWith('{'))
        .map((l) => JSON.parse(l)),
    now: clock,
    advance: (ms) => void (now = new Date(now.getTime() + ms)),
    current: () => parseLwaCredentials(secretsManager.valueAt(secret.arn, CURRENT)),
    send: async (queueUrl, body) =>
      void (await queues.client.send(
        new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }),
      )),
    deliver: async () => {
      await queues.drain(newSecretQueue.url, consume);
      await queues.drain(expiryQueue.url, consume);
    },
    stop: async () => {
      out.mockRestore();
      err.mockRestore();
      secretsManager.restore();
      queues.restore();
      await amazon.stop();
    },
  };
}

/** The APPLICATION_OAUTH_CLIENT_NEW_SECRET notification Amazon sends for an issued secret. */
export function newSecretNotification(
  issued: IssuedSecret,
  options: {
    notificationId?: string;
    eventTime: Date;
    newSecretExpiresAt?: Date;
    oldSecretExpiresAt?: Date;
  },
): string {
  return JSON.stringify({
    notificationVersion: '1.0',
    notificationType: NEW_CLIENT_SECRET,
    payloadVersion: '2023-11-30',
    eventTime: options.eventTime.toISOString(),
    payload: {
      applicationOAuthClientNewSecret: {
        clientId: issued.clientId,
        newClientSecret: issued.newClientSecret,
        newClientSecretExpiryTime: (
          options.newSecretExpiresAt ?? new Date(options.eventTime.getTime() + 180 * DAY)
        ).toISOString(),
        oldClientSecretExpiryTime: (
          options.oldSecretExpiresAt ?? new Date(options.eventTime.getTime() + 7 * DAY)
        ).toISOString(),
      },
    },
    notificationMetadata: {
      applicationId: 'amzn1.sp.solution.8d1f3c5a-0000-4000-8000-000000000001',
      subscriptionId: 'a275c00d-260c-4ab2-9d5e-1f2e3d4c5b6a',
      publishTime: options.eventTime.toISOString(),
      notificationId: options.notificationId ?? `n-${issued.newClientSecret.slice(-12)}`,
    },
  });
}

/** The APPLICATION_OAUTH_CLIENT_SECRET_EXPIRY notification. */
export function expiryNotification(options: {
  clientId?: string;
  eventTime: Date;
  expiresAt: Date;
  notificationId?: string;
}): string {
  return JSON.stringify({
    notificationVersion: '1.0',
    notificationType: CLIENT_SECRET_EXPIRY,
    payloadVersion: '2023-11-30',
    eventTime: options.eventTime.toISOString(),
    payload: {
      applicationOAuthClientSecretExpiry: {
        clientId: options.clientId ?? CLIENT_ID,
        clientSecretExpiryTime: options.expiresAt.toISOString(),
        clientSecretExpiryReason: 'PERIODIC_ROTATION',
      },
    },
    notificationMetadata: {
      applicationId: 'amzn1.sp.solution.8d1f3c5a-0000-4000-8000-000000000001',
      subscriptionId: 'b375c00d-260c-4ab2-9d5e-1f2e3d4c5b6a',
      publishTime: options.eventTime.toISOString(),
      notificationId: options.notificationId ?? `expiry-${options.eventTime.getTime()}`,
    },
  });
}
