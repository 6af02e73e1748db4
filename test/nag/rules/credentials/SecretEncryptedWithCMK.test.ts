import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { SecretEncryptedWithCMK } from '../../../../lib/nag/rules/credentials/SecretEncryptedWithCMK';
import { testStack } from '../../../helpers';
import { ruleFinds } from './flags';

describe('DPP-SecretEncryptedWithCMK', () => {
  const stack = testStack();
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const secret = (id: string, props: Partial<secretsmanager.CfnSecretProps> = {}) =>
    new secretsmanager.CfnSecret(stack, id, { generateSecretString: {}, ...props });

  test('fails if the secret names no key (Secrets Manager then uses aws/secretsmanager)', () => {
    expect(ruleFinds(SecretEncryptedWithCMK, secret('NoKey'))).toBe(true);
  });

  test('fails if the secret names the AWS-managed key', () => {
    expect(
      ruleFinds(
        SecretEncryptedWithCMK,
        secret('Managed', { kmsKeyId: 'alias/aws/secretsmanager' }),
      ),
    ).toBe(true);
  });

  test('fails if a replica uses the AWS-managed key', () => {
    const replicated = secret('Replicated', {
      kmsKeyId: key.keyArn,
      replicaRegions: [{ region: 'eu-central-1' }],
    });
    expect(ruleFinds(SecretEncryptedWithCMK, replicated)).toBe(true);
  });

  test('passes a secret and replicas encrypted with customer-managed keys', () => {
    const encrypted = secret('Encrypted', {
      kmsKeyId: key.keyArn,
      replicaRegions: [
        { region: 'eu-central-1', kmsKeyId: 'arn:aws:kms:eu-central-1:123456789012:key/abcd' },
      ],
    });
    expect(ruleFinds(SecretEncryptedWithCMK, encrypted)).toBe(false);
  });

  test('passes a customer alias', () => {
    expect(
      ruleFinds(
        SecretEncryptedWithCMK,
        secret('Alias', { kmsKeyId: 'alias/spapi-dpp-test-credentials' }),
      ),
    ).toBe(false);
  });
});
