import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule, cfnProperties, isTrue, resolveLiteral } from '../../rule';
import { resourcesReferringTo } from '../../template';

/** A network ACL entry as far as evaluation order goes. */
interface AclEntry {
  readonly egress: boolean;
  readonly action: string;
  readonly ruleNumber: number;
}

function aclEntryOf(entry: CfnResource): AclEntry {
  const properties = cfnProperties(entry);
  return {
    egress: isTrue(resolveLiteral(entry, properties.Egress, 'Egress')),
    action: String(resolveLiteral(entry, properties.RuleAction, 'RuleAction')).toLowerCase(),
    ruleNumber: Number(resolveLiteral(entry, properties.RuleNumber, 'RuleNumber')),
  };
}

/**
 * Whether the entries of one direction carry a deny-list that is evaluated first:
 * at least one deny entry, and every deny numbered below every allow.
 */
function deniesFirst(entries: readonly AclEntry[]): boolean {
  const numbers = (action: string) =>
    entries.filter((e) => e.action === action).map((e) => e.ruleNumber);
  const denies = numbers('deny');
  const allows = numbers('allow');
  if (denies.length === 0) return false;
  return allows.length === 0 || Math.max(...denies) < Math.min(...allows);
}

/**
 * DPP 1.1: network access control lists deny access to unauthorized IP addresses.
 * A network ACL evaluates entries in rule-number order and stops at the first match,
 * so the deny-list only denies if, in each direction, its entries come before every
 * allow entry. An ACL without deny entries in a direction has no deny-list there.
 */
export const NetworkAclDenyListFirst: DppRule = {
  name: 'NetworkAclDenyListFirst',
  clauses: ['DPP 1.1'],
  finding:
    'The network ACL has no deny entries in a direction, or an allow entry numbered before a deny entry. Add the deny-list to both directions with rule numbers below every allow.',
  check(node: CfnResource) {
    if (node.cfnResourceType !== 'AWS::EC2::NetworkAcl') return NagRuleCompliance.NOT_APPLICABLE;
    const entries = resourcesReferringTo(node, 'AWS::EC2::NetworkAclEntry', 'NetworkAclId').map(
      aclEntryOf,
    );
    const compliant = [false, true].every((egress) =>
      deniesFirst(entries.filter((e) => e.egress === egress)),
    );
    return compliant ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
