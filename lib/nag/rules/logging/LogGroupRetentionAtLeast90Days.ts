import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DPP_MIN_LOG_RETENTION_DAYS } from '../../../../lib/policy/bounds';
import { DppRule, cfnProperty, resolveLiteral } from '../../rule';

/**
 * DPP 2.6: every CloudWatch log group keeps its events at least 90 days. A group
 * without a retention keeps them forever, which meets the floor.
 */
export const LogGroupRetentionAtLeast90Days: DppRule = {
  name: 'LogGroupRetentionAtLeast90Days',
  clauses: ['DPP 2.6'],
  finding: `The log group keeps its events less than the ${DPP_MIN_LOG_RETENTION_DAYS} days required for reference in a Security Incident.`,
  check(node: CfnResource) {
    if (node.cfnResourceType !== 'AWS::Logs::LogGroup') return NagRuleCompliance.NOT_APPLICABLE;
    const retention = resolveLiteral(node, cfnProperty(node, 'RetentionInDays'), 'RetentionInDays');
    if (retention === undefined) return NagRuleCompliance.COMPLIANT;
    return Number(retention) >= DPP_MIN_LOG_RETENTION_DAYS
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
};
