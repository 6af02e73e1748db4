import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule, cfnProperties, objectList } from '../../rule';

/** Every literal string inside a resolved value, an intrinsic's arguments included. */
function literalStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(literalStrings);
}

/**
 * Whether a `KmsKeyId` names a customer-managed key: present, and no literal part of it
 * is the AWS-managed `alias/aws/secretsmanager` (or any `alias/aws/` alias). A key ARN,
 * a customer alias and a reference to a key of the template all name one.
 */
function namesCustomerKey(keyId: unknown): boolean {
  if (keyId === undefined || keyId === null || keyId === '') return false;
  return !literalStrings(keyId).some((part) => /alias\/aws\//i.test(part));
}

/**
 * AUP 3.1 and DPP 2.5: every secret, and each of its replicas, is encrypted with a
 * customer-managed key. Without `KmsKeyId` Secrets Manager uses the AWS-managed
 * `aws/secretsmanager` key, whose policy lets anyone in the account that may call
 * GetSecretValue decrypt the secret; a customer-managed key's policy decides itself
 * who may decrypt, so a credential is readable only by the roles named there.
 */
export const SecretEncryptedWithCMK: DppRule = {
  name: 'SecretEncryptedWithCMK',
  clauses: ['AUP 3.1', 'DPP 2.5'],
  finding:
    'The secret (or one of its replicas) is not encrypted with a customer-managed KMS key: KmsKeyId is absent or an AWS-managed alias/aws/ key. Encrypt it with the credentials key.',
  check(node: CfnResource) {
    if (node.cfnResourceType !== 'AWS::SecretsManager::Secret') {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    const properties = cfnProperties(node);
    const replicas = objectList(node, properties.ReplicaRegions, 'ReplicaRegions');
    const encrypted =
      namesCustomerKey(properties.KmsKeyId) &&
      replicas.every((replica) => namesCustomerKey(replica.KmsKeyId));
    return encrypted ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
