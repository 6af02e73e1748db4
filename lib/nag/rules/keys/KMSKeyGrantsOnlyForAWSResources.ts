import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule, cfnProperty } from '../../rule';
import {
  ConditionEntry,
  Statement,
  conditionEntries,
  coversAction,
  isAnyPrincipal,
  statementsOf,
} from '../../policy';

/** `BoolIfExists kms:GrantIsForAWSResource false`: the deny holds unless an AWS service asks. */
function grantNotForAwsResource(entry: ConditionEntry): boolean {
  return (
    entry.operator.toLowerCase() === 'boolifexists' &&
    entry.key.toLowerCase() === 'kms:grantisforawsresource' &&
    entry.values.length === 1 &&
    String(entry.values[0]).toLowerCase() === 'false'
  );
}

function deniesGrantsToPrincipals(statement: Statement): boolean {
  const entries = conditionEntries(statement);
  return (
    statement.effect === 'Deny' &&
    isAnyPrincipal(statement.principal) &&
    statement.notPrincipal === undefined &&
    statement.resources.includes('*') &&
    coversAction(statement, 'kms:CreateGrant') &&
    entries.length === 1 &&
    grantNotForAwsResource(entries[0])
  );
}

/**
 * DPP 2.4: key material is accessible only to the Developer's processes and services,
 * and administration stays separate from use. A grant gives its grantee use of the key
 * outside the key policy, so a principal allowed `kms:CreateGrant` (by this policy now,
 * or by a statement someone adds later) could give itself decryption. The key policy
 * must deny `kms:CreateGrant` to everyone unless the grant is one an AWS service makes
 * for its own resource (`BoolIfExists kms:GrantIsForAWSResource false`), with no
 * exemption. A key without a KeyPolicy (KMS's default policy) has no such deny.
 */
export const KMSKeyGrantsOnlyForAWSResources: DppRule = {
  name: 'KMSKeyGrantsOnlyForAWSResources',
  clauses: ['DPP 2.4', 'DPP 1.3'],
  finding:
    "The key policy does not deny kms:CreateGrant to every principal for grants that are not for an AWS resource, so whoever may create grants can give itself use of the key. Add a Deny for Principal '*' on kms:CreateGrant with BoolIfExists kms:GrantIsForAWSResource false.",
  check(node: CfnResource) {
    if (node.cfnResourceType !== 'AWS::KMS::Key') return NagRuleCompliance.NOT_APPLICABLE;
    const denied = statementsOf(cfnProperty(node, 'KeyPolicy')).some(deniesGrantsToPrincipals);
    return denied ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
