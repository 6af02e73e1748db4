/**
 * The environment variables the construct sets on each function, by name, and how a
 * handler reads them at cold start. A missing or malformed variable stops the function
 * at once, before it touches a secret.
 */
export const ROTATION_ENVIRONMENT = {
  secretArn: 'LWA_SECRET_ARN',
  spApiEndpoint: 'SP_API_ENDPOINT',
} as const;

export const CONSUMER_ENVIRONMENT = {
  secretArn: 'LWA_SECRET_ARN',
  rotationDays: 'ROTATION_DAYS',
  completionTimeoutMinutes: 'COMPLETION_TIMEOUT_MINUTES',
} as const;

/** What the hourly schedule sends the consumer, to tell it from an SQS batch. */
export const CHECK_ROTATION_INPUT = { action: 'check-rotation' } as const;

export function requiredEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') {
    throw new Error(`environment variable ${name} is not set`);
  }
  return value;
}

export function positiveIntegerEnv(name: string, env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(requiredEnv(name, env));
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`environment variable ${name} is not a positive whole number`);
  }
  return value;
}
