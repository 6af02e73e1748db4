import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import {
  CfnObject,
  DppRule,
  UnresolvedValueError,
  cfnProperty,
  objectList,
  resolveLiteral,
} from '../../rule';
import { refersTo, resourcesReferringTo, stackResourcesOfType } from '../../template';

const MATCH_ALL = '*';

/** The stack resource of `type` that `reference` refers to; throws when none does. */
function referenced(
  owner: CfnResource,
  reference: unknown,
  type: string,
  what: string,
): CfnResource {
  const found = stackResourcesOfType(owner, type).find((candidate) =>
    refersTo(reference, candidate),
  );
  if (!found) {
    throw new UnresolvedValueError(
      `${what} of ${owner.node.path} is not a ${type} of this stack; its rules cannot be read at synth`,
    );
  }
  return found;
}

/**
 * Whether a rule's domain list matches every name: `undefined` when the list is not a
 * list of this stack (an AWS-managed list, or one shared from another account).
 */
function matchesEveryDomain(group: CfnResource, rule: CfnObject): boolean | undefined {
  const list = stackResourcesOfType(group, 'AWS::Route53Resolver::FirewallDomainList').find(
    (candidate) => refersTo(rule.FirewallDomainListId, candidate),
  );
  if (!list) return undefined;
  const domains = cfnProperty(list, 'Domains');
  if (!Array.isArray(domains)) {
    throw new UnresolvedValueError(`Domains of ${list.node.path} are not a list known at synth`);
  }
  return domains.some((d) => resolveLiteral(list, d, 'Domains[]') === MATCH_ALL);
}

const priorityOf = (node: CfnResource, value: unknown, what: string) =>
  Number(resolveLiteral(node, value, what));

/**
 * The rules that apply to the VPC's queries, in the order DNS Firewall evaluates them:
 * rule groups by association priority, rules by rule priority.
 */
function rulesInOrder(vpc: CfnResource): { group: CfnResource; rule: CfnObject }[] {
  const associations = resourcesReferringTo(
    vpc,
    'AWS::Route53Resolver::FirewallRuleGroupAssociation',
    'VpcId',
  ).sort(
    (a, b) =>
      priorityOf(a, cfnProperty(a, 'Priority'), 'Priority') -
      priorityOf(b, cfnProperty(b, 'Priority'), 'Priority'),
  );
  return associations.flatMap((association) => {
    const group = referenced(
      association,
      cfnProperty(association, 'FirewallRuleGroupId'),
      'AWS::Route53Resolver::FirewallRuleGroup',
      'FirewallRuleGroupId',
    );
    return objectList(group, cfnProperty(group, 'FirewallRules'), 'FirewallRules')
      .sort(
        (a, b) =>
          priorityOf(group, a.Priority, 'FirewallRules[].Priority') -
          priorityOf(group, b.Priority, 'FirewallRules[].Priority'),
      )
      .map((rule) => ({ group, rule }));
  });
}

function failsOpen(vpc: CfnResource): boolean {
  return resourcesReferringTo(vpc, 'AWS::Route53Resolver::FirewallConfig', 'ResourceId').some(
    (config) =>
      resolveLiteral(config, cfnProperty(config, 'FirewallFailOpen'), 'FirewallFailOpen') ===
      'ENABLED',
  );
}

/**
 * DUP 4.7 and DPP 1.1: data stays on the internal network, and network protection
 * denies what is not authorized. DNS is a way out that the egress firewall does not
 * see: a query for `<data>.attacker.example` reaches the attacker's name server
 * through the VPC resolver. Every VPC has Route 53 Resolver DNS Firewall associated,
 * whose rules, in evaluation order, reach a BLOCK rule on a domain list of `*` before
 * any rule that allows or alerts on every domain; and the firewall does not fail open.
 */
export const VPCDnsFirewallBlocksByDefault: DppRule = {
  name: 'VPCDnsFirewallBlocksByDefault',
  clauses: ['DUP 4.7', 'DPP 1.1'],
  finding:
    "The VPC's DNS queries are not blocked by default: associate a DNS Firewall rule group whose last rule blocks the domain list '*' (with no earlier rule allowing '*'), and do not set FirewallFailOpen to ENABLED.",
  check(node: CfnResource) {
    if (node.cfnResourceType !== 'AWS::EC2::VPC') return NagRuleCompliance.NOT_APPLICABLE;
    if (failsOpen(node)) return NagRuleCompliance.NON_COMPLIANT;
    for (const { group, rule } of rulesInOrder(node)) {
      const action = resolveLiteral(group, rule.Action, 'FirewallRules[].Action');
      const everyDomain = matchesEveryDomain(group, rule);
      if (everyDomain === undefined) {
        // A list the rule cannot read: harmless in a BLOCK rule, unknowable in any other.
        if (action === 'BLOCK') continue;
        throw new UnresolvedValueError(
          `${group.node.path} ${String(action)}s a domain list that is not in this stack; what it lets through cannot be known at synth`,
        );
      }
      if (!everyDomain) continue;
      return action === 'BLOCK' ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
    }
    return NagRuleCompliance.NON_COMPLIANT;
  },
};
