import { AccountLevelOwnership, accountLevelOwnershipErrors } from '../../lib/policy/account-level';
import {
  BASELINE_MIN_PASSWORD_REUSE_PREVENTION,
  DPP_MAX_CREDENTIAL_AGE_DAYS,
  DPP_MIN_PASSWORD_LENGTH,
  IAM_PASSWORD_POLICY_LIMITS,
} from '../../lib/policy/bounds';
import { cite } from '../../lib/policy/clauses';
import { PasswordPolicyValues } from './functions/password-policy-wire';

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

const IAM_MAX_PASSWORD_LENGTH = IAM_PASSWORD_POLICY_LIMITS.maxMinimumLength;
/** "Rotated at least quarterly": no password lives longer than 90 days. */
const DPP_MAX_PASSWORD_AGE_DAYS = DPP_MAX_CREDENTIAL_AGE_DAYS;
const MIN_PASSWORD_REUSE_PREVENTION = BASELINE_MIN_PASSWORD_REUSE_PREVENTION;
const IAM_MAX_PASSWORD_REUSE_PREVENTION = IAM_PASSWORD_POLICY_LIMITS.maxReusePrevention;

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

/** Who sets the account password policy (see `AccountLevelOwnership` in lib/policy). */
export type PasswordPolicyOwnership = AccountLevelOwnership;

export interface EnvironmentPasswordPolicyOwnership {
  /** The environment's name, e.g. `prod`. */
  readonly environment: string;
  /** Its 12-digit account id. */
  readonly account: string;
  readonly passwordPolicy: PasswordPolicyOwnership;
}

/**
 * Checks the ownership choices of all environments together: in each account exactly
 * one environment sets the password policy, or all of them leave it outside the
 * baseline. One message per environment whose choice breaks this.
 */
export function passwordPolicyOwnershipErrors(
  environments: readonly EnvironmentPasswordPolicyOwnership[],
): string[] {
  return accountLevelOwnershipErrors(
    'account password policy',
    'DPP 1.4',
    environments.map((e) => ({
      environment: e.environment,
      account: e.account,
      ownership: e.passwordPolicy,
    })),
  ).map((e) => `${e.environment}: ${e.message}`);
}
