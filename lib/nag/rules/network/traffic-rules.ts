import { CfnResource } from 'aws-cdk-lib';
import { UnresolvedValueError, cfnProperty, isIntrinsic, resolveLiteral } from '../../rule';
import { logicalIdOf, stackResourcesOfType } from '../../template';

/**
 * Reading the traffic rules of security groups and network ACL entries: which
 * addresses a rule reaches and which protocol it carries. Input is a resolved
 * template value (see `cfnProperty`).
 */

/** The address properties of a security group rule and of a network ACL entry. */
const ADDRESS_PROPERTIES = ['CidrIp', 'CidrIpv6', 'CidrBlock', 'Ipv6CidrBlock'] as const;

/** Resource types whose `CidrBlock` attribute is a range AWS limits to /16../28. */
const NETWORK_TYPES = ['AWS::EC2::VPC', 'AWS::EC2::Subnet'];

/**
 * Whether `value` is the `CidrBlock` attribute of a VPC or subnet in the stack of
 * `node`. Such a range is never the whole address space, so a rule can decide on it
 * without knowing the literal.
 */
function isStackNetworkRange(node: CfnResource, value: unknown): boolean {
  if (!isIntrinsic(value)) return false;
  const getAtt = (value as Record<string, unknown>)['Fn::GetAtt'];
  const [logicalId, attribute] =
    typeof getAtt === 'string' ? getAtt.split('.') : Array.isArray(getAtt) ? getAtt : [];
  if (attribute !== 'CidrBlock') return false;
  return NETWORK_TYPES.some((type) =>
    stackResourcesOfType(node, type).some((network) => logicalIdOf(network) === logicalId),
  );
}

/** Whether a CIDR (IPv4 or IPv6) has prefix length 0, i.e. is every address. */
function isWholeAddressSpace(cidr: unknown): boolean {
  return typeof cidr === 'string' && /\/0+$/.test(cidr.trim());
}

/**
 * Whether a security group rule or network ACL entry (its resolved properties)
 * reaches every address: any of its CIDRs has prefix /0. Throws when a CIDR is an
 * intrinsic other than the range of a VPC or subnet of the same stack.
 */
export function reachesAnyAddress(node: CfnResource, rule: Record<string, unknown>): boolean {
  return ADDRESS_PROPERTIES.some((property) => {
    const value = rule[property];
    if (value === undefined || isStackNetworkRange(node, value)) return false;
    return isWholeAddressSpace(resolveLiteral(node, value, property));
  });
}

/** Whether an `IpProtocol` / `Protocol` value means all protocols (`-1`, as number or string). */
export function isAllProtocols(protocol: unknown): boolean {
  return String(protocol) === '-1';
}

/**
 * The inline rules of a security group (`SecurityGroupIngress` or
 * `SecurityGroupEgress`), each as its resolved properties; `undefined` when the
 * property is absent. Throws when the list or one of its rules is an intrinsic.
 */
export function inlineRules(
  node: CfnResource,
  property: 'SecurityGroupIngress' | 'SecurityGroupEgress',
): Record<string, unknown>[] | undefined {
  const rules = cfnProperty(node, property);
  if (rules === undefined) return undefined;
  if (!Array.isArray(rules) || rules.some(isIntrinsic)) {
    throw new UnresolvedValueError(`${property} of ${node.node.path} is not known at synth`);
  }
  return rules as Record<string, unknown>[];
}
