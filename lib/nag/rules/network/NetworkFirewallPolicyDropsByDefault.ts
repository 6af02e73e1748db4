import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import {
  DppRule,
  UnresolvedValueError,
  cfnProperty,
  isIntrinsic,
  resolveLiteral,
} from '../../rule';

/** Stateless default actions that hand traffic to the stateful engine or drop it. */
const STATELESS_DEFAULTS = ['aws:forward_to_sfe', 'aws:drop'];
/** Stateful default actions that drop what no allow rule matched. */
const STATEFUL_DROPS = ['aws:drop_strict', 'aws:drop_established'];

/** A list of literal strings in the policy; throws when it or an item is not known at synth. */
function literalList(node: CfnResource, value: unknown, what: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new UnresolvedValueError(`${what} of ${node.node.path} is not a list known at synth`);
  }
  return value.map((item) => String(resolveLiteral(node, item, what)));
}

/** Whether stateless defaults send everything on to the stateful engine (or drop it). */
function statelessDefaultIsSafe(actions: readonly string[]): boolean {
  return (
    actions.some((action) => STATELESS_DEFAULTS.includes(action)) && !actions.includes('aws:pass')
  );
}

/**
 * DPP 1.1 and DUP 4.7: network firewalls, and data kept on the internal network. The
 * egress firewall allows only the listed TLS server names, which works only if the
 * policy drops what no rule allows: stateless defaults must forward to the stateful
 * engine (an `aws:pass` would skip the allow-list), the stateful engine must evaluate
 * rules in strict order, and its default action must drop.
 */
export const NetworkFirewallPolicyDropsByDefault: DppRule = {
  name: 'NetworkFirewallPolicyDropsByDefault',
  clauses: ['DPP 1.1', 'DUP 4.7'],
  finding:
    'The firewall policy does not drop unmatched traffic: stateless defaults must forward to the stateful engine (never pass), the stateful rule order must be STRICT_ORDER and the stateful default must include aws:drop_strict or aws:drop_established.',
  check(node: CfnResource) {
    if (node.cfnResourceType !== 'AWS::NetworkFirewall::FirewallPolicy') {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    const policy = cfnProperty(node, 'FirewallPolicy') as Record<string, unknown> | undefined;
    if (policy === undefined || isIntrinsic(policy)) {
      throw new UnresolvedValueError(`FirewallPolicy of ${node.node.path} is not known at synth`);
    }
    const list = (property: string) => literalList(node, policy[property], property);
    const engineOptions = (policy.StatefulEngineOptions ?? {}) as Record<string, unknown>;
    const ruleOrder = resolveLiteral(node, engineOptions.RuleOrder, 'RuleOrder');
    const dropsByDefault =
      statelessDefaultIsSafe(list('StatelessDefaultActions')) &&
      statelessDefaultIsSafe(list('StatelessFragmentDefaultActions')) &&
      ruleOrder === 'STRICT_ORDER' &&
      list('StatefulDefaultActions').some((action) => STATEFUL_DROPS.includes(action));
    return dropsByDefault ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
