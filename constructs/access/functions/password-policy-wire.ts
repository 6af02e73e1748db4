/**
 * What the account password policy's custom resource hands its function, and how the
 * function records the policy it replaced. Shared by the construct and the function,
 * so it imports nothing from aws-cdk-lib (the function's bundle stays small).
 */

/** The CloudFormation type of the custom resource; the DPP pack finds it by this name. */
export const PASSWORD_POLICY_RESOURCE_TYPE = 'Custom::AccountPasswordPolicy';

/**
 * An account password policy in the terms of IAM's `UpdateAccountPasswordPolicy`. An
 * absent `MaxPasswordAge` means passwords never expire; an absent
 * `PasswordReusePrevention` means any earlier password may come back.
 */
export interface PasswordPolicyValues {
  readonly MinimumPasswordLength: number;
  readonly RequireUppercaseCharacters: boolean;
  readonly RequireLowercaseCharacters: boolean;
  readonly RequireNumbers: boolean;
  readonly RequireSymbols: boolean;
  readonly AllowUsersToChangePassword: boolean;
  readonly MaxPasswordAge?: number;
  readonly PasswordReusePrevention?: number;
  readonly HardExpiry: boolean;
}

const BOOLEAN_FIELDS = [
  'RequireUppercaseCharacters',
  'RequireLowercaseCharacters',
  'RequireNumbers',
  'RequireSymbols',
  'AllowUsersToChangePassword',
  'HardExpiry',
] as const;

const NUMBER_FIELDS = [
  'MinimumPasswordLength',
  'MaxPasswordAge',
  'PasswordReusePrevention',
] as const;

/** Thrown when a custom resource event or a recorded policy cannot be read. */
export class PasswordPolicyFormatError extends Error {}

function parseBoolean(field: string, value: unknown): boolean {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new PasswordPolicyFormatError(
    `${field} must be true or false, received ${JSON.stringify(value)}`,
  );
}

function parseWholeNumber(field: string, value: unknown): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 0) {
    throw new PasswordPolicyFormatError(
      `${field} must be a whole number, received ${JSON.stringify(value)}`,
    );
  }
  return number;
}

/**
 * The policy in a custom resource's properties. CloudFormation hands every property
 * of a custom resource to its function as a string, so `"14"` and `"true"` are read
 * as 14 and true; anything else is refused rather than guessed.
 */
export function parsePasswordPolicy(properties: Record<string, unknown>): PasswordPolicyValues {
  const policy: Record<string, number | boolean> = {};
  for (const field of BOOLEAN_FIELDS) policy[field] = parseBoolean(field, properties[field]);
  for (const field of NUMBER_FIELDS) {
    if (properties[field] !== undefined) policy[field] = parseWholeNumber(field, properties[field]);
  }
  if (policy.MinimumPasswordLength === undefined) {
    throw new PasswordPolicyFormatError('MinimumPasswordLength is missing');
  }
  return policy as unknown as PasswordPolicyValues;
}

/** Prefix of the physical ids the function hands CloudFormation. */
export const PHYSICAL_ID_PREFIX = 'account-password-policy:v1:';
const NO_POLICY = 'none';

/**
 * The physical id of the resource, which carries the policy the account had before
 * the resource first set its own (`undefined`: none). CloudFormation keeps the
 * physical id for the life of the resource and hands it back on every update and on
 * delete, so the record needs no store of its own and cannot drift from the resource.
 */
export function physicalIdRecording(previous: PasswordPolicyValues | undefined): string {
  if (previous === undefined) return `${PHYSICAL_ID_PREFIX}${NO_POLICY}`;
  return `${PHYSICAL_ID_PREFIX}${Buffer.from(JSON.stringify(previous)).toString('base64url')}`;
}

/**
 * What a physical id recorded: `{ previous }` for an id this function wrote
 * (`previous` undefined when the account had no policy), `undefined` for any other id,
 * e.g. the request id the provider framework substitutes when a create failed.
 */
export function recordedPolicy(
  physicalId: string,
): { readonly previous: PasswordPolicyValues | undefined } | undefined {
  if (!physicalId.startsWith(PHYSICAL_ID_PREFIX)) return undefined;
  const encoded = physicalId.slice(PHYSICAL_ID_PREFIX.length);
  if (encoded === NO_POLICY) return { previous: undefined };
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    throw new PasswordPolicyFormatError(
      `physical id ${physicalId} does not hold a readable policy`,
    );
  }
  return { previous: parsePasswordPolicy(decoded as Record<string, unknown>) };
}
