import { CfnResource } from 'aws-cdk-lib';
import { EGRESS_PATH_TIERS, NETWORK_TIER_TAG, NetworkTier } from '../../../policy/network';
import { cfnProperties, cfnProperty, objectList } from '../../rule';
import { refersTo, resourcesReferringTo, stackResourcesOfType, tagValue } from '../../template';
import { memoized } from '../../validation-run';

/**
 * Which subnets are the egress path itself (DPP 1.1 Network Protection): the subnets of
 * Network Firewall endpoints and NAT gateways, and any subnet whose traffic reaches the
 * internet without passing a firewall. The answer comes from what the template says the
 * subnet holds and where its route table sends traffic, and from the `NetworkTier` tag
 * the baseline puts on its tiers (which also marks a firewall subnet that holds no
 * endpoint yet, as in `single` mode).
 */

const ANY_IPV4 = '0.0.0.0/0';
const ANY_IPV6 = '::/0';

/**
 * Why `subnet` is on the egress path, or `undefined` when it is not; worked out once
 * per validation run, however many workloads name the subnet.
 */
export function egressPathOf(subnet: CfnResource): string | undefined {
  return memoized('egressPathOf', subnet, () => egressPathOfSubnet(subnet));
}

function egressPathOfSubnet(subnet: CfnResource): string | undefined {
  const tier = tagValue(subnet, NETWORK_TIER_TAG);
  if (tier !== undefined && EGRESS_PATH_TIERS.includes(tier as NetworkTier)) {
    return `it is tagged ${NETWORK_TIER_TAG}=${tier}`;
  }
  if (firewallsOf(subnet).length > 0) return 'it holds a Network Firewall endpoint';
  if (resourcesReferringTo(subnet, 'AWS::EC2::NatGateway', 'SubnetId').length > 0) {
    return 'it holds a NAT gateway';
  }
  const routes = routesOf(subnet);
  if (routes.some((route) => reachesInternetGateway(subnet, route))) {
    return 'its route table sends traffic to an internet gateway';
  }
  const straightToNat = routes.some(
    (route) => isDefaultRoute(route) && route.NatGatewayId !== undefined,
  );
  if (straightToNat && vpcHasFirewall(subnet)) {
    return "its default route goes straight to a NAT gateway, past the VPC's Network Firewall";
  }
  return undefined;
}

/**
 * Why a subnet known only by its literal id (`subnet-0abc...`) is on the egress path,
 * judged from the stack of `node`: a firewall or NAT gateway of that stack placed in it.
 * Throws when nothing in the stack says what the subnet is: the rule cannot tell.
 */
export function egressPathOfLiteral(node: CfnResource, subnetId: string): string | undefined {
  const inFirewall = stackResourcesOfType(node, 'AWS::NetworkFirewall::Firewall').some((fw) =>
    subnetMappings(fw).some((mapping) => mapping.SubnetId === subnetId),
  );
  if (inFirewall) return 'it holds a Network Firewall endpoint';
  const inNat = stackResourcesOfType(node, 'AWS::EC2::NatGateway').some(
    (nat) => cfnProperty(nat, 'SubnetId') === subnetId,
  );
  if (inNat) return 'it holds a NAT gateway';
  return undefined;
}

function subnetMappings(firewall: CfnResource): Record<string, unknown>[] {
  return objectList(firewall, cfnProperty(firewall, 'SubnetMappings'), 'SubnetMappings');
}

/** The Network Firewalls with an endpoint in `subnet`. */
function firewallsOf(subnet: CfnResource): CfnResource[] {
  return stackResourcesOfType(subnet, 'AWS::NetworkFirewall::Firewall').filter((fw) =>
    subnetMappings(fw).some((mapping) => refersTo(mapping.SubnetId, subnet)),
  );
}

/** The routes of the route tables associated with `subnet`, as resolved properties. */
function routesOf(subnet: CfnResource): Record<string, unknown>[] {
  const tables = resourcesReferringTo(subnet, 'AWS::EC2::SubnetRouteTableAssociation', 'SubnetId')
    .map((association) => JSON.stringify(cfnProperty(association, 'RouteTableId')))
    .filter((table) => table !== undefined);
  return stackResourcesOfType(subnet, 'AWS::EC2::Route')
    .map(cfnProperties)
    .filter((route) => tables.includes(JSON.stringify(route.RouteTableId)));
}

function isDefaultRoute(route: Record<string, unknown>): boolean {
  return route.DestinationCidrBlock === ANY_IPV4 || route.DestinationIpv6CidrBlock === ANY_IPV6;
}

/**
 * A route of `subnet`'s route table to an internet gateway of its stack (the VPC's way
 * in and out) or to an egress-only internet gateway (IPv6 out).
 */
function reachesInternetGateway(subnet: CfnResource, route: Record<string, unknown>): boolean {
  if (route.EgressOnlyInternetGatewayId !== undefined) return true;
  const gateway = route.GatewayId;
  if (typeof gateway === 'string') return gateway.startsWith('igw-');
  return stackResourcesOfType(subnet, 'AWS::EC2::InternetGateway').some((igw) =>
    refersTo(gateway, igw),
  );
}

/** Whether a Network Firewall of `subnet`'s stack guards the subnet's VPC. */
function vpcHasFirewall(subnet: CfnResource): boolean {
  const vpc = JSON.stringify(cfnProperty(subnet, 'VpcId'));
  return stackResourcesOfType(subnet, 'AWS::NetworkFirewall::Firewall').some(
    (fw) => JSON.stringify(cfnProperty(fw, 'VpcId')) === vpc,
  );
}
