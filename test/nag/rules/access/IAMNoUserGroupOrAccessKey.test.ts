import * as iam from 'aws-cdk-lib/aws-iam';
import { IAMNoUserGroupOrAccessKey } from '../../../../lib/nag/rules/access/IAMNoUserGroupOrAccessKey';
import { ruleFlags, testStack } from '../../../helpers';

describe('DPP-IAMNoUserGroupOrAccessKey', () => {
  const stack = testStack();

  test('fails if the template creates an IAM user', () => {
    expect(ruleFlags(IAMNoUserGroupOrAccessKey, new iam.User(stack, 'Shared'))).toBe(true);
  });

  test('fails if the template creates an access key', () => {
    const user = new iam.User(stack, 'Ci');
    expect(ruleFlags(IAMNoUserGroupOrAccessKey, new iam.AccessKey(stack, 'Key', { user }))).toBe(
      true,
    );
  });

  test('fails if the template creates a group or adds a user to one', () => {
    expect(ruleFlags(IAMNoUserGroupOrAccessKey, new iam.Group(stack, 'Admins'))).toBe(true);
    const addition = new iam.CfnUserToGroupAddition(stack, 'Join', {
      groupName: 'Admins',
      users: ['someone'],
    });
    expect(ruleFlags(IAMNoUserGroupOrAccessKey, addition)).toBe(true);
  });

  test('fails if the template gives an existing user a policy', () => {
    const policy = new iam.CfnUserPolicy(stack, 'UserPolicy', {
      userName: 'someone',
      policyName: 'p',
      policyDocument: { Version: '2012-10-17', Statement: [] },
    });
    expect(ruleFlags(IAMNoUserGroupOrAccessKey, policy)).toBe(true);
  });

  test('passes a role', () => {
    const role = new iam.Role(stack, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    expect(ruleFlags(IAMNoUserGroupOrAccessKey, role)).toBe(false);
  });
});
