import { Fn } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { KMSKeyPolicyNoUnconditionedWildcard } from '../../../../lib/nag/rules/keys/KMSKeyPolicyNoUnconditionedWildcard';
import { ruleFlags, ruleOutcome, threw, testStack } from '../../../helpers';

describe('DPP-KMSKeyPolicyNoUnconditionedWildcard', () => {
  const stack = testStack();
  const VIA_S3 = { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' };

  /** A rotating key whose policy also lets any principal decrypt under `conditions`. */
  const keyOpenToAnyone = (id: string, conditions?: Record<string, Record<string, unknown>>) => {
    const key = new kms.Key(stack, id, { enableKeyRotation: true });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions,
      }),
    );
    return key;
  };

  /** An L1 key with one extra statement next to the account root's. */
  const keyWithStatement = (id: string, statement: Record<string, unknown>) =>
    new kms.CfnKey(stack, id, {
      enableKeyRotation: true,
      keyPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::123456789012:root' },
            Action: 'kms:*',
            Resource: '*',
          },
          statement,
        ],
      },
    });

  test('fails if a statement allows any principal without a condition', () => {
    expect(ruleFlags(KMSKeyPolicyNoUnconditionedWildcard, keyOpenToAnyone('Open'))).toBe(true);
  });

  test('fails if the only condition is kms:ViaService', () => {
    const key = keyOpenToAnyone('ViaOnly', { StringEquals: VIA_S3 });
    expect(ruleFlags(KMSKeyPolicyNoUnconditionedWildcard, key)).toBe(true);
  });

  test('fails if the account condition is negated', () => {
    const key = keyOpenToAnyone('Negated', {
      StringNotEquals: { 'kms:CallerAccount': '123456789012' },
    });
    expect(ruleFlags(KMSKeyPolicyNoUnconditionedWildcard, key)).toBe(true);
  });

  test('fails if the account condition also matches when the key is absent (IfExists)', () => {
    const key = keyOpenToAnyone('IfExists', {
      StringEqualsIfExists: { 'aws:SourceAccount': '123456789012' },
    });
    expect(ruleFlags(KMSKeyPolicyNoUnconditionedWildcard, key)).toBe(true);
  });

  test('fails if the principal is the bare "*" string', () => {
    const key = keyWithStatement('BareStar', {
      Effect: 'Allow',
      Principal: '*',
      Action: 'kms:Decrypt',
      Resource: '*',
    });
    expect(ruleFlags(KMSKeyPolicyNoUnconditionedWildcard, key)).toBe(true);
  });

  test('fails if an Allow statement uses NotPrincipal (everyone but the names listed)', () => {
    const key = keyWithStatement('NotPrincipal', {
      Effect: 'Allow',
      NotPrincipal: { AWS: 'arn:aws:iam::123456789012:role/Blocked' },
      Action: 'kms:Decrypt',
      Resource: '*',
    });
    expect(ruleFlags(KMSKeyPolicyNoUnconditionedWildcard, key)).toBe(true);
  });

  test('fails if the key policy is not known at synth', () => {
    const key = new kms.CfnKey(stack, 'ImportedPolicy', {
      enableKeyRotation: true,
      keyPolicy: Fn.importValue('KeyPolicyFromAnotherStack'),
    });
    expect(ruleOutcome(KMSKeyPolicyNoUnconditionedWildcard, key)).toEqual(
      threw(
        /^policy document \{"Fn::ImportValue":"KeyPolicyFromAnotherStack"\} is not known at synth$/,
      ),
    );
  });

  test('passes any principal limited by kms:CallerAccount', () => {
    const key = keyOpenToAnyone('CallerAccount', {
      StringEquals: { ...VIA_S3, 'kms:CallerAccount': '123456789012' },
    });
    expect(ruleFlags(KMSKeyPolicyNoUnconditionedWildcard, key)).toBe(false);
  });

  test('passes any principal limited by aws:PrincipalOrgID, whatever the key case', () => {
    const key = keyWithStatement('OrgScoped', {
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: { StringEquals: { 'aws:principalorgid': 'o-abc123def4' } },
    });
    expect(ruleFlags(KMSKeyPolicyNoUnconditionedWildcard, key)).toBe(false);
  });

  test('passes a Deny statement for any principal', () => {
    const key = keyWithStatement('DenyAll', {
      Effect: 'Deny',
      Principal: '*',
      Action: 'kms:ScheduleKeyDeletion',
      Resource: '*',
    });
    expect(ruleFlags(KMSKeyPolicyNoUnconditionedWildcard, key)).toBe(false);
  });

  test('passes a default key', () => {
    const key = new kms.Key(stack, 'Default', { enableKeyRotation: true });
    expect(ruleFlags(KMSKeyPolicyNoUnconditionedWildcard, key)).toBe(false);
  });

  test('passes a key without a KeyPolicy property (the KMS default grants the account)', () => {
    const key = new kms.CfnKey(stack, 'NoPolicy', { enableKeyRotation: true });
    expect(ruleFlags(KMSKeyPolicyNoUnconditionedWildcard, key)).toBe(false);
  });

  test('does not apply to other resources', () => {
    const queue = new sqs.Queue(stack, 'Queue');
    expect(ruleFlags(KMSKeyPolicyNoUnconditionedWildcard, queue)).toBe(false);
  });
});
