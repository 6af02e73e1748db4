import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { cite } from '../../lib/policy/clauses';
import { MfaEnforcedBy } from '../../lib/policy/role-classification';

/**
 * Who may assume a job-function role (DPP 1.2 Access Management: one identity per
 * person; DUP 3.7: access only within the organization). Four shapes:
 *
 * - IAM Identity Center: the users of named permission sets, through the roles
 *   Identity Center provisions (`AWSReservedSSO_<permission set>_<suffix>`).
 * - A SAML 2.0 identity provider of this account (console federation).
 * - An OIDC identity provider of this account, for named subjects of one client.
 * - IAM principals of a named account (e.g. an identity account), with MFA.
 *
 * An IAM principal's session carries `aws:MultiFactorAuthPresent`, so its trust
 * statement requires it. Identity Center and federated sessions never carry the key:
 * their MFA is enforced by the identity provider, and the props must say so
 * (`mfa: 'enforced-by-identity-provider'`), which the role records in a tag that the
 * DPP pack and reviewers read.
 */
export type HumanPrincipals =
  IdentityCenterPrincipals | SamlPrincipals | OidcPrincipals | AccountIamPrincipals;

/** What a federated shape must declare: its MFA is the identity provider's job. */
export type IdentityProviderMfa = 'enforced-by-identity-provider';

export interface IdentityCenterPrincipals {
  readonly kind: 'identity-center';
  /** Permission sets whose users may assume the role, e.g. `FulfillmentOperator`. */
  readonly permissionSetNames: readonly string[];
  /**
   * The account the permission sets are provisioned in.
   * @default the stack's account
   */
  readonly account?: string;
  /** Identity Center requires MFA at sign-in (Settings, Authentication: "Every time they sign in"). */
  readonly mfa: IdentityProviderMfa;
}

export interface SamlPrincipals {
  readonly kind: 'saml';
  /** The SAML provider of this account whose assertions may name the role. */
  readonly provider: iam.ISamlProvider;
  /** The identity provider requires MFA before it issues an assertion for the role. */
  readonly mfa: IdentityProviderMfa;
}

export interface OidcPrincipals {
  readonly kind: 'oidc';
  /** The OIDC provider of this account. */
  readonly provider: iam.IOpenIdConnectProvider;
  /** Its issuer without `https://`, as IAM names its condition keys, e.g. `login.example.com/oauth2`. */
  readonly issuer: string;
  /** The client id the tokens are issued to (`aud`). */
  readonly audience: string;
  /** The subjects (`sub`, wildcards allowed) that may assume the role; never just `*`. */
  readonly subjects: readonly string[];
  /** The identity provider requires MFA before it issues a token for the role. */
  readonly mfa: IdentityProviderMfa;
}

export interface AccountIamPrincipals {
  readonly kind: 'iam-principals';
  /** The account whose IAM principals may assume the role. */
  readonly account: string;
  /**
   * Which of its principals (ARNs, wildcards allowed), e.g.
   * `arn:aws:iam::111111111111:role/BreakGlass`.
   * @default any principal of the account that its own policies allow to assume the role
   */
  readonly principalArns?: readonly string[];
  /**
   * How long before the request the principal may have authenticated with MFA.
   * @default Duration.hours(1)
   */
  readonly maxMfaAge?: Duration;
}

export interface HumanTrustOptions {
  /**
   * The AWS Organizations id (`o-...`) that principals of an account must belong to
   * (`aws:PrincipalOrgID`, DUP 3.7).
   * @default - principals must belong to the account they are named in (`aws:PrincipalAccount`)
   */
  readonly organizationId?: string;
}

/** Raised at synth for trust props that would admit the wrong people. */
export class HumanTrustError extends Error {}

const ACCOUNT_ID = /^\d{12}$/;
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const PERMISSION_SET_NAME = /^[\w+=,.@-]{1,32}$/;
const MAX_MFA_AGE = Duration.hours(12);

/** A trust statement's principal, and how its MFA is enforced. */
export interface TrustedPrincipal {
  readonly principal: iam.IPrincipal;
  readonly mfaEnforcedBy: MfaEnforcedBy;
}

/** The principal of one shape, with the conditions that bind it to MFA and the organization. */
export function trustedPrincipal(
  scope: IConstruct,
  principals: HumanPrincipals,
  options: HumanTrustOptions = {},
): TrustedPrincipal {
  const where = scope.node.path;
  if (options.organizationId !== undefined && !ORGANIZATION_ID.test(options.organizationId)) {
    throw new HumanTrustError(
      `${where}: organizationId '${options.organizationId}' is not an AWS Organizations id (o-...)`,
    );
  }
  switch (principals.kind) {
    case 'identity-center':
      return identityCenter(scope, principals, options);
    case 'saml':
      requireIdpMfa(where, principals);
      return {
        principal: new iam.SamlConsolePrincipal(principals.provider),
        mfaEnforcedBy: 'identity-provider',
      };
    case 'oidc':
      return oidc(where, principals);
    case 'iam-principals':
      return accountPrincipals(scope, principals, options);
  }
}

function requireIdpMfa(where: string, principals: { kind: string; mfa?: unknown }): void {
  if (principals.mfa !== 'enforced-by-identity-provider') {
    throw new HumanTrustError(
      `${where}: ${principals.kind} sessions cannot carry aws:MultiFactorAuthPresent, so mfa must be 'enforced-by-identity-provider' (and the identity provider must require MFA): ${cite('DPP 1.2')}`,
    );
  }
}

/**
 * `aws:PrincipalOrgID` when the organization is known, else the principal's own
 * account, which must then be the stack's: principals of another account are
 * admitted only as members of the organization (DUP 3.7).
 */
function organizationScope(
  scope: IConstruct,
  account: string,
  options: HumanTrustOptions,
): Record<string, string> {
  if (options.organizationId) return { 'aws:PrincipalOrgID': options.organizationId };
  const own = Stack.of(scope).account;
  if (!Token.isUnresolved(account) && !Token.isUnresolved(own) && account !== own) {
    throw new HumanTrustError(
      `${scope.node.path}: principals of account ${account} are outside this account, so organizationId must name the organization both belong to (${cite('DUP 3.7')})`,
    );
  }
  return { 'aws:PrincipalAccount': account };
}

function requireAccount(where: string, field: string, account: string): void {
  if (!Token.isUnresolved(account) && !ACCOUNT_ID.test(account)) {
    throw new HumanTrustError(`${where}: ${field} '${account}' is not a 12-digit AWS account id`);
  }
}

function identityCenter(
  scope: IConstruct,
  principals: IdentityCenterPrincipals,
  options: HumanTrustOptions,
): TrustedPrincipal {
  const where = scope.node.path;
  requireIdpMfa(where, principals);
  if (principals.permissionSetNames.length === 0) {
    throw new HumanTrustError(`${where}: identity-center permissionSetNames is empty`);
  }
  for (const name of principals.permissionSetNames) {
    if (!PERMISSION_SET_NAME.test(name)) {
      throw new HumanTrustError(
        `${where}: '${name}' is not an IAM Identity Center permission set name`,
      );
    }
  }
  const stack = Stack.of(scope);
  const account = principals.account ?? stack.account;
  requireAccount(where, 'identity-center account', account);
  // Identity Center provisions its roles under this path, with or without a region
  // segment, and appends a suffix to the permission set's name.
  const roleArns = principals.permissionSetNames.map(
    (name) =>
      `arn:${stack.partition}:iam::${account}:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_${name}_*`,
  );
  return {
    principal: new iam.AccountPrincipal(account).withConditions({
      ArnLike: { 'aws:PrincipalArn': roleArns },
      StringEquals: organizationScope(scope, account, options),
    }),
    mfaEnforcedBy: 'identity-provider',
  };
}

function oidc(where: string, principals: OidcPrincipals): TrustedPrincipal {
  requireIdpMfa(where, principals);
  const { issuer, audience, subjects } = principals;
  if (Token.isUnresolved(issuer) || /^[a-z]+:\/\//i.test(issuer) || issuer.trim() === '') {
    throw new HumanTrustError(
      `${where}: oidc issuer '${issuer}' must be the literal issuer host and path without https://`,
    );
  }
  if (!audience.trim()) throw new HumanTrustError(`${where}: oidc audience is empty`);
  if (subjects.length === 0 || subjects.some((s) => s.trim() === '' || /^\*+$/.test(s))) {
    throw new HumanTrustError(
      `${where}: oidc subjects must name who may assume the role; '*' would admit every user of the client`,
    );
  }
  return {
    principal: new iam.OpenIdConnectPrincipal(principals.provider, {
      StringEquals: { [`${issuer}:aud`]: audience },
      StringLike: { [`${issuer}:sub`]: [...subjects] },
    }),
    mfaEnforcedBy: 'identity-provider',
  };
}

function accountPrincipals(
  scope: IConstruct,
  principals: AccountIamPrincipals,
  options: HumanTrustOptions,
): TrustedPrincipal {
  const where = scope.node.path;
  const { account } = principals;
  requireAccount(where, 'iam-principals account', account);
  for (const arn of principals.principalArns ?? []) {
    if (!Token.isUnresolved(arn) && !arn.includes(`:iam::${account}:`)) {
      throw new HumanTrustError(`${where}: principal ${arn} is not in account ${account}`);
    }
  }
  const maxMfaAge = principals.maxMfaAge ?? Duration.hours(1);
  if (maxMfaAge.toSeconds() > MAX_MFA_AGE.toSeconds() || maxMfaAge.toSeconds() < 1) {
    throw new HumanTrustError(
      `${where}: maxMfaAge ${maxMfaAge.toHumanString()} is outside 1 second to ${MAX_MFA_AGE.toHumanString()}`,
    );
  }
  return {
    principal: new iam.AccountPrincipal(account).withConditions({
      Bool: { 'aws:MultiFactorAuthPresent': 'true' },
      NumericLessThan: { 'aws:MultiFactorAuthAge': String(maxMfaAge.toSeconds()) },
      StringEquals: organizationScope(scope, account, options),
      ...(principals.principalArns?.length
        ? { ArnLike: { 'aws:PrincipalArn': [...principals.principalArns] } }
        : {}),
    }),
    mfaEnforcedBy: 'trust-policy',
  };
}
