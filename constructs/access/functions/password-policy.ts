/**
 * The function behind the account password policy custom resource (DPP 1.4
 * Password Management). The provider framework calls it on create, update and delete
 * and answers CloudFormation with what it returns.
 *
 * - Create: read the account's current policy, set the baseline's, and return a
 *   physical id that records the policy it replaced (or that there was none).
 * - Update: set the new policy and keep the physical id, so the record of the
 *   original policy survives every update (a new id would make CloudFormation delete
 *   the old resource, which would restore the original policy over the new one).
 * - Delete: restore the recorded policy (or delete the policy when there was none),
 *   unless someone has changed the policy since the baseline set it: then it is no
 *   longer the baseline's to undo, and it stays. A physical id the function did not
 *   write (a create that failed) changes nothing.
 */
import {
  DeleteAccountPasswordPolicyCommand,
  GetAccountPasswordPolicyCommand,
  IAMClient,
  PasswordPolicy,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { createLogger } from '../../../lib/runtime/logger';
import { RetryOptions, isRetryableAwsError, withRetries } from '../../../lib/runtime/retry';
import {
  PasswordPolicyValues,
  parsePasswordPolicy,
  physicalIdRecording,
  recordedPolicy,
} from './password-policy-wire';

/** What the provider framework expects back. */
export interface PasswordPolicyResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: Record<string, string>;
}

export interface PasswordPolicyHandlerDependencies {
  readonly iam: IAMClient;
  readonly logger: Logger;
  /** @default bounded retries of throttling and server errors, real timers */
  readonly retry?: Partial<RetryOptions>;
}

/** IAM's control plane throttles at a few calls per second; six attempts span about half a minute. */
const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 8000,
  isRetryable: isRetryableAwsError,
};

/** The IAM form of a policy as `GetAccountPasswordPolicy` returns it; absent flags are off. */
export function fromIamPolicy(policy: PasswordPolicy): PasswordPolicyValues {
  return {
    MinimumPasswordLength: policy.MinimumPasswordLength ?? 8,
    RequireUppercaseCharacters: policy.RequireUppercaseCharacters ?? false,
    RequireLowercaseCharacters: policy.RequireLowercaseCharacters ?? false,
    RequireNumbers: policy.RequireNumbers ?? false,
    RequireSymbols: policy.RequireSymbols ?? false,
    AllowUsersToChangePassword: policy.AllowUsersToChangePassword ?? false,
    ...(policy.MaxPasswordAge ? { MaxPasswordAge: policy.MaxPasswordAge } : {}),
    ...(policy.PasswordReusePrevention
      ? { PasswordReusePrevention: policy.PasswordReusePrevention }
      : {}),
    HardExpiry: policy.HardExpiry ?? false,
  };
}

/**
 * A policy as a log line shows it. The logger redacts every field whose name mentions
 * a password, which IAM's names all do; these names carry the same settings, none of
 * them secret.
 */
export function policyForLog(
  policy: PasswordPolicyValues | undefined,
): Record<string, unknown> | 'none' {
  if (policy === undefined) return 'none';
  return {
    minimumLength: policy.MinimumPasswordLength,
    requireUppercase: policy.RequireUppercaseCharacters,
    requireLowercase: policy.RequireLowercaseCharacters,
    requireNumbers: policy.RequireNumbers,
    requireSymbols: policy.RequireSymbols,
    allowUsersToChange: policy.AllowUsersToChangePassword,
    maxAgeDays: policy.MaxPasswordAge ?? 'never expires',
    reusePrevention: policy.PasswordReusePrevention ?? 'none',
    hardExpiry: policy.HardExpiry,
  };
}

/** Whether two policies set the same values (absent and zero ages are the same: none). */
export function samePolicy(a: PasswordPolicyValues, b: PasswordPolicyValues): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof PasswordPolicyValues>;
  return [...keys].every((key) => (a[key] ?? 0) === (b[key] ?? 0));
}

/** The function, with its AWS client and logger given (tests pass fakes). */
export function createPasswordPolicyHandler(deps: PasswordPolicyHandlerDependencies) {
  const { iam, logger } = deps;
  const retry = { ...DEFAULT_RETRY, ...deps.retry };
  const call = <T>(what: string, operation: () => Promise<T>) =>
    withRetries(operation, {
      ...retry,
      onRetry: ({ attempt, delayMs, error }) =>
        logger.warn('IAM call throttled or failed, retrying', {
          call: what,
          attempt,
          delayMs,
          error: (error as Error)?.name,
        }),
    });

  async function currentPolicy(): Promise<PasswordPolicyValues | undefined> {
    try {
      const { PasswordPolicy: policy } = await call('GetAccountPasswordPolicy', () =>
        iam.send(new GetAccountPasswordPolicyCommand({})),
      );
      return policy ? fromIamPolicy(policy) : undefined;
    } catch (error) {
      if ((error as Error)?.name === 'NoSuchEntityException') return undefined;
      throw error;
    }
  }

  async function setPolicy(policy: PasswordPolicyValues): Promise<void> {
    await call('UpdateAccountPasswordPolicy', () =>
      iam.send(new UpdateAccountPasswordPolicyCommand({ ...policy })),
    );
  }

  async function removePolicy(): Promise<void> {
    try {
      await call('DeleteAccountPasswordPolicy', () =>
        iam.send(new DeleteAccountPasswordPolicyCommand({})),
      );
    } catch (error) {
      if ((error as Error)?.name !== 'NoSuchEntityException') throw error;
    }
  }

  async function onCreate(desired: PasswordPolicyValues): Promise<PasswordPolicyResponse> {
    const previous = await currentPolicy();
    await setPolicy(desired);
    logger.info('Account password policy set', {
      policy: policyForLog(desired),
      previousPolicy: policyForLog(previous),
    });
    return {
      PhysicalResourceId: physicalIdRecording(previous),
      Data: { PreviousPolicy: previous ? JSON.stringify(previous) : 'none' },
    };
  }

  async function onUpdate(
    physicalId: string,
    desired: PasswordPolicyValues,
  ): Promise<PasswordPolicyResponse> {
    await setPolicy(desired);
    logger.info('Account password policy updated', { policy: policyForLog(desired) });
    return { PhysicalResourceId: physicalId };
  }

  async function onDelete(
    physicalId: string,
    properties: Record<string, unknown>,
  ): Promise<PasswordPolicyResponse> {
    const record = recordedPolicy(physicalId);
    if (record === undefined) {
      logger.info('Nothing to restore: the resource never set the policy', { physicalId });
      return { PhysicalResourceId: physicalId };
    }
    const lastSet = parsePasswordPolicy(properties);
    const current = await currentPolicy();
    if (current === undefined || !samePolicy(current, lastSet)) {
      logger.warn('Account password policy changed since the baseline set it; leaving it as is', {
        current: policyForLog(current),
        setByBaseline: policyForLog(lastSet),
      });
      return { PhysicalResourceId: physicalId };
    }
    if (record.previous === undefined) {
      await removePolicy();
      logger.info('Account password policy removed: the account had none before');
    } else {
      await setPolicy(record.previous);
      logger.info('Account password policy restored', { policy: policyForLog(record.previous) });
    }
    return { PhysicalResourceId: physicalId };
  }

  return async function handler(
    event: CloudFormationCustomResourceEvent,
  ): Promise<PasswordPolicyResponse> {
    logger.info('Custom resource request', {
      requestType: event.RequestType,
      logicalResourceId: event.LogicalResourceId,
    });
    switch (event.RequestType) {
      case 'Create':
        return onCreate(parsePasswordPolicy(event.ResourceProperties));
      case 'Update':
        return onUpdate(event.PhysicalResourceId, parsePasswordPolicy(event.ResourceProperties));
      case 'Delete':
        return onDelete(event.PhysicalResourceId, event.ResourceProperties);
    }
  };
}

export const handler = createPasswordPolicyHandler({
  iam: new IAMClient({}),
  logger: createLogger({ serviceName: 'account-password-policy' }),
});
