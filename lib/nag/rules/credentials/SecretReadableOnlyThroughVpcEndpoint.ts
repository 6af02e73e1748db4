import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule } from '../../rule';
import { conditionEntries } from '../../policy';
import { deniesReadsToAnyone, hasWildcard, secretPolicyStatements } from './secret-policies';

const OUTSIDE_VPC_OPERATORS = ['StringNotEquals', 'StringNotEqualsIfExists'];
const VPC_KEYS = ['aws:sourcevpce', 'aws:sourcevpc'];

/**
 * DUP 4.7 and AUP 3.1: a credential is read only inside the internal network. The
 * secret's resource policy denies GetSecretValue to anyone whose request does not come
 * through the VPC's endpoint (`aws:SourceVpce`) or from the VPC (`aws:SourceVpc`), so
 * that stolen role credentials used from a laptop or another network read nothing. The
 * deny carries no other condition, which could only narrow it, and names no wildcard.
 */
export const SecretReadableOnlyThroughVpcEndpoint: DppRule = {
  name: 'SecretReadableOnlyThroughVpcEndpoint',
  clauses: ['DUP 4.7', 'AUP 3.1', 'DUP 3.1'],
  finding:
    "The secret's resource policy does not deny secretsmanager:GetSecretValue to every principal outside the VPC endpoint (a Deny for Principal '*' whose only condition is StringNotEquals on aws:SourceVpce or aws:SourceVpc).",
  check(node: CfnResource) {
    if (node.cfnResourceType !== 'AWS::SecretsManager::Secret') {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    const denies = secretPolicyStatements(node).some((statement) => {
      if (!deniesReadsToAnyone(statement, node)) return false;
      const entries = conditionEntries(statement);
      return (
        entries.length === 1 &&
        OUTSIDE_VPC_OPERATORS.includes(entries[0].operator) &&
        VPC_KEYS.includes(entries[0].key.toLowerCase()) &&
        entries[0].values.length > 0 &&
        !hasWildcard(entries[0].values)
      );
    });
    return denies ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
