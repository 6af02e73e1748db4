import * as kms from 'aws-cdk-lib/aws-kms';
import { DataClassKey } from '../../../../constructs/keys';
import { KMSKeyGrantsOnlyForAWSResources } from '../../../../lib/nag/rules/keys/KMSKeyGrantsOnlyForAWSResources';
import { ruleFlags, testStack } from '../../../helpers';

describe('DPP-KMSKeyGrantsOnlyForAWSResources', () => {
  const stack = testStack();
  const ADMIN = {
    Effect: 'Allow',
    Principal: { AWS: 'arn:aws:iam::123456789012:root' },
    Action: ['kms:Describe*', 'kms:PutKeyPolicy'],
    Resource: '*',
  };
  const denyGrants = (overrides: Record<string, unknown> = {}) => ({
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: 'kms:CreateGrant',
    Resource: '*',
    Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false' } },
    ...overrides,
  });
  const key = (id: string, ...statements: Record<string, unknown>[]) =>
    new kms.CfnKey(stack, id, {
      enableKeyRotation: true,
      keyPolicy: { Version: '2012-10-17', Statement: [ADMIN, ...statements] },
    });
  const flags = (k: kms.CfnKey | kms.Key | kms.CfnAlias) =>
    ruleFlags(KMSKeyGrantsOnlyForAWSResources, k);

  test('fails if the key has the default policy (no deny of grants)', () => {
    expect(flags(new kms.Key(stack, 'Default', { enableKeyRotation: true }))).toBe(true);
  });

  test('fails if the key policy does not deny grants at all', () => {
    expect(flags(key('NoDeny'))).toBe(true);
  });

  test('fails if the deny exempts a principal', () => {
    const exempt = denyGrants({
      Condition: {
        BoolIfExists: { 'kms:GrantIsForAWSResource': 'false' },
        ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/Admin' },
      },
    });
    expect(flags(key('Exempt', exempt))).toBe(true);
  });

  test('fails if the deny applies only when the key is present (Bool, not BoolIfExists)', () => {
    const bool = denyGrants({ Condition: { Bool: { 'kms:GrantIsForAWSResource': 'false' } } });
    expect(flags(key('Bool', bool))).toBe(true);
  });

  test('fails if the deny names one principal instead of everyone', () => {
    const one = denyGrants({ Principal: { AWS: 'arn:aws:iam::123456789012:role/Admin' } });
    expect(flags(key('OnePrincipal', one))).toBe(true);
  });

  test('passes a key policy that denies every grant not for an AWS resource', () => {
    expect(flags(key('Denied', denyGrants()))).toBe(false);
    expect(flags(key('DeniedAllKms', denyGrants({ Action: 'kms:*' })))).toBe(false);
  });

  test("passes the baseline's data-class key", () => {
    const dataKey = new DataClassKey(stack, 'DataKey', {
      aliasName: 'alias/data',
      description: 'data',
      services: ['dynamodb'],
    });
    expect(flags(dataKey)).toBe(false);
  });

  test('does not apply to other resources', () => {
    expect(
      flags(new kms.CfnAlias(stack, 'Alias', { aliasName: 'alias/x', targetKeyId: 'k' })),
    ).toBe(false);
  });
});
