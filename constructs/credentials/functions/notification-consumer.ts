import { createHash } from 'crypto';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  RotateSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import {
  CURRENT,
  PENDING,
  RotationState,
  formatLwaCredentials,
  isPlaceholder,
  parseLwaCredentials,
  rotationStateOf,
} from '../../../lib/credentials';
import { LOG_EVENTS } from './log-events';
import {
  ClientSecretExpiryNotification,
  NewClientSecretNotification,
  RotationNotification,
  parseNotification,
} from './notifications';

/**
 * The consumer of the two rotation notification queues, and the hourly check of the
 * rotation (docs/credentials.md):
 *
 * - `APPLICATION_OAUTH_CLIENT_NEW_SECRET` for our client id: stage Amazon's new secret
 *   as a version `AWSPENDING` whose id derives from the notification id (a duplicate
 *   notification finds its version and changes nothing), then start the rotation with
 *   it; the rotation function tests it and only then makes it current.
 * - `APPLICATION_OAUTH_CLIENT_SECRET_EXPIRY` for our client id: start a rotation unless
 *   one is under way.
 * - Anything for another client id is ignored and logged without its secret; a stale or
 *   expired secret is ignored; a malformed body fails its record, which SQS retries and
 *   then moves to the dead-letter queue.
 */

export interface ConsumerDependencies {
  readonly secrets: SecretsManagerClient;
  readonly logger: Logger;
  /** The LWA credentials secret. */
  readonly secretArn: string;
  /** The rotation schedule, in days: a last rotation older than this plus a day is overdue. */
  readonly rotationDays: number;
  /** How long a requested rotation may take before it is overdue. */
  readonly completionTimeoutMs: number;
  readonly now?: () => Date;
}

export type NotificationOutcome =
  | 'staged-and-rotation-started'
  | 'rotation-restarted'
  | 'rotation-started'
  | 'rotation-under-way'
  | 'already-current'
  | 'ignored-other-client'
  | 'ignored-expired'
  | 'ignored-stale'
  | 'ignored-superseded';

/** A notification that cannot be acted on now; its record fails and SQS retries it. */
export class NotificationError extends Error {
  override name = 'NotificationError';
}

/** A stuck pending version is retried by the hourly check once it is this old. */
export const RESUME_AFTER_MS = 15 * 60 * 1000;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Handles an SQS batch record by record, in order, and reports the records that
 * failed, so that SQS retries only those (and dead-letters them in the end).
 */
export async function consumeNotificationBatch(
  event: SQSEvent,
  deps: ConsumerDependencies,
): Promise<SQSBatchResponse> {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    const context = {
      messageId: record.messageId,
      receiveCount: Number(record.attributes?.ApproximateReceiveCount ?? 1),
    };
    try {
      const notification = parseNotification(record.body);
      const outcome = await handleNotification(notification, deps);
      deps.logger.info('notification handled', {
        event: LOG_EVENTS.notificationHandled,
        ...context,
        notificationType: notification.kind,
        notificationId: notification.notificationId,
        outcome,
        ...(outcome === 'ignored-other-client' ? { clientId: notification.clientId } : {}),
      });
    } catch (error) {
      deps.logger.error('notification not handled; SQS will retry it, then dead-letter it', {
        event: LOG_EVENTS.notificationFailed,
        ...context,
        error: error as Error,
      });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}

/** Acts on one notification. */
export function handleNotification(
  notification: RotationNotification,
  deps: ConsumerDependencies,
): Promise<NotificationOutcome> {
  return notification.kind === 'new-client-secret'
    ? handleNewClientSecret(notification, deps)
    : handleClientSecretExpiry(notification, deps);
}

/** The version id of a new secret's version: the same for every delivery of one notification. */
export function versionIdFor(notificationId: string): string {
  const hex = createHash('sha256').update(`new-client-secret:${notificationId}`).digest('hex');
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20, 32),
  ].join('-');
}

async function handleNewClientSecret(
  n: NewClientSecretNotification,
  deps: ConsumerDependencies,
): Promise<NotificationOutcome> {
  const current = await currentVersion(deps);
  if (n.clientId !== current.clientId) return 'ignored-other-client';
  if (n.newClientSecret === current.clientSecret) return 'already-current';
  const now = nowOf(deps);
  if (n.newSecretExpiresAt && n.newSecretExpiresAt <= now) return 'ignored-expired';
  // Amazon issued this secret before the current one was made current: a late delivery
  // of an older rotation, whose secret would replace a newer one.
  if (current.createdAt && n.eventTime < current.createdAt) return 'ignored-stale';

  const versionId = versionIdFor(n.notificationId);
  const described = await deps.secrets.send(
    new DescribeSecretCommand({ SecretId: deps.secretArn }),
  );
  const labels = described.VersionIdsToStages?.[versionId];
  if (labels?.includes(CURRENT)) return 'already-current';
  if (labels && !labels.includes(PENDING)) return 'ignored-superseded';
  if (!labels) {
    await deps.secrets.send(
      new PutSecretValueCommand({
        SecretId: deps.secretArn,
        ClientRequestToken: versionId,
        SecretString: formatLwaCredentials({
          clientId: n.clientId,
          clientSecret: n.newClientSecret,
        }),
        VersionStages: [PENDING],
      }),
    );
  }
  await startRotation(deps, versionId);
  return labels ? 'rotation-restarted' : 'staged-and-rotation-started';
}

async function handleClientSecretExpiry(
  n: ClientSecretExpiryNotification,
  deps: ConsumerDependencies,
): Promise<NotificationOutcome> {
  const current = await currentVersion(deps);
  if (n.clientId !== current.clientId) return 'ignored-other-client';
  const state = await rotationState(deps);
  if (!state.rotationEnabled) {
    throw new NotificationError(
      'rotation is not enabled on the LWA secret; enable it, then redrive',
    );
  }
  if (isUnderWay(state, nowOf(deps), deps.completionTimeoutMs)) return 'rotation-under-way';
  await startRotation(deps);
  return 'rotation-started';
}

/** Amazon was asked for a secret recently enough that its notification may still come. */
function isUnderWay(state: RotationState, now: Date, completionTimeoutMs: number): boolean {
  return (
    state.requestedAt !== undefined &&
    now.getTime() - state.requestedAt.getTime() < completionTimeoutMs
  );
}

/**
 * Starts a rotation (with a staged version, or a fresh one). When a pending version
 * exists, Secrets Manager refuses a new rotation and resumes the one in progress
 * instead, with the pending version: the same outcome.
 */
async function startRotation(deps: ConsumerDependencies, versionId?: string): Promise<void> {
  try {
    await deps.secrets.send(
      new RotateSecretCommand({
        SecretId: deps.secretArn,
        ...(versionId ? { ClientRequestToken: versionId } : {}),
      }),
    );
  } catch (error) {
    const e = error as { name?: string; message?: string };
    if (e.name === 'InvalidRequestException' && /previous rotation/i.test(e.message ?? '')) {
      deps.logger.info('Secrets Manager resumes the rotation in progress', { versionId });
      return;
    }
    throw error;
  }
}

async function currentVersion(deps: ConsumerDependencies) {
  const current = await deps.secrets.send(
    new GetSecretValueCommand({ SecretId: deps.secretArn, VersionStage: CURRENT }),
  );
  const credentials = parseLwaCredentials(current.SecretString);
  if (isPlaceholder(credentials)) {
    throw new NotificationError(
      'the LWA credentials are not set, so the client id cannot be matched: run npm run put-lwa-credentials, then redrive the message',
    );
  }
  return { ...credentials, createdAt: current.CreatedDate };
}

async function rotationState(deps: ConsumerDependencies): Promise<RotationState> {
  return rotationStateOf(
    await deps.secrets.send(new DescribeSecretCommand({ SecretId: deps.secretArn })),
  );
}

function nowOf(deps: ConsumerDependencies): Date {
  return (deps.now ?? (() => new Date()))();
}

/** What the hourly check found. */
export interface RotationStatus {
  readonly overdue: boolean;
  /** Why it is overdue; empty when it is not. */
  readonly reasons: readonly string[];
  readonly daysSinceRotation?: number;
  readonly pendingVersionId?: string;
  /** Whether the check restarted a rotation stuck on a staged secret. */
  readonly resumed: boolean;
}

/**
 * The hourly check (an EventBridge schedule invokes the consumer): is the rotation
 * overdue (the schedule missed, Amazon's notification not come, a staged secret not
 * promoted, rotation turned off)? It logs a status line every time, which the overdue
 * alarm counts, and restarts a rotation stuck on a staged secret once an hour.
 */
export async function checkRotation(deps: ConsumerDependencies): Promise<RotationStatus> {
  const now = nowOf(deps);
  const state = await rotationState(deps);
  const reasons: string[] = [];
  if (!state.rotationEnabled) reasons.push('rotation is disabled on the LWA secret');
  if (await holdsPlaceholder(deps)) {
    reasons.push(
      'the LWA credentials are still the placeholder the stack created: run npm run put-lwa-credentials',
    );
  }
  const daysSinceRotation = state.lastRotatedAt
    ? Math.floor((now.getTime() - state.lastRotatedAt.getTime()) / DAY_MS)
    : undefined;
  // Secrets Manager rotates within a day of the scheduled date.
  if (daysSinceRotation !== undefined && daysSinceRotation > deps.rotationDays + 1) {
    reasons.push(
      `the client secret was last rotated ${daysSinceRotation} days ago; the schedule is every ${deps.rotationDays} days`,
    );
  }
  const hours = Math.round(deps.completionTimeoutMs / 3_600_000);
  if (state.requestedAt && !isUnderWay(state, now, deps.completionTimeoutMs)) {
    reasons.push(
      `Amazon was asked for a new client secret at ${state.requestedAt.toISOString()} and none was made current within ${hours} hours`,
    );
  }
  let resumed = false;
  if (state.pendingVersionId) {
    const created = await pendingCreatedAt(deps, state.pendingVersionId);
    const age = created ? now.getTime() - created.getTime() : 0;
    if (age > deps.completionTimeoutMs) {
      reasons.push(
        `version ${state.pendingVersionId} has been pending since ${created!.toISOString()} without becoming current`,
      );
    }
    if (age > RESUME_AFTER_MS && (await holdsValue(deps, state.pendingVersionId))) {
      await startRotation(deps, state.pendingVersionId);
      resumed = true;
    }
  }
  const status: RotationStatus = {
    overdue: reasons.length > 0,
    reasons,
    ...(daysSinceRotation !== undefined ? { daysSinceRotation } : {}),
    ...(state.pendingVersionId ? { pendingVersionId: state.pendingVersionId } : {}),
    resumed,
  };
  const log = status.overdue
    ? deps.logger.warn.bind(deps.logger)
    : deps.logger.info.bind(deps.logger);
  log('LWA client secret rotation status', { event: LOG_EVENTS.rotationStatus, ...status });
  return status;
}

async function holdsPlaceholder(deps: ConsumerDependencies): Promise<boolean> {
  const current = await deps.secrets.send(
    new GetSecretValueCommand({ SecretId: deps.secretArn, VersionStage: CURRENT }),
  );
  return isPlaceholder(parseLwaCredentials(current.SecretString));
}

async function pendingCreatedAt(deps: ConsumerDependencies, versionId: string) {
  const listed = await deps.secrets.send(
    new ListSecretVersionIdsCommand({ SecretId: deps.secretArn }),
  );
  return listed.Versions?.find((v) => v.VersionId === versionId)?.CreatedDate;
}

async function holdsValue(deps: ConsumerDependencies, versionId: string): Promise<boolean> {
  try {
    await deps.secrets.send(
      new GetSecretValueCommand({
        SecretId: deps.secretArn,
        VersionId: versionId,
        VersionStage: PENDING,
      }),
    );
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceNotFoundException') return false;
    throw error;
  }
}
