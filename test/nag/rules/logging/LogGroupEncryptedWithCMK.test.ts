import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { LogGroupEncryptedWithCMK } from '../../../../lib/nag/rules/logging/LogGroupEncryptedWithCMK';
import { ruleFlags, testStack } from '../../../helpers';

describe('DPP-LogGroupEncryptedWithCMK', () => {
  const stack = testStack();

  test('fails if a log group has no KMS key', () => {
    const group = new logs.LogGroup(stack, 'Plain', { retention: logs.RetentionDays.ONE_YEAR });
    expect(ruleFlags(LogGroupEncryptedWithCMK, group)).toBe(true);
  });

  test('passes a log group encrypted with a customer-managed key', () => {
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const group = new logs.LogGroup(stack, 'Encrypted', {
      retention: logs.RetentionDays.ONE_YEAR,
      encryptionKey: key,
    });
    expect(ruleFlags(LogGroupEncryptedWithCMK, group)).toBe(false);
  });

  test('does not apply to other resources', () => {
    const key = new kms.Key(stack, 'Other', { enableKeyRotation: true });
    expect(ruleFlags(LogGroupEncryptedWithCMK, key)).toBe(false);
  });
});
