/**
 * An evaluator of Route 53 Resolver DNS Firewall over a synthesized template, for tests
 * that send queries an attacker would make (data encoded in a subdomain, look-alike
 * names) and check which ones resolve.
 *
 * The rule groups associated with a VPC are evaluated in association priority order,
 * the rules of a group in rule priority order; the first rule whose domain list matches
 * the query decides. A query no rule matches resolves. Domain list entries: `*` matches
 * every name, `*.example.com` every subdomain of example.com (not example.com itself),
 * anything else the name exactly; case and a trailing dot do not matter.
 */

type Resources = Record<string, { Type: string; Properties?: Record<string, any> }>;

export type DnsDecision = 'ALLOW' | 'BLOCK' | 'ALERT' | 'RESOLVE';

function normalize(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

export function domainMatches(entry: string, query: string): boolean {
  const name = normalize(query);
  const pattern = normalize(entry);
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return name.endsWith(pattern.slice(1));
  return name === pattern;
}

function referencedId(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const v = value as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
  return v.Ref ?? v['Fn::GetAtt']?.[0];
}

/** The decision DNS Firewall takes on `query` from the VPC `vpcLogicalId`. */
export function resolveQuery(
  resources: Resources,
  vpcLogicalId: string,
  query: string,
): DnsDecision {
  const associations = Object.values(resources)
    .filter(
      (r) =>
        r.Type === 'AWS::Route53Resolver::FirewallRuleGroupAssociation' &&
        referencedId(r.Properties?.VpcId) === vpcLogicalId,
    )
    .sort((a, b) => a.Properties!.Priority - b.Properties!.Priority);
  for (const association of associations) {
    const group = resources[referencedId(association.Properties!.FirewallRuleGroupId)!];
    const rules = [...(group.Properties!.FirewallRules as any[])].sort(
      (a, b) => a.Priority - b.Priority,
    );
    for (const rule of rules) {
      const list = resources[referencedId(rule.FirewallDomainListId)!];
      const domains: string[] = list.Properties!.Domains;
      if (domains.some((entry) => domainMatches(entry, query))) return rule.Action;
    }
  }
  return 'RESOLVE';
}
