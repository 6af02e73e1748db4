import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  GetSecretValueCommandOutput,
  SecretsManagerClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import type { Logger } from '@aws-lambda-powertools/logger';
import {
  CURRENT,
  PENDING,
  ROTATION_REQUESTED_AT_TAG,
  isPlaceholder,
  parseLwaCredentials,
  rotationStateOf,
} from '../../../lib/credentials';
import { LwaError } from '../../../lib/runtime/lwa';
import { describeError } from '../../../lib/runtime/retry';
import { AmazonApplicationApi } from './amazon-application';
import { LOG_EVENTS } from './log-events';

/**
 * The rotation of the LWA client secret, mapped onto Secrets Manager's four steps
 * (docs/credentials.md has the sequence diagram):
 *
 * - `createSecret`: if the pending version already holds a value (the notification
 *   consumer staged Amazon's new secret), nothing to do. Otherwise ask Amazon for a new
 *   secret, record that on the secret, and fail the attempt: the new secret arrives
 *   later, in a notification, and the consumer then starts the rotation again with it.
 *   A retry within the cooldown does not ask Amazon again.
 * - `setSecret`: nothing: Amazon already holds the new secret.
 * - `testSecret`: obtain an LWA token with the pending secret; if LWA refuses it, the
 *   step fails and the secret is never promoted.
 * - `finishSecret`: move `AWSCURRENT` to the pending version; clear the request record.
 *
 * Each step re-reads the secret's state, so it is safe to run again. `AWSCURRENT` is
 * only ever moved by `finishSecret`, after a successful test.
 */

export type RotationStep = 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';

/** The event Secrets Manager invokes a rotation function with. */
export interface RotationEvent {
  readonly Step: RotationStep;
  readonly SecretId: string;
  readonly ClientRequestToken: string;
  readonly RotationToken?: string;
}

export interface RotationDependencies {
  readonly secrets: SecretsManagerClient;
  readonly amazon: AmazonApplicationApi;
  readonly logger: Logger;
  /** The LWA secret this function rotates; it refuses any other. */
  readonly secretArn: string;
  /** A request to Amazon younger than this is not repeated. */
  readonly requestCooldownMs: number;
  readonly now?: () => Date;
}

/** A request to Amazon within this long is not repeated (the operation's quota is ~1 a minute). */
export const DEFAULT_REQUEST_COOLDOWN_MS = 60 * 60 * 1000;

/**
 * createSecret cannot complete yet: Amazon was asked for a new secret and delivers it
 * in a notification. An expected failure: it leaves `AWSCURRENT` as it is.
 */
export class AwaitingNewClientSecret extends Error {
  override name = 'AwaitingNewClientSecret';
}

/** A step that cannot be carried out; `AWSCURRENT` is left as it is. */
export class RotationStepError extends Error {
  override name = 'RotationStepError';
}

/** Runs one rotation step. Throws when the step did not complete. */
export async function runRotationStep(
  event: RotationEvent,
  deps: RotationDependencies,
): Promise<void> {
  const { Step: step, SecretId: secretId, ClientRequestToken: token } = event;
  // Secrets Manager passes the full ARN; IAM limits the role to this secret as well.
  if (secretId !== deps.secretArn) {
    throw new RotationStepError(`this function rotates ${deps.secretArn}, not ${secretId}`);
  }
  const described = await deps.secrets.send(new DescribeSecretCommand({ SecretId: secretId }));
  if (!described.RotationEnabled) {
    throw new RotationStepError('rotation is not enabled on the secret');
  }
  const labels = described.VersionIdsToStages?.[token];
  if (!labels) throw new RotationStepError(`version ${token} has no staging label`);
  if (labels.includes(CURRENT)) {
    deps.logger.info('version is already current', { step, versionId: token });
    return;
  }
  if (!labels.includes(PENDING)) {
    throw new RotationStepError(`version ${token} is not staged ${PENDING}`);
  }
  switch (step) {
    case 'createSecret':
      return createSecret(secretId, token, deps, rotationStateOf(described).requestedAt);
    case 'setSecret':
      deps.logger.info('nothing to set: Amazon issued the new secret', { step, versionId: token });
      return;
    case 'testSecret':
      return testSecret(secretId, token, deps);
    case 'finishSecret':
      return finishSecret(secretId, token, deps, rotationStateOf(described).currentVersionId);
    default:
      throw new RotationStepError(`unknown step ${String(step)}`);
  }
}

async function createSecret(
  secretId: string,
  token: string,
  deps: RotationDependencies,
  requestedAt: Date | undefined,
): Promise<void> {
  const pending = await pendingValue(deps.secrets, secretId, token);
  if (pending) {
    parseLwaCredentials(pending.SecretString);
    deps.logger.info('pending version holds the new secret', {
      step: 'createSecret',
      versionId: token,
    });
    return;
  }
  const now = (deps.now ?? (() => new Date()))();
  if (requestedAt && now.getTime() - requestedAt.getTime() < deps.requestCooldownMs) {
    throw new AwaitingNewClientSecret(
      `Amazon was asked for a new client secret at ${requestedAt.toISOString()}; waiting for its notification`,
    );
  }
  const current = await currentCredentials(deps.secrets, secretId);
  await deps.amazon.requestNewClientSecret(current);
  deps.logger.info('asked Amazon for a new client secret', {
    event: 'LwaClientSecretRequested',
    step: 'createSecret',
    versionId: token,
  });
  try {
    await deps.secrets.send(
      new TagResourceCommand({
        SecretId: secretId,
        Tags: [{ Key: ROTATION_REQUESTED_AT_TAG, Value: now.toISOString() }],
      }),
    );
  } catch (error) {
    throw new RotationStepError(
      `Amazon was asked for a new client secret, but recording the request failed (${describeError(error)}); a retry within the rate limit may ask again`,
    );
  }
  throw new AwaitingNewClientSecret(
    `Amazon was asked for a new client secret at ${now.toISOString()}; waiting for its notification`,
  );
}

async function testSecret(
  secretId: string,
  token: string,
  deps: RotationDependencies,
): Promise<void> {
  const pending = await pendingValue(deps.secrets, secretId, token);
  if (!pending) throw new RotationStepError(`pending version ${token} holds no value`);
  const candidate = parseLwaCredentials(pending.SecretString);
  const current = await currentCredentials(deps.secrets, secretId);
  if (candidate.clientId !== current.clientId) {
    throw new RotationStepError('the pending secret is for another client id than the current one');
  }
  try {
    await deps.amazon.testClientSecret(candidate);
  } catch (error) {
    if (error instanceof LwaError && error.isClientRejected) {
      throw new RotationStepError(
        `LWA refused the pending client secret (${error.code}); it is not promoted`,
      );
    }
    throw error;
  }
  deps.logger.info('LWA accepted the pending client secret', {
    step: 'testSecret',
    versionId: token,
  });
}

async function finishSecret(
  secretId: string,
  token: string,
  deps: RotationDependencies,
  currentVersionId: string | undefined,
): Promise<void> {
  await deps.secrets.send(
    new UpdateSecretVersionStageCommand({
      SecretId: secretId,
      VersionStage: CURRENT,
      MoveToVersionId: token,
      ...(currentVersionId ? { RemoveFromVersionId: currentVersionId } : {}),
    }),
  );
  await deps.secrets.send(
    new UntagResourceCommand({ SecretId: secretId, TagKeys: [ROTATION_REQUESTED_AT_TAG] }),
  );
  deps.logger.info('the new client secret is current', {
    event: 'LwaClientSecretRotated',
    step: 'finishSecret',
    versionId: token,
    previousVersionId: currentVersionId,
  });
}

/** The pending version's value, or `undefined` if the version holds none yet. */
async function pendingValue(
  secrets: SecretsManagerClient,
  secretId: string,
  token: string,
): Promise<GetSecretValueCommandOutput | undefined> {
  try {
    return await secrets.send(
      new GetSecretValueCommand({ SecretId: secretId, VersionId: token, VersionStage: PENDING }),
    );
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

async function currentCredentials(secrets: SecretsManagerClient, secretId: string) {
  const current = await secrets.send(
    new GetSecretValueCommand({ SecretId: secretId, VersionStage: CURRENT }),
  );
  const credentials = parseLwaCredentials(current.SecretString);
  if (isPlaceholder(credentials)) {
    throw new RotationStepError(
      'the LWA credentials are not set yet: run npm run put-lwa-credentials first',
    );
  }
  return credentials;
}

/**
 * Runs one step as the Lambda handler does: logs its outcome as a structured event
 * the construct's metric filters count (`LOG_EVENTS`), and rethrows a failure so that
 * Secrets Manager sees it.
 */
export async function handleRotationEvent(
  event: RotationEvent,
  deps: RotationDependencies,
): Promise<void> {
  const context = { step: event.Step, versionId: event.ClientRequestToken };
  try {
    await runRotationStep(event, deps);
    deps.logger.info('rotation step done', { event: LOG_EVENTS.stepDone, ...context });
  } catch (error) {
    if (error instanceof AwaitingNewClientSecret) {
      deps.logger.info(error.message, { event: LOG_EVENTS.awaitingNotification, ...context });
    } else {
      deps.logger.error('rotation step failed', {
        event: LOG_EVENTS.stepFailed,
        ...context,
        error: error as Error,
      });
    }
    throw error;
  }
}
