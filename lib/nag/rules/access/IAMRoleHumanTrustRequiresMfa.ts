import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule } from '../../rule';
import { Statement, conditionValues } from '../../policy';
import { ACCESS_PRINCIPAL_TAG, MFA_ENFORCED_BY_TAG } from '../../../policy/role-classification';
import { tagValue } from '../../template';
import { admitsOnlyServices, flatten, principalsByType, trustStatements } from './iam-documents';

/** The roles Identity Center provisions for its permission sets, under their reserved path. */
const IDENTITY_CENTER_ROLE = /^arn:[^:]+:iam::[^:]+:role\/aws-reserved\/sso\.amazonaws\.com\//;

/** Whether the statement admits a session only with MFA (`Bool`, not `BoolIfExists`, which admits sessions without the key). */
function requiresMfa(statement: Statement): boolean {
  const values = conditionValues(statement, ['Bool'], 'aws:MultiFactorAuthPresent');
  return values.length > 0 && values.every((v) => v === true || v === 'true');
}

/**
 * Whether every principal of the statement is one whose sessions cannot carry
 * `aws:MultiFactorAuthPresent`: a SAML or OIDC provider, or the roles of Identity
 * Center permission sets (the account limited to them by `aws:PrincipalArn`).
 */
function admitsOnlyIdentityProviderSessions(statement: Statement): boolean {
  const byType = principalsByType(statement);
  const types = Object.keys(byType).filter((type) => type !== 'Federated');
  if (types.length === 0) return Object.keys(byType).length > 0;
  if (types.some((type) => type !== 'AWS')) return false;
  const principalArns = conditionValues(
    statement,
    ['ArnLike', 'ArnEquals', 'StringLike', 'StringEquals'],
    'aws:PrincipalArn',
  ).map(flatten);
  return principalArns.length > 0 && principalArns.every((arn) => IDENTITY_CENTER_ROLE.test(arn));
}

/**
 * DPP 1.2 Access Management: a person reaches Information only with their own
 * identity, proven by more than a password. A role whose trust policy admits people
 * (any principal other than an AWS service) requires MFA in every such statement:
 *
 * - IAM principals carry `aws:MultiFactorAuthPresent`, so the statement requires it;
 * - SAML, OIDC and Identity Center sessions never carry the key; the statement may
 *   admit them without it only when the role is tagged `AccessPrincipal=human` and
 *   `MfaEnforcedBy=identity-provider`, its owner's declaration that the identity
 *   provider requires MFA at every sign-in (checked in the access review).
 *
 * A role tagged `AccessPrincipal=workload` is for software, not people, and is not
 * checked. A role without the tag is treated as a role for people: the rule cannot
 * tell, so it asks for MFA or for a declaration.
 */
export const IAMRoleHumanTrustRequiresMfa: DppRule = {
  name: 'IAMRoleHumanTrustRequiresMfa',
  clauses: ['DPP 1.2'],
  finding: `The role's trust policy admits principals other than AWS services without requiring MFA. Require Bool aws:MultiFactorAuthPresent true for IAM principals; for Identity Center, SAML or OIDC sessions tag the role ${ACCESS_PRINCIPAL_TAG}=human and ${MFA_ENFORCED_BY_TAG}=identity-provider once the identity provider enforces MFA; tag a role for software ${ACCESS_PRINCIPAL_TAG}=workload.`,
  check(node: CfnResource) {
    if (node.cfnResourceType !== 'AWS::IAM::Role') return NagRuleCompliance.NOT_APPLICABLE;
    const forPeople = trustStatements(node).filter((s) => !admitsOnlyServices(s));
    if (forPeople.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
    const accessPrincipal = tagValue(node, ACCESS_PRINCIPAL_TAG);
    if (accessPrincipal === 'workload') return NagRuleCompliance.NOT_APPLICABLE;
    const idpDeclared =
      accessPrincipal === 'human' && tagValue(node, MFA_ENFORCED_BY_TAG) === 'identity-provider';
    const compliant = forPeople.every(
      (s) => requiresMfa(s) || (idpDeclared && admitsOnlyIdentityProviderSessions(s)),
    );
    return compliant ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
