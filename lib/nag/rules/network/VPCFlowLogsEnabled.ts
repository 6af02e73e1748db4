import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule, cfnProperties, resolveLiteral } from '../../rule';
import { resourcesReferringTo } from '../../template';

/** Whether a flow log records all traffic of a whole VPC. */
function logsAllVpcTraffic(flowLog: CfnResource): boolean {
  const properties = cfnProperties(flowLog);
  return (
    resolveLiteral(flowLog, properties.ResourceType, 'ResourceType') === 'VPC' &&
    resolveLiteral(flowLog, properties.TrafficType, 'TrafficType') === 'ALL'
  );
}

/**
 * DPP 2.6: logs record access attempts, successful or not. A VPC flow log of traffic
 * type ALL records both accepted and rejected connections; an ACCEPT-only or
 * REJECT-only log misses half of them. Stricter than AwsSolutions-VPC7, which accepts
 * any flow log.
 */
export const VPCFlowLogsEnabled: DppRule = {
  name: 'VPCFlowLogsEnabled',
  clauses: ['DPP 2.6'],
  finding:
    'The VPC has no flow log recording all traffic (ResourceType VPC, TrafficType ALL). Add one.',
  check(node: CfnResource) {
    if (node.cfnResourceType !== 'AWS::EC2::VPC') return NagRuleCompliance.NOT_APPLICABLE;
    const flowLogs = resourcesReferringTo(node, 'AWS::EC2::FlowLog', 'ResourceId');
    return flowLogs.some(logsAllVpcTraffic)
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
};
