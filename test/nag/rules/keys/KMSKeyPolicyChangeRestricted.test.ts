import * as kms from 'aws-cdk-lib/aws-kms';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DataClassKey } from '../../../../constructs/keys';
import { KMSKeyPolicyChangeRestricted } from '../../../../lib/nag/rules/keys/KMSKeyPolicyChangeRestricted';
import { ruleFlags, testStack } from '../../../helpers';

describe('DPP-KMSKeyPolicyChangeRestricted', () => {
  const stack = testStack();
  const ROOT = 'arn:aws:iam::123456789012:root';
  const DEPLOYER =
    'arn:aws:iam::123456789012:role/cdk-hnb659fds-cfn-exec-role-123456789012-eu-west-1';
  const allowPut = (principal: unknown) => ({
    Effect: 'Allow',
    Principal: principal,
    Action: ['kms:Describe*', 'kms:PutKeyPolicy'],
    Resource: '*',
  });
  const denyPutExcept = (exempted: unknown) => ({
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: 'kms:PutKeyPolicy',
    Resource: '*',
    Condition: { ArnNotEquals: { 'aws:PrincipalArn': exempted } },
  });
  const key = (id: string, ...statements: Record<string, unknown>[]) =>
    new kms.CfnKey(stack, id, {
      enableKeyRotation: true,
      keyPolicy: { Version: '2012-10-17', Statement: statements },
    });
  const flags = (k: kms.CfnKey | kms.Key) => ruleFlags(KMSKeyPolicyChangeRestricted, k);

  test('fails if the key has the default policy (the account holds kms:*)', () => {
    expect(flags(new kms.Key(stack, 'Default', { enableKeyRotation: true }))).toBe(true);
  });

  test('fails if the key has no KeyPolicy property at all', () => {
    expect(flags(new kms.CfnKey(stack, 'NoPolicy', { enableKeyRotation: true }))).toBe(true);
  });

  test('fails if the account root holds kms:PutKeyPolicy and nothing denies it', () => {
    expect(flags(key('RootHolds', allowPut({ AWS: ROOT })))).toBe(true);
    expect(flags(key('AccountIdHolds', allowPut({ AWS: '123456789012' })))).toBe(true);
  });

  test('fails if the deny exempts a wildcard of roles or the whole account', () => {
    const roles = 'arn:aws:iam::123456789012:role/*';
    expect(flags(key('WildcardExempt', allowPut({ AWS: ROOT }), denyPutExcept(roles)))).toBe(true);
    expect(flags(key('RootExempt', allowPut({ AWS: ROOT }), denyPutExcept(ROOT)))).toBe(true);
  });

  test('fails if the deny narrows by another condition than the principal', () => {
    const other = {
      ...denyPutExcept(DEPLOYER),
      Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } },
    };
    expect(flags(key('OtherCondition', allowPut({ AWS: ROOT }), other))).toBe(true);
  });

  test('passes a deny of kms:PutKeyPolicy to all but the deploying role', () => {
    expect(
      flags(key('DeniedButDeployer', allowPut({ AWS: ROOT }), denyPutExcept([DEPLOYER]))),
    ).toBe(false);
  });

  test('passes a key policy that allows kms:PutKeyPolicy to named roles only', () => {
    expect(flags(key('NamedOnly', allowPut({ AWS: [DEPLOYER] })))).toBe(false);
  });

  test("passes the baseline's data-class key, and one whose administrators are roles of the stack", () => {
    const dataKey = new DataClassKey(stack, 'DataKey', {
      aliasName: 'alias/data',
      description: 'data',
      services: ['s3'],
    });
    expect(flags(dataKey)).toBe(false);
    const admin = new iam.Role(stack, 'KeyAdmin', { assumedBy: new iam.AccountRootPrincipal() });
    const withRole = new DataClassKey(stack, 'WithRole', {
      aliasName: 'alias/with-role',
      description: 'with role',
      services: ['s3'],
      keyPolicyAdministrators: [admin],
    });
    expect(flags(withRole)).toBe(false);
  });
});
