import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule } from '../../rule';

/** IAM users, the groups that hold them, and their long-term credentials and policies. */
export const USER_RESOURCE_TYPES = [
  'AWS::IAM::User',
  'AWS::IAM::Group',
  'AWS::IAM::AccessKey',
  'AWS::IAM::UserToGroupAddition',
  'AWS::IAM::UserPolicy',
  'AWS::IAM::GroupPolicy',
];

/**
 * DPP 1.2 Access Management ("must not create or use generic, shared, or default login
 * credentials or user accounts") and AUP 3.1 (never share keys): the baseline creates
 * no IAM user, group or access key. People sign in through the identity provider and
 * assume job-function roles; workloads use roles; a long-term key is a credential
 * that can be shared, copied and forgotten.
 */
export const IAMNoUserGroupOrAccessKey: DppRule = {
  name: 'IAMNoUserGroupOrAccessKey',
  clauses: ['DPP 1.2', 'AUP 3.1'],
  finding:
    'The template creates an IAM user, group, access key, or a policy or membership of one. Give people a job-function role they assume through the identity provider, and workloads a role.',
  check(node: CfnResource) {
    return USER_RESOURCE_TYPES.includes(node.cfnResourceType)
      ? NagRuleCompliance.NON_COMPLIANT
      : NagRuleCompliance.NOT_APPLICABLE;
  },
};
