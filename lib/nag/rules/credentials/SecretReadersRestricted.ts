import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule } from '../../rule';
import { conditionEntries } from '../../policy';
import { deniesReadsToAnyone, hasWildcard, secretPolicyStatements } from './secret-policies';

const NOT_LISTED_OPERATORS = [
  'ArnNotEquals',
  'ArnNotEqualsIfExists',
  'StringNotEquals',
  'StringNotEqualsIfExists',
];

/**
 * AUP 3.1 and DPP 1.3: a credential is read by the roles that need it and nobody else.
 * IAM alone cannot say "nobody else": any administrator could grant themselves
 * GetSecretValue. The secret's resource policy therefore denies GetSecretValue to every
 * principal not listed by ARN (`aws:PrincipalArn`), or to everyone. A wildcard in the
 * list, or another condition beside it, would let unlisted principals through.
 */
export const SecretReadersRestricted: DppRule = {
  name: 'SecretReadersRestricted',
  clauses: ['AUP 3.1', 'DUP 3.1', 'DPP 1.3'],
  finding:
    "The secret's resource policy does not deny secretsmanager:GetSecretValue to every principal but the listed roles (a Deny for Principal '*' whose only condition is ArnNotEquals on aws:PrincipalArn with ARNs, no wildcards).",
  check(node: CfnResource) {
    if (node.cfnResourceType !== 'AWS::SecretsManager::Secret') {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    const restricted = secretPolicyStatements(node).some((statement) => {
      if (!deniesReadsToAnyone(statement, node)) return false;
      const entries = conditionEntries(statement);
      if (entries.length === 0) return true;
      return (
        entries.length === 1 &&
        NOT_LISTED_OPERATORS.includes(entries[0].operator) &&
        entries[0].key.toLowerCase() === 'aws:principalarn' &&
        entries[0].values.length > 0 &&
        !hasWildcard(entries[0].values)
      );
    });
    return restricted ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
