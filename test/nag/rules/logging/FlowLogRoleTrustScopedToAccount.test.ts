import * as iam from 'aws-cdk-lib/aws-iam';
import { FlowLogRoleTrustScopedToAccount } from '../../../../lib/nag/rules/logging/FlowLogRoleTrustScopedToAccount';
import { ruleFlags, testStack } from '../../../helpers';

describe('DPP-FlowLogRoleTrustScopedToAccount', () => {
  const stack = testStack();
  const flowLogs = (conditions?: Record<string, Record<string, unknown>>) =>
    new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com', { conditions });
  const role = (id: string, principal: iam.IPrincipal) =>
    new iam.Role(stack, id, { assumedBy: principal });
  const flags = (r: iam.Role) => ruleFlags(FlowLogRoleTrustScopedToAccount, r);

  test('fails if the flow-logs service may assume the role unconditionally', () => {
    expect(flags(role('Open', flowLogs()))).toBe(true);
  });

  test('fails if the source ARN names any account', () => {
    const anyAccount = flowLogs({ ArnLike: { 'aws:SourceArn': 'arn:aws:ec2:*:*:vpc-flow-log/*' } });
    expect(flags(role('AnyAccount', anyAccount))).toBe(true);
  });

  test('fails if the account condition is negated', () => {
    const negated = flowLogs({ StringNotEquals: { 'aws:SourceAccount': '999999999999' } });
    expect(flags(role('Negated', negated))).toBe(true);
  });

  test('passes a trust bound to this account and its flow logs', () => {
    const bound = flowLogs({
      StringEquals: { 'aws:SourceAccount': '123456789012' },
      ArnLike: { 'aws:SourceArn': 'arn:aws:ec2:eu-west-1:123456789012:vpc-flow-log/*' },
    });
    expect(flags(role('Bound', bound))).toBe(false);
  });

  test('passes a trust bound by the source ARN alone', () => {
    const byArn = flowLogs({
      ArnLike: { 'aws:SourceArn': 'arn:aws:ec2:eu-west-1:123456789012:vpc-flow-log/*' },
    });
    expect(flags(role('ByArn', byArn))).toBe(false);
  });

  test('does not apply to roles other services assume', () => {
    expect(flags(role('Lambda', new iam.ServicePrincipal('lambda.amazonaws.com')))).toBe(false);
  });
});
