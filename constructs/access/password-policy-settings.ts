import { cite } from '../../lib/clauses/catalogue';
import { PasswordPolicyValues } from './password-policy-wire';

/**
 * The account password policy of the baseline (DPP 1.4 Password Management:
 * "a minimum of 8 characters, contain upper and lower case letters, contain numbers,
 * contain special characters, and rotated at least quarterly").
 *
 * The defaults are stricter than the clause; settings may tighten them further, and
 * a setting that loosens the policy below the clause or the baseline's floor fails at
 * synth, naming the setting and the clause.
 */
export interface PasswordPolicySettings {
  /**
   * Minimum number of characters: at least the 8 of DPP 1.4, at most IAM's 128.
   * @default 14
   */
  readonly minimumLength?: number;
  /**
   * Whether a password needs an upper-case letter; DPP 1.4 requires it.
   * @default true
   */
  readonly requireUppercase?: boolean;
  /**
   * Whether a password needs a lower-case letter; DPP 1.4 requires it.
   * @default true
   */
  readonly requireLowercase?: boolean;
  /**
   * Whether a password needs a number; DPP 1.4 requires it.
   * @default true
   */
  readonly requireNumbers?: boolean;
  /**
   * Whether a password needs a symbol; DPP 1.4 requires it.
   * @default true
   */
  readonly requireSymbols?: boolean;
  /**
   * Days after which a password must be changed: 1 to 90, since DPP 1.4 asks for
   * rotation at least quarterly.
   * @default 90
   */
  readonly maxAgeDays?: number;
  /**
   * How many earlier passwords cannot come back: 10 (the baseline's floor, without
   * which rotation could alternate between two passwords) to IAM's 24.
   * @default 24
   */
  readonly reusePrevention?: number;
  /**
   * Whether people may change their own password (they must, to rotate it).
   * @default true
   */
  readonly allowUsersToChangePassword?: boolean;
  /**
   * Whether an expired password locks its user out until an administrator resets it.
   * @default false
   */
  readonly hardExpiry?: boolean;
}

/** DPP 1.4's minimum password length. */
export const DPP_MIN_PASSWORD_LENGTH = 8;
/** IAM's maximum minimum length. */
export const IAM_MAX_PASSWORD_LENGTH = 128;
/** "Rotated at least quarterly": no password lives longer than 90 days. */
export const DPP_MAX_PASSWORD_AGE_DAYS = 90;
/** The baseline's floor on password reuse prevention. */
export const MIN_PASSWORD_REUSE_PREVENTION = 10;
/** IAM's maximum reuse prevention. */
export const IAM_MAX_PASSWORD_REUSE_PREVENTION = 24;

export const PASSWORD_POLICY_DEFAULTS: Required<PasswordPolicySettings> = {
  minimumLength: 14,
  requireUppercase: true,
  requireLowercase: true,
  requireNumbers: true,
  requireSymbols: true,
  maxAgeDays: DPP_MAX_PASSWORD_AGE_DAYS,
  reusePrevention: IAM_MAX_PASSWORD_REUSE_PREVENTION,
  allowUsersToChangePassword: true,
  hardExpiry: false,
};

/** Raised at synth when password settings loosen the policy. */
export class PasswordPolicyError extends Error {}

function requireWholeNumberIn(
  field: string,
  value: number,
  min: number,
  max: number,
  why: string,
): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new PasswordPolicyError(`password policy ${field} ${value} is not allowed: ${why}`);
  }
}

const CHARACTER_CLASSES = [
  ['requireUppercase', 'upper case letters'],
  ['requireLowercase', 'lower case letters'],
  ['requireNumbers', 'numbers'],
  ['requireSymbols', 'special characters'],
] as const;

/**
 * The settings with their defaults filled in, checked against DPP 1.4 and the
 * baseline's floors. Throws `PasswordPolicyError` naming the setting, the value and
 * the clause, e.g. `password policy minimumLength 6 is not allowed: DPP 1.4 Password
 * Management requires at least 8 characters`.
 */
export function resolvePasswordPolicy(
  settings: PasswordPolicySettings = {},
): Required<PasswordPolicySettings> {
  const defined = Object.fromEntries(
    Object.entries(settings).filter(([, value]) => value !== undefined),
  );
  const resolved: Required<PasswordPolicySettings> = { ...PASSWORD_POLICY_DEFAULTS, ...defined };
  const clause = cite('DPP 1.4');
  requireWholeNumberIn(
    'minimumLength',
    resolved.minimumLength,
    DPP_MIN_PASSWORD_LENGTH,
    IAM_MAX_PASSWORD_LENGTH,
    `${clause} requires at least ${DPP_MIN_PASSWORD_LENGTH} characters (IAM accepts up to ${IAM_MAX_PASSWORD_LENGTH})`,
  );
  for (const [field, what] of CHARACTER_CLASSES) {
    if (resolved[field] !== true) {
      throw new PasswordPolicyError(
        `password policy ${field} ${String(resolved[field])} is not allowed: ${clause} requires passwords to contain ${what}`,
      );
    }
  }
  requireWholeNumberIn(
    'maxAgeDays',
    resolved.maxAgeDays,
    1,
    DPP_MAX_PASSWORD_AGE_DAYS,
    `${clause} requires passwords to be rotated at least quarterly, so at most every ${DPP_MAX_PASSWORD_AGE_DAYS} days`,
  );
  requireWholeNumberIn(
    'reusePrevention',
    resolved.reusePrevention,
    MIN_PASSWORD_REUSE_PREVENTION,
    IAM_MAX_PASSWORD_REUSE_PREVENTION,
    `rotation under ${clause} means nothing if an old password can come back; the baseline remembers at least ${MIN_PASSWORD_REUSE_PREVENTION} (IAM at most ${IAM_MAX_PASSWORD_REUSE_PREVENTION})`,
  );
  return resolved;
}

/** The resolved settings in the terms of IAM's `UpdateAccountPasswordPolicy`. */
export function toIamPasswordPolicy(
  settings: Required<PasswordPolicySettings>,
): PasswordPolicyValues {
  return {
    MinimumPasswordLength: settings.minimumLength,
    RequireUppercaseCharacters: settings.requireUppercase,
    RequireLowercaseCharacters: settings.requireLowercase,
    RequireNumbers: settings.requireNumbers,
    RequireSymbols: settings.requireSymbols,
    AllowUsersToChangePassword: settings.allowUsersToChangePassword,
    MaxPasswordAge: settings.maxAgeDays,
    PasswordReusePrevention: settings.reusePrevention,
    HardExpiry: settings.hardExpiry,
  };
}

/**
 * Who sets the password policy of an environment's account. The policy is one per
 * account: two stacks that both set it would overwrite each other, and deleting one
 * would restore what was there before the other's.
 *
 * - `this-environment`: this environment's stack creates the custom resource.
 * - `another-environment`: an environment in the same account does.
 * - `outside-baseline`: the account's policy is set elsewhere (an organization-wide
 *   stack set, another team's stack); the access review checks it.
 */
export type PasswordPolicyOwnership =
  'this-environment' | 'another-environment' | 'outside-baseline';

export interface EnvironmentPasswordPolicyOwnership {
  /** The environment's name, e.g. `prod`. */
  readonly environment: string;
  /** Its 12-digit account id. */
  readonly account: string;
  readonly passwordPolicy: PasswordPolicyOwnership;
}

/**
 * Checks the ownership choices of all environments together: in each account exactly
 * one environment sets the password policy, or all of them leave it to something
 * outside the baseline. Returns one message per account that breaks this (empty
 * when all is well), for the config validation to report.
 */
export function passwordPolicyOwnershipErrors(
  environments: readonly EnvironmentPasswordPolicyOwnership[],
): string[] {
  const byAccount = new Map<string, EnvironmentPasswordPolicyOwnership[]>();
  for (const env of environments) {
    byAccount.set(env.account, [...(byAccount.get(env.account) ?? []), env]);
  }
  const errors: string[] = [];
  for (const [account, envs] of byAccount) {
    const names = (choice: PasswordPolicyOwnership) =>
      envs.filter((e) => e.passwordPolicy === choice).map((e) => e.environment);
    const owners = names('this-environment');
    const outside = names('outside-baseline');
    const deferring = names('another-environment');
    if (owners.length > 1) {
      errors.push(
        `account ${account}: environments ${owners.join(' and ')} both set passwordPolicy to this-environment; the account has one password policy (${cite('DPP 1.4')}), so exactly one environment may own it and the others must say another-environment`,
      );
    } else if (owners.length === 1 && outside.length > 0) {
      errors.push(
        `account ${account}: environment ${owners[0]} sets the password policy while ${outside.join(' and ')} say it is set outside the baseline; choose one`,
      );
    } else if (owners.length === 0 && deferring.length > 0) {
      errors.push(
        `account ${account}: ${deferring.join(' and ')} leave the password policy to another environment, but no environment in the account sets it (${cite('DPP 1.4')}); set passwordPolicy to this-environment on one of them`,
      );
    }
  }
  return errors;
}
