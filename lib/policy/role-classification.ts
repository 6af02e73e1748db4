/**
 * How a role declares who assumes it, so that the DPP pack can tell a role for people
 * from a role for workloads without guessing from its name or trust policy. The access
 * constructs write these tags; the rules read them; a reviewer sees them on the role.
 */

/** Tag naming who assumes the role: `human` or `workload`. */
export const ACCESS_PRINCIPAL_TAG = 'AccessPrincipal';
export type AccessPrincipal = 'human' | 'workload';

/**
 * Tag on a human role naming where its MFA is enforced:
 * - `trust-policy`: every statement of the trust policy requires
 *   `aws:MultiFactorAuthPresent` (IAM principals, whose sessions carry the key);
 * - `identity-provider`: the role also admits sessions from IAM Identity Center or a
 *   SAML or OIDC provider, which cannot carry the key, and its owner declares that
 *   the identity provider requires MFA for every sign-in.
 */
export const MFA_ENFORCED_BY_TAG = 'MfaEnforcedBy';
export type MfaEnforcedBy = 'trust-policy' | 'identity-provider';

/** Tag naming the job function of a human role, e.g. `fulfillment-operator`. */
export const JOB_FUNCTION_TAG = 'JobFunction';
