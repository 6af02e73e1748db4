import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule, cfnProperty } from '../../rule';
import {
  Statement,
  conditionValues,
  coversAction,
  isNarrowingOperator,
  statementsOf,
} from '../../policy';

const FLOW_LOGS_SERVICE = 'vpc-flow-logs.amazonaws.com';

/** Whether the statement lets the flow-logs service assume the role. */
function trustsFlowLogs(statement: Statement): boolean {
  if (statement.effect !== 'Allow' || !coversAction(statement, 'sts:AssumeRole')) return false;
  if (statement.principal === '*' || statement.notPrincipal !== undefined) return true;
  const service = (statement.principal as { Service?: unknown } | undefined)?.Service;
  return (Array.isArray(service) ? service : [service]).includes(FLOW_LOGS_SERVICE);
}

/** An ARN value pinned to one account (a literal 12-digit account, or a reference). */
const pinsAccount = (arn: unknown) =>
  typeof arn !== 'string' || /^arn:[^:]+:[^:]*:[^:]*:\d{12}:/.test(arn);

/**
 * Whether the statement ties the flow log to an account: `aws:SourceAccount` with a
 * value, or `aws:SourceArn` whose ARNs each name an account, under a narrowing operator.
 */
function bindsSource(statement: Statement): boolean {
  const operators = Object.keys(statement.condition).filter(isNarrowingOperator);
  const accounts = conditionValues(statement, operators, 'aws:SourceAccount');
  const arns = conditionValues(statement, operators, 'aws:SourceArn');
  return (
    accounts.some((account) => account !== '*') || (arns.length > 0 && arns.every(pinsAccount))
  );
}

/**
 * DPP 2.6: logs have access controls against tampering. A role that the flow-logs
 * service may assume without `aws:SourceAccount` or `aws:SourceArn` can be used by a
 * flow log in any account (the confused deputy) to write into this account's log
 * group, filling the security log with another network's traffic. Each statement that
 * trusts `vpc-flow-logs.amazonaws.com` must bind the source to an account.
 */
export const FlowLogRoleTrustScopedToAccount: DppRule = {
  name: 'FlowLogRoleTrustScopedToAccount',
  clauses: ['DPP 2.6', 'DPP 1.3'],
  finding:
    "The role trusts the VPC flow-logs service without aws:SourceAccount or aws:SourceArn, so another account's flow log could use it to write into this account's log group. Add both conditions to its trust policy.",
  check(node: CfnResource) {
    if (node.cfnResourceType !== 'AWS::IAM::Role') return NagRuleCompliance.NOT_APPLICABLE;
    const trusting = statementsOf(cfnProperty(node, 'AssumeRolePolicyDocument')).filter(
      trustsFlowLogs,
    );
    if (trusting.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
    return trusting.every(bindsSource)
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
};
