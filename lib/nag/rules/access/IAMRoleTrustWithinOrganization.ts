import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule, UnresolvedValueError } from '../../rule';
import { Statement, conditionValues } from '../../policy';
import { flatten, principalsByType, trustStatements } from './iam-documents';

const THIS_ACCOUNT = 'this account';

/**
 * The account of an AWS principal as written in a trust policy: a 12-digit id, an
 * ARN of IAM or STS, or a reference to a resource of this stack or this account's
 * id. `*` and anything unreadable have no account.
 */
function principalAccount(node: CfnResource, value: unknown): string | undefined {
  const text = flatten(value);
  if (/^\d{12}$/.test(text)) return text;
  if (text === '<AWS::AccountId>' || /^<[^>]+\.Arn>$/.test(text)) return THIS_ACCOUNT;
  const match = /^arn:[^:]+:(?:iam|sts)::([^:]*):/.exec(text);
  if (!match) {
    if (text === '*') return undefined;
    throw new UnresolvedValueError(
      `principal ${text} of ${node.node.path} names no account known at synth`,
    );
  }
  const account = match[1];
  if (account === '<AWS::AccountId>') return THIS_ACCOUNT;
  const stackAccount = Stack.of(node).account;
  return !Token.isUnresolved(stackAccount) && account === stackAccount ? THIS_ACCOUNT : account;
}

/** Whether the statement limits callers to an organization (`aws:PrincipalOrgID`, not a wildcard). */
function limitedToOrganization(statement: Statement): boolean {
  const orgIds = conditionValues(statement, ['StringEquals'], 'aws:PrincipalOrgID');
  return (
    orgIds.length > 0 && orgIds.every((id) => typeof id === 'string' && /^o-[a-z0-9]+$/.test(id))
  );
}

/**
 * DUP 3.7: "Only grant access to data within own organization." A role may trust IAM
 * principals of its own account; principals of any other account (or `*`) only under
 * a condition on `aws:PrincipalOrgID` naming the organization. Federated providers
 * and AWS services are outside this rule: a provider belongs to the role's account,
 * and services act for it.
 */
export const IAMRoleTrustWithinOrganization: DppRule = {
  name: 'IAMRoleTrustWithinOrganization',
  clauses: ['DUP 3.7'],
  finding:
    "The role's trust policy admits principals of another account, or any principal, without a StringEquals condition on aws:PrincipalOrgID naming the organization.",
  check(node: CfnResource) {
    if (node.cfnResourceType !== 'AWS::IAM::Role') return NagRuleCompliance.NOT_APPLICABLE;
    const withAwsPrincipals = trustStatements(node).filter(
      (s) => principalsByType(s).AWS !== undefined,
    );
    if (withAwsPrincipals.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
    const outside = withAwsPrincipals.filter(
      (s) =>
        !principalsByType(s).AWS.every((p) => principalAccount(node, p) === THIS_ACCOUNT) &&
        !limitedToOrganization(s),
    );
    return outside.length === 0 ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
