/**
 * Lambda entry point of the notification consumer: SQS batches from the two
 * notification queues, and the hourly rotation check. The logic is in
 * notification-consumer.ts.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createLogger } from '../../../lib/runtime/logger';
import {
  CHECK_ROTATION_INPUT,
  CONSUMER_ENVIRONMENT,
  positiveIntegerEnv,
  requiredEnv,
} from './environment';
import {
  ConsumerDependencies,
  RotationStatus,
  checkRotation,
  consumeNotificationBatch,
} from './notification-consumer';

const deps: ConsumerDependencies = {
  secrets: new SecretsManagerClient({}),
  logger: createLogger({ serviceName: 'sp-api-notification-consumer' }),
  secretArn: requiredEnv(CONSUMER_ENVIRONMENT.secretArn),
  rotationDays: positiveIntegerEnv(CONSUMER_ENVIRONMENT.rotationDays),
  completionTimeoutMs: positiveIntegerEnv(CONSUMER_ENVIRONMENT.completionTimeoutMinutes) * 60_000,
};

export function handler(event: SQSEvent): Promise<SQSBatchResponse>;
export function handler(event: typeof CHECK_ROTATION_INPUT): Promise<RotationStatus>;
export async function handler(
  event: SQSEvent | typeof CHECK_ROTATION_INPUT,
): Promise<SQSBatchResponse | RotationStatus> {
  if ('Records' in event) return consumeNotificationBatch(event, deps);
  if (event.action === CHECK_ROTATION_INPUT.action) return checkRotation(deps);
  throw new Error('unexpected event: neither an SQS batch nor the rotation check');
}
