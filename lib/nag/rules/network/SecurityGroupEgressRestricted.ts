import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule, cfnProperties, resolveLiteral } from '../../rule';
import { inlineRules, reachesAnyAddress } from './traffic-rules';

/** The only traffic allowed to any address: TCP to port 443. */
const HTTPS_PORT = 443;
const TCP = ['tcp', '6'];

/**
 * The egress rules a resource defines: a security group's inline list, or the rule
 * itself. `null` for a security group without the property, which EC2 then gives its
 * default allow-all egress rule.
 */
function egressRulesOf(node: CfnResource): Record<string, unknown>[] | null | undefined {
  switch (node.cfnResourceType) {
    case 'AWS::EC2::SecurityGroup': {
      const rules = inlineRules(node, 'SecurityGroupEgress');
      // CloudFormation treats an empty list like an absent one.
      return rules === undefined || rules.length === 0 ? null : rules;
    }
    case 'AWS::EC2::SecurityGroupEgress':
      return [cfnProperties(node)];
    default:
      return undefined;
  }
}

/** Whether an egress rule carries only TCP to port 443. */
function isHttpsOnly(node: CfnResource, rule: Record<string, unknown>): boolean {
  const literal = (property: string) => resolveLiteral(node, rule[property], property);
  return (
    TCP.includes(String(literal('IpProtocol')).toLowerCase()) &&
    Number(literal('FromPort')) === HTTPS_PORT &&
    Number(literal('ToPort')) === HTTPS_PORT
  );
}

/**
 * DPP 1.1 and DUP 4.7: data stays on the internal network. Outbound traffic to any
 * address is limited to HTTPS, which the egress firewall filters by TLS server name;
 * any other protocol or port to the internet is a channel the firewall cannot judge.
 * Egress to in-VPC ranges, security groups and prefix lists is not restricted here.
 */
export const SecurityGroupEgressRestricted: DppRule = {
  name: 'SecurityGroupEgressRestricted',
  clauses: ['DPP 1.1', 'DUP 4.7'],
  finding:
    'The security group allows outbound traffic to any address other than TCP 443, or has no egress rules (EC2 then allows all outbound). Restrict egress to the internet to HTTPS.',
  check(node: CfnResource) {
    const rules = egressRulesOf(node);
    if (rules === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    if (rules === null) return NagRuleCompliance.NON_COMPLIANT;
    return rules.every((rule) => !reachesAnyAddress(node, rule) || isHttpsOnly(node, rule))
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
};
