import {
  ALLOW_RULE_BASE,
  DENY_RULE_BASE,
  largestNaclDirection,
  naclPlan,
  NACL_RULES_PER_DIRECTION,
  RESERVED_DENIED_CIDRS,
} from '../../../lib/network/nacl-plan';

const input = {
  vpcCidr: '10.20.0.0/16',
  deniedCidrs: [{ cidr: '100.70.0.0/16', reason: 'threat feed' }],
  adminSshCidrs: [],
};

describe('network ACL plan', () => {
  test('numbers the deny-list from 100 and the allows from 1000, in steps of 10', () => {
    const plan = naclPlan('private', input).filter((e) => e.direction === 'ingress');
    const denies = plan.filter((e) => e.action === 'deny');
    expect(denies.map((e) => e.ruleNumber)).toEqual(
      [...RESERVED_DENIED_CIDRS, input.deniedCidrs[0]].map((_, i) => DENY_RULE_BASE + 10 * i),
    );
    expect(denies.at(-1)).toMatchObject({ cidr: '100.70.0.0/16', protocol: 'all' });
    expect(plan.filter((e) => e.action === 'allow').map((e) => e.ruleNumber)).toEqual([
      ALLOW_RULE_BASE,
      ALLOW_RULE_BASE + 10,
      ALLOW_RULE_BASE + 20,
    ]);
  });

  test('keeps rule numbers of existing entries when the deny-list grows at the end', () => {
    const longer = {
      ...input,
      deniedCidrs: [...input.deniedCidrs, { cidr: '100.71.0.0/16', reason: 'another' }],
    };
    const numbersOf = (plan: ReturnType<typeof naclPlan>) =>
      new Map(plan.map((e) => [`${e.direction} ${e.cidr} ${e.ports?.from}`, e.ruleNumber]));
    const before = numbersOf(naclPlan('nat', input));
    const after = numbersOf(naclPlan('nat', longer));
    for (const [entry, number] of before) expect(after.get(entry)).toBe(number);
  });

  test('admits the isolated tier nothing but VPC traffic', () => {
    const allows = naclPlan('isolated', input).filter((e) => e.action === 'allow');
    expect(allows.map((e) => [e.direction, e.cidr, e.protocol])).toEqual([
      ['ingress', '10.20.0.0/16', 'all'],
      ['egress', '10.20.0.0/16', 'all'],
    ]);
  });

  test('admits HTTPS out and its return traffic on the egress path', () => {
    for (const tier of ['private', 'firewall', 'nat'] as const) {
      const allows = naclPlan(tier, input).filter(
        (e) => e.action === 'allow' && e.cidr === '0.0.0.0/0',
      );
      // Return traffic on every ephemeral port but RDP's (3389).
      expect(allows.map((e) => [e.direction, e.protocol, e.ports])).toEqual([
        ['egress', 'tcp', { from: 443, to: 443 }],
        ['ingress', 'tcp', { from: 1024, to: 3388 }],
        ['ingress', 'tcp', { from: 3390, to: 65535 }],
      ]);
    }
  });

  test('admits SSH and its return traffic from configured sources to the private tier only', () => {
    const withSsh = { ...input, adminSshCidrs: [{ cidr: '10.99.0.0/24', reason: 'VPN' }] };
    const ssh = naclPlan('private', withSsh).filter((e) => e.cidr === '10.99.0.0/24');
    expect(ssh.map((e) => [e.direction, e.ports])).toEqual([
      ['ingress', { from: 22, to: 22 }],
      ['egress', { from: 1024, to: 65535 }],
    ]);
    expect(naclPlan('isolated', withSsh).some((e) => e.cidr === '10.99.0.0/24')).toBe(false);
  });

  test('counts the fullest direction against the ACL quota', () => {
    // inbound: the deny-list, VPC traffic, and return traffic in two ranges around RDP
    expect(largestNaclDirection(input)).toBe(RESERVED_DENIED_CIDRS.length + 1 + 3);
    const many = {
      ...input,
      deniedCidrs: Array.from({ length: 12 }, (_, i) => ({
        cidr: `198.${100 + i}.0.0/16`,
        reason: 'x',
      })),
    };
    expect(largestNaclDirection(many)).toBeGreaterThan(NACL_RULES_PER_DIRECTION);
  });
});
