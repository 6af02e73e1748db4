import { App, CustomResource } from 'aws-cdk-lib';
import * as cr from 'aws-cdk-lib/custom-resources';
import { AccountPasswordPolicy } from '../../../../constructs/access';
import { DataClassKeys } from '../../../../constructs/keys';
import { AccountPasswordPolicyMeetsDpp } from '../../../../lib/nag/rules/access/AccountPasswordPolicyMeetsDpp';
import { ruleFlags, testStack } from '../../../helpers';

describe('DPP-AccountPasswordPolicyMeetsDpp', () => {
  const stack = testStack('Passwords', new App({ context: { 'aws:cdk:bundling-stacks': [] } }));
  const STRONG = {
    MinimumPasswordLength: 14,
    RequireUppercaseCharacters: true,
    RequireLowercaseCharacters: true,
    RequireNumbers: true,
    RequireSymbols: true,
    AllowUsersToChangePassword: true,
    MaxPasswordAge: 90,
    PasswordReusePrevention: 24,
    HardExpiry: false,
  };
  /** The custom resource type the baseline uses, written by hand with `properties`. */
  const policy = (id: string, properties: Record<string, unknown>) =>
    new CustomResource(stack, id, {
      serviceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:provider',
      resourceType: 'Custom::AccountPasswordPolicy',
      properties,
    });
  /** The L1 resource of an `AwsCustomResource` that calls UpdateAccountPasswordPolicy. */
  const sdkCall = (id: string, parameters: Record<string, unknown>) =>
    new cr.AwsCustomResource(stack, id, {
      onCreate: {
        service: 'IAM',
        action: 'updateAccountPasswordPolicy',
        parameters,
        physicalResourceId: cr.PhysicalResourceId.of('password-policy'),
      },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({
        resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE,
      }),
      installLatestAwsSdk: false,
    }).node.findChild('Resource').node.defaultChild!;

  test.each([
    ['shorter than 8 characters', { MinimumPasswordLength: 7 }],
    ['without symbols', { RequireSymbols: false }],
    ['without upper case letters', { RequireUppercaseCharacters: undefined }],
    ['rotated less often than quarterly', { MaxPasswordAge: 120 }],
    ['never expiring', { MaxPasswordAge: undefined }],
    ['letting old passwords come back', { PasswordReusePrevention: 5 }],
  ])('fails if the policy is %s', (what, change) => {
    const weak = policy(`Weak${what.replace(/\W/g, '')}`, { ...STRONG, ...change });
    expect(ruleFlags(AccountPasswordPolicyMeetsDpp, weak)).toBe(true);
  });

  test('fails if an AwsCustomResource sets a weak password policy', () => {
    const weak = sdkCall('WeakSdkCall', { ...STRONG, MinimumPasswordLength: 6 });
    expect(ruleFlags(AccountPasswordPolicyMeetsDpp, weak)).toBe(true);
  });

  test('passes the baseline construct with its defaults', () => {
    const keys = new DataClassKeys(stack, 'Keys', { projectName: 'p', environmentName: 'prod' });
    const construct = new AccountPasswordPolicy(stack, 'Baseline', {
      namePrefix: 'p-prod',
      logEncryptionKey: keys.auditLogs,
      logRetentionDays: 365,
    });
    expect(ruleFlags(AccountPasswordPolicyMeetsDpp, construct.resource)).toBe(false);
  });

  test('passes a strong policy given as strings, as CloudFormation hands them over', () => {
    const asStrings = Object.fromEntries(Object.entries(STRONG).map(([k, v]) => [k, String(v)]));
    expect(ruleFlags(AccountPasswordPolicyMeetsDpp, policy('Strings', asStrings))).toBe(false);
    expect(ruleFlags(AccountPasswordPolicyMeetsDpp, sdkCall('StrongSdkCall', STRONG))).toBe(false);
  });

  test('does not apply to other custom resources', () => {
    const other = new CustomResource(stack, 'Other', {
      serviceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:provider',
      resourceType: 'Custom::Something',
      properties: { MinimumPasswordLength: 1 },
    });
    expect(ruleFlags(AccountPasswordPolicyMeetsDpp, other)).toBe(false);
  });
});
