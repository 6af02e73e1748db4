import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule, cfnProperty } from '../../rule';
import { resourcesReferringTo } from '../../template';

/** Whether a `NetworkAclId` is the VPC's default network ACL (`Fn::GetAtt <vpc>.DefaultNetworkAcl`). */
function isDefaultNetworkAcl(networkAclId: unknown): boolean {
  if (networkAclId === null || typeof networkAclId !== 'object') return false;
  const getAtt = (networkAclId as Record<string, unknown>)['Fn::GetAtt'];
  const attribute = typeof getAtt === 'string' ? getAtt.split('.')[1] : (getAtt as unknown[])?.[1];
  return attribute === 'DefaultNetworkAcl';
}

/**
 * DPP 1.1: network access control lists deny access to unauthorized IP addresses.
 * A subnet with no explicit association uses its VPC's default network ACL, which
 * admits all traffic in both directions, so the baseline's deny-list never applies
 * to it. An explicit association back to that default ACL is no better.
 */
export const SubnetHasNetworkAcl: DppRule = {
  name: 'SubnetHasNetworkAcl',
  clauses: ['DPP 1.1'],
  finding:
    "The subnet is not associated with a network ACL of its own, so the VPC's default ACL (which allows everything) applies. Associate it with its tier's network ACL.",
  check(node: CfnResource) {
    if (node.cfnResourceType !== 'AWS::EC2::Subnet') return NagRuleCompliance.NOT_APPLICABLE;
    const associations = resourcesReferringTo(
      node,
      'AWS::EC2::SubnetNetworkAclAssociation',
      'SubnetId',
    );
    return associations.some(
      (association) => !isDefaultNetworkAcl(cfnProperty(association, 'NetworkAclId')),
    )
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
};
