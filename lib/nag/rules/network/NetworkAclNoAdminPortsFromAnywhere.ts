import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule, cfnProperties, isTrue, objectValue, resolveLiteral } from '../../rule';
import { isAllProtocols, reachesAnyAddress } from './traffic-rules';

/** Administrative ports: SSH and RDP (RDP also over UDP). */
const ADMIN_PORTS = [22, 3389];
/** IP protocol numbers that carry ports: TCP and UDP. */
const PORT_PROTOCOLS = ['6', '17', 'tcp', 'udp'];

/**
 * DPP 1.1: network ACLs deny unauthorized addresses, and public access is restricted to
 * approved users. An inbound allow from any address whose port range includes SSH (22)
 * or RDP (3389) opens an administrative port to the internet wherever something
 * listens there with a public path, which AWS Security Hub reports as EC2.21. Return
 * traffic of outbound connections needs the ephemeral ports, not these: split the range
 * around them (1024-3388, 3390-65535).
 */
export const NetworkAclNoAdminPortsFromAnywhere: DppRule = {
  name: 'NetworkAclNoAdminPortsFromAnywhere',
  clauses: ['DPP 1.1'],
  finding:
    'The network ACL entry allows inbound traffic from any address on a port range that includes SSH (22) or RDP (3389). Split the range around the administrative ports, or name the sources.',
  check(node: CfnResource) {
    if (node.cfnResourceType !== 'AWS::EC2::NetworkAclEntry') {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    const entry = cfnProperties(node);
    if (isTrue(resolveLiteral(node, entry.Egress, 'Egress'))) return NagRuleCompliance.COMPLIANT;
    if (String(resolveLiteral(node, entry.RuleAction, 'RuleAction')).toLowerCase() !== 'allow') {
      return NagRuleCompliance.COMPLIANT;
    }
    const protocol = String(resolveLiteral(node, entry.Protocol, 'Protocol')).toLowerCase();
    if (!isAllProtocols(protocol) && !PORT_PROTOCOLS.includes(protocol)) {
      return NagRuleCompliance.COMPLIANT;
    }
    if (!reachesAnyAddress(node, entry)) return NagRuleCompliance.COMPLIANT;
    if (isAllProtocols(protocol)) return NagRuleCompliance.NON_COMPLIANT;
    const range = objectValue(node, entry.PortRange, 'PortRange');
    // TCP or UDP without a port range admits every port.
    if (range === undefined) return NagRuleCompliance.NON_COMPLIANT;
    const from = Number(resolveLiteral(node, range.From, 'PortRange.From'));
    const to = Number(resolveLiteral(node, range.To, 'PortRange.To'));
    const opensAdminPort = ADMIN_PORTS.some((port) => from <= port && port <= to);
    return opensAdminPort ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
};
