import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule, cfnProperty } from '../../rule';
import { Statement, admitsAnyPrincipal, pinsConditionKey, statementsOf } from '../../policy';

/**
 * Condition keys that tie the caller, or the AWS service acting for it, to this
 * account, organization or a named principal. `kms:ViaService` is not among them: it
 * names a service, and principals of any account can call that service.
 */
const CALLER_SCOPING_KEYS = [
  'kms:CallerAccount',
  'aws:PrincipalAccount',
  'aws:SourceAccount',
  'aws:PrincipalOrgID',
  'aws:PrincipalArn',
  'aws:SourceArn',
];

/** Whether the statement's condition limits callers to this account or organization. */
function scopesCallers(statement: Statement): boolean {
  return pinsConditionKey(statement, CALLER_SCOPING_KEYS);
}

/**
 * DPP 2.4: the keys that encrypt PII are only usable by the Developer's own processes
 * and services. A key policy statement that allows any principal must therefore limit
 * callers by a condition on account, organization or principal ARN. A key without a
 * KeyPolicy property is compliant: KMS then applies its default policy, which grants
 * the account root, not '*'.
 */
export const KMSKeyPolicyNoUnconditionedWildcard: DppRule = {
  name: 'KMSKeyPolicyNoUnconditionedWildcard',
  clauses: ['DPP 2.4'],
  finding: `The key policy allows any principal ('*') without a condition that limits callers to this account or organization, so principals of other accounts could use the key. Name the principals, or add a condition on one of ${CALLER_SCOPING_KEYS.join(', ')}.`,
  check(node: CfnResource) {
    if (node.cfnResourceType !== 'AWS::KMS::Key') return NagRuleCompliance.NOT_APPLICABLE;
    const open = statementsOf(cfnProperty(node, 'KeyPolicy')).some(
      (statement) =>
        statement.effect === 'Allow' && admitsAnyPrincipal(statement) && !scopesCallers(statement),
    );
    return open ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
};
