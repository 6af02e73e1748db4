import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule, cfnProperties, isTrue, resolveLiteral } from '../../rule';
import { isAllProtocols, reachesAnyAddress } from './traffic-rules';

/**
 * DPP 1.1: network access control lists deny access to unauthorized IP addresses.
 * An inbound entry that allows every protocol and port from every address makes the
 * ACL a no-op for whatever its deny-list does not name. Inbound allows from anywhere
 * must be narrowed to a protocol and port range (e.g. TCP 1024-65535 for return
 * traffic, since ACLs are stateless).
 */
export const NetworkAclNoAllTrafficFromAnywhere: DppRule = {
  name: 'NetworkAclNoAllTrafficFromAnywhere',
  clauses: ['DPP 1.1'],
  finding:
    'The network ACL entry allows all protocols and ports inbound from any address. Restrict it to the protocol and port range the tier needs.',
  check(node: CfnResource) {
    if (node.cfnResourceType !== 'AWS::EC2::NetworkAclEntry') {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    const entry = cfnProperties(node);
    // Each value is read only once the earlier ones leave the question open, so an
    // unknown value throws only where it decides the outcome.
    const allowsAllFromAnywhere =
      !isTrue(resolveLiteral(node, entry.Egress, 'Egress')) &&
      String(resolveLiteral(node, entry.RuleAction, 'RuleAction')).toLowerCase() === 'allow' &&
      isAllProtocols(resolveLiteral(node, entry.Protocol, 'Protocol')) &&
      reachesAnyAddress(node, entry);
    return allowsAllFromAnywhere ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
};
