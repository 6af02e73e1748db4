import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule, cfnProperty } from '../../rule';
import {
  Statement,
  conditionEntries,
  coversAction,
  deniesEveryoneBut,
  namesOnePrincipal,
  statementsOf,
} from '../../policy';

const PUT_KEY_POLICY = 'kms:PutKeyPolicy';

/** A Deny of PutKeyPolicy to everyone but named roles or users (at least one exemption). */
function deniesAllButNamedAdministrators(statement: Statement): boolean {
  return (
    coversAction(statement, PUT_KEY_POLICY) &&
    statement.resources.includes('*') &&
    conditionEntries(statement).length > 0 &&
    deniesEveryoneBut(statement, () => false)
  );
}

/** The principals an Allow statement names (`{ AWS: ... }`), or undefined for `*` / services. */
function awsPrincipals(statement: Statement): unknown[] | undefined {
  const principal = statement.principal as { AWS?: unknown } | string | undefined;
  if (principal === undefined || typeof principal === 'string') return undefined;
  if (principal.AWS === undefined) return [];
  return Array.isArray(principal.AWS) ? principal.AWS : [principal.AWS];
}

/** An Allow of PutKeyPolicy to anything broader than named roles or users (an account, '*'). */
function allowsBroadPolicyChanges(statement: Statement): boolean {
  if (statement.effect !== 'Allow' || !coversAction(statement, PUT_KEY_POLICY)) return false;
  if (statement.notPrincipal !== undefined) return true;
  const principals = awsPrincipals(statement);
  return principals === undefined || !principals.every(namesOnePrincipal);
}

/**
 * DPP 2.4 and DPP 1.3: whoever can change a key policy can give themselves use of the
 * key, so "administration separate from use" holds only if few, named principals can.
 * Either the key policy denies `kms:PutKeyPolicy` to everyone but named roles or users
 * (`ArnNotEquals aws:PrincipalArn`, no wildcard), or no Allow gives it to anything
 * broader than named roles or users: not the account (which delegates it to every IAM
 * administrator), not '*'. A key without a KeyPolicy gets KMS's default policy, which
 * gives the account `kms:*`.
 */
export const KMSKeyPolicyChangeRestricted: DppRule = {
  name: 'KMSKeyPolicyChangeRestricted',
  clauses: ['DPP 2.4', 'DPP 1.3'],
  finding:
    "Any administrator of the account can change the key policy (kms:PutKeyPolicy) and so give themselves use of the key. Deny kms:PutKeyPolicy to Principal '*' except named roles (ArnNotEquals aws:PrincipalArn), e.g. the CloudFormation execution role.",
  check(node: CfnResource) {
    if (node.cfnResourceType !== 'AWS::KMS::Key') return NagRuleCompliance.NOT_APPLICABLE;
    const policy = cfnProperty(node, 'KeyPolicy');
    if (policy === undefined) return NagRuleCompliance.NON_COMPLIANT;
    const statements = statementsOf(policy);
    const restricted =
      statements.some(deniesAllButNamedAdministrators) ||
      !statements.some(allowsBroadPolicyChanges);
    return restricted ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
