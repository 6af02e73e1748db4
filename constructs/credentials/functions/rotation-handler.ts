/**
 * Lambda entry point of the LWA client-secret rotation function; Secrets Manager
 * invokes it for each rotation step. The logic is in rotation.ts.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createLogger } from '../../../lib/runtime/logger';
import { amazonApplicationApi } from './amazon-application';
import { ROTATION_ENVIRONMENT, requiredEnv } from './environment';
import { DEFAULT_REQUEST_COOLDOWN_MS, RotationEvent, handleRotationEvent } from './rotation';

const deps = {
  secrets: new SecretsManagerClient({}),
  amazon: amazonApplicationApi({ spApiEndpoint: requiredEnv(ROTATION_ENVIRONMENT.spApiEndpoint) }),
  logger: createLogger({ serviceName: 'lwa-client-secret-rotation' }),
  secretArn: requiredEnv(ROTATION_ENVIRONMENT.secretArn),
  requestCooldownMs: DEFAULT_REQUEST_COOLDOWN_MS,
};

export const handler = (event: RotationEvent): Promise<void> => handleRotationEvent(event, deps);
