import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { PropertiesWithReferences, propertiesWithReferences } from '../../references';
import { DppRule, UnresolvedValueError, isIntrinsic } from '../../rule';
import { egressPathOf, egressPathOfLiteral } from './egress-subnets';

/**
 * Where each kind of workload names the subnets its network interfaces live in, as
 * paths into its CloudFormation properties (`[]` steps into every item of a list).
 * Databases, caches and search domains are placed through their subnet groups.
 */
const SUBNET_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  'AWS::Lambda::Function': ['VpcConfig.SubnetIds'],
  'AWS::EC2::Instance': ['SubnetId', 'NetworkInterfaces[].SubnetId'],
  'AWS::EC2::NetworkInterface': ['SubnetId'],
  'AWS::EC2::LaunchTemplate': ['LaunchTemplateData.NetworkInterfaces[].SubnetId'],
  'AWS::AutoScaling::AutoScalingGroup': ['VPCZoneIdentifier'],
  'AWS::ECS::Service': ['NetworkConfiguration.AwsvpcConfiguration.Subnets'],
  'AWS::ECS::TaskSet': ['NetworkConfiguration.AwsVpcConfiguration.Subnets'],
  'AWS::ElasticLoadBalancingV2::LoadBalancer': ['Subnets', 'SubnetMappings[].SubnetId'],
  'AWS::ElasticLoadBalancing::LoadBalancer': ['Subnets'],
  'AWS::RDS::DBSubnetGroup': ['SubnetIds'],
  'AWS::DocDB::DBSubnetGroup': ['SubnetIds'],
  'AWS::Neptune::DBSubnetGroup': ['SubnetIds'],
  'AWS::ElastiCache::SubnetGroup': ['SubnetIds'],
  'AWS::MemoryDB::SubnetGroup': ['SubnetIds'],
  'AWS::DAX::SubnetGroup': ['SubnetIds'],
  'AWS::Redshift::ClusterSubnetGroup': ['SubnetIds'],
  'AWS::EFS::MountTarget': ['SubnetId'],
  'AWS::OpenSearchService::Domain': ['VPCOptions.SubnetIds'],
  'AWS::EKS::Cluster': ['ResourcesVpcConfig.SubnetIds'],
  'AWS::EKS::Nodegroup': ['Subnets'],
  'AWS::Batch::ComputeEnvironment': ['ComputeResources.Subnets'],
  'AWS::CodeBuild::Project': ['VpcConfig.Subnets'],
  'AWS::MSK::Cluster': ['BrokerNodeGroupInfo.ClientSubnets'],
  'AWS::AppRunner::VpcConnector': ['Subnets'],
};

/** The values at `path` under `value`: a list at the end is spread, `[]` steps into each item. */
function valuesAt(
  node: CfnResource,
  value: unknown,
  path: readonly string[],
  where: string,
): unknown[] {
  if (value === undefined) return [];
  // A leaf that is an intrinsic is judged by what it names (see egressPathOfValue).
  if (path.length === 0) return Array.isArray(value) ? value : [value];
  if (isIntrinsic(value)) {
    throw new UnresolvedValueError(`${where} of ${node.node.path} is not known at synth`);
  }
  const [step, ...rest] = path;
  const name = step.replace(/\[\]$/, '');
  const child = (value as Record<string, unknown>)[name];
  if (!step.endsWith('[]')) return valuesAt(node, child, rest, `${where}.${name}`);
  if (child === undefined) return [];
  if (!Array.isArray(child)) {
    throw new UnresolvedValueError(
      `${where}.${name} of ${node.node.path} is not a list known at synth`,
    );
  }
  return child.flatMap((item) => valuesAt(node, item, rest, `${where}.${name}[]`));
}

/** The subnet values a workload names, each a marker, a raw reference or a literal id. */
function subnetValues(node: CfnResource, resolved: PropertiesWithReferences): unknown[] {
  return (SUBNET_PROPERTIES[node.cfnResourceType] ?? []).flatMap((path) =>
    valuesAt(node, resolved.properties, path.split('.'), 'Properties'),
  );
}

/** Why the subnet named by `value` is on the egress path, or `undefined`; throws when unknowable. */
function egressPathOfValue(
  node: CfnResource,
  resolved: PropertiesWithReferences,
  value: unknown,
): string | undefined {
  const subnet = resolved.referencedResource(value);
  if (subnet?.cfnResourceType === 'AWS::EC2::Subnet') return egressPathOf(subnet);
  if (subnet === undefined && typeof value === 'string' && /^subnet-[0-9a-f]+$/.test(value)) {
    const reason = egressPathOfLiteral(node, value);
    if (reason !== undefined) return reason;
    throw new UnresolvedValueError(
      `subnet ${value} of ${node.node.path} is not defined in this app, so whether it is a firewall or NAT subnet cannot be told`,
    );
  }
  throw new UnresolvedValueError(
    `a subnet of ${node.node.path} is ${JSON.stringify(value)}, which names no subnet of this app`,
  );
}

/**
 * DPP 1.1 and DUP 4.7: workloads reach the internet only through the egress firewall.
 * A network interface in a firewall subnet, a NAT subnet or any subnet whose traffic
 * skips the firewall (it routes to an internet gateway, or straight to a NAT gateway in
 * a VPC that has a firewall) sends its traffic out uninspected: the firewall subnet's
 * own default route is the NAT gateway. Checked for functions, instances, launch
 * templates, Auto Scaling groups, ECS services, load balancers, the subnet groups of
 * databases and caches, EFS mount targets, search domains, EKS, Batch, CodeBuild, MSK
 * and App Runner. A subnet given by literal id that nothing in the stack describes
 * cannot be judged and is reported.
 */
export const WorkloadNotInEgressSubnet: DppRule = {
  name: 'WorkloadNotInEgressSubnet',
  clauses: ['DPP 1.1', 'DUP 4.7'],
  finding:
    "A workload's network interface is placed in a firewall or NAT subnet, or in a subnet whose traffic reaches the internet without passing the firewall, so its egress escapes inspection. Place it in the private tier (BaselineNetwork.workloadSubnets) or the isolated tier (dataSubnets).",
  check(node: CfnResource) {
    if (SUBNET_PROPERTIES[node.cfnResourceType] === undefined) {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    const resolved = propertiesWithReferences(node);
    const values = subnetValues(node, resolved);
    if (values.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
    const onEgressPath = values.some((value) => egressPathOfValue(node, resolved, value));
    return onEgressPath ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
};
