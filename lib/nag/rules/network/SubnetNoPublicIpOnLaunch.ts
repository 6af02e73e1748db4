import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule, cfnProperty, isTrue, resolveLiteral } from '../../rule';

/** Subnet properties that give every instance launched there a public address. */
const PUBLIC_ADDRESS_PROPERTIES = ['MapPublicIpOnLaunch', 'AssignIpv6AddressOnCreation'];

/**
 * DPP 1.1: public access is restricted to approved users. A subnet that hands out
 * public IPv4 addresses (or IPv6 addresses, which are all globally routable) makes
 * anything launched in it reachable from the internet without anyone deciding so.
 * The baseline's public subnets hold only NAT gateways, which bring their own
 * Elastic IP.
 */
export const SubnetNoPublicIpOnLaunch: DppRule = {
  name: 'SubnetNoPublicIpOnLaunch',
  clauses: ['DPP 1.1'],
  finding:
    'The subnet assigns a public IPv4 or an IPv6 address to every network interface launched in it. Set MapPublicIpOnLaunch and AssignIpv6AddressOnCreation to false.',
  check(node: CfnResource) {
    if (node.cfnResourceType !== 'AWS::EC2::Subnet') return NagRuleCompliance.NOT_APPLICABLE;
    const assignsPublicAddress = PUBLIC_ADDRESS_PROPERTIES.some((property) =>
      isTrue(resolveLiteral(node, cfnProperty(node, property), property)),
    );
    return assignsPublicAddress ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
};
