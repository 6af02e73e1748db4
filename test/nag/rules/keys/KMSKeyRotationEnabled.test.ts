import { Duration, Fn, Token } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { KMSKeyRotationEnabled } from '../../../../lib/nag/rules/keys/KMSKeyRotationEnabled';
import { ruleFlags, ruleOutcome, threw, testStack } from '../../../helpers';

describe('DPP-KMSKeyRotationEnabled', () => {
  const stack = testStack();

  test('fails if a symmetric key does not rotate', () => {
    const key = new kms.Key(stack, 'NoRotation');
    expect(ruleFlags(KMSKeyRotationEnabled, key)).toBe(true);
  });

  test('fails if rotation is explicitly off on a SYMMETRIC_DEFAULT key', () => {
    const key = new kms.CfnKey(stack, 'ExplicitSymmetric', {
      keySpec: 'SYMMETRIC_DEFAULT',
      keyUsage: 'ENCRYPT_DECRYPT',
      enableKeyRotation: false,
    });
    expect(ruleFlags(KMSKeyRotationEnabled, key)).toBe(true);
  });

  test('fails if the key rotates less often than yearly', () => {
    const key = new kms.Key(stack, 'TwoYears', {
      enableKeyRotation: true,
      rotationPeriod: Duration.days(730),
    });
    expect(ruleFlags(KMSKeyRotationEnabled, key)).toBe(true);
  });

  test('passes a key rotating with the default yearly period', () => {
    const key = new kms.Key(stack, 'Yearly', { enableKeyRotation: true });
    expect(ruleFlags(KMSKeyRotationEnabled, key)).toBe(false);
  });

  test('passes a key rotating every 365 days', () => {
    const key = new kms.Key(stack, 'Days365', {
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
    });
    expect(ruleFlags(KMSKeyRotationEnabled, key)).toBe(false);
  });

  test('passes a key rotating every 90 days', () => {
    const key = new kms.Key(stack, 'Quarterly', {
      enableKeyRotation: true,
      rotationPeriod: Duration.days(90),
    });
    expect(ruleFlags(KMSKeyRotationEnabled, key)).toBe(false);
  });

  test('does not apply to an HMAC key', () => {
    const key = new kms.Key(stack, 'Hmac', {
      keySpec: kms.KeySpec.HMAC_256,
      keyUsage: kms.KeyUsage.GENERATE_VERIFY_MAC,
    });
    expect(ruleFlags(KMSKeyRotationEnabled, key)).toBe(false);
  });

  test('does not apply to an asymmetric key', () => {
    const key = new kms.Key(stack, 'Signing', {
      keySpec: kms.KeySpec.RSA_2048,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
    });
    expect(ruleFlags(KMSKeyRotationEnabled, key)).toBe(false);
  });

  test('does not apply to other resources', () => {
    const queue = new sqs.Queue(stack, 'Queue');
    expect(ruleFlags(KMSKeyRotationEnabled, queue)).toBe(false);
  });

  test('fails if rotation is not known at synth', () => {
    const key = new kms.CfnKey(stack, 'UnknownRotation', {
      enableKeyRotation: Token.asAny(Fn.importValue('RotationFromAnotherStack')),
    });
    expect(ruleOutcome(KMSKeyRotationEnabled, key)).toEqual(
      threw(
        /^EnableKeyRotation of \S+ is \{"Fn::ImportValue":"RotationFromAnotherStack"\}, not a value known at synth$/,
      ),
    );
  });

  test('fails if the rotation period is not known at synth', () => {
    const key = new kms.CfnKey(stack, 'UnknownPeriod', {
      enableKeyRotation: true,
      rotationPeriodInDays: Token.asNumber(Fn.importValue('PeriodFromAnotherStack')),
    });
    expect(ruleOutcome(KMSKeyRotationEnabled, key)).toEqual(
      threw(
        /^RotationPeriodInDays of \S+ is \{"Fn::ImportValue":"PeriodFromAnotherStack"\}, not a value known at synth$/,
      ),
    );
  });
});
