import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule, cfnProperties } from '../../rule';
import { inlineRules, reachesAnyAddress } from './traffic-rules';

/** The ingress rules a resource defines: a security group's inline list, or the rule itself. */
function ingressRulesOf(node: CfnResource): Record<string, unknown>[] | undefined {
  switch (node.cfnResourceType) {
    case 'AWS::EC2::SecurityGroup':
      return inlineRules(node, 'SecurityGroupIngress') ?? [];
    case 'AWS::EC2::SecurityGroupIngress':
      return [cfnProperties(node)];
    default:
      return undefined;
  }
}

/**
 * DPP 1.1: public access is restricted to approved users. A security group rule that
 * admits 0.0.0.0/0 or ::/0 admits everyone; approved callers reach the workload
 * through a named range, security group or prefix list instead.
 */
export const SecurityGroupNoWorldIngress: DppRule = {
  name: 'SecurityGroupNoWorldIngress',
  clauses: ['DPP 1.1'],
  finding:
    'The security group admits traffic from any address (a /0 CIDR). Admit only the ranges, security groups or prefix lists of approved callers.',
  check(node: CfnResource) {
    const rules = ingressRulesOf(node);
    if (rules === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    return rules.some((rule) => reachesAnyAddress(node, rule))
      ? NagRuleCompliance.NON_COMPLIANT
      : NagRuleCompliance.COMPLIANT;
  },
};
