/**
 * The network ACL entries of each subnet tier (DPP 1.1 Network Protection: "network
 * access control lists to deny access to unauthorized IP addresses"), as a pure plan
 * the construct renders and the config validation counts.
 *
 * Every ACL starts with the same deny-list, in both directions: the reserved ranges
 * below, then the environment's own. The allows follow, and admit only what the tier
 * needs. ACLs are stateless, so return traffic is admitted explicitly (ephemeral
 * ports), or the design would not work.
 *
 * Rule numbers are deterministic: deny entries from 100 and allows from 1000, in steps
 * of 10, so that entries can be added by hand between them and a longer deny-list
 * never collides with the allows.
 */

import { Justified } from '../policy/justified';

/** The subnet tiers of the baseline VPC. */
export type SubnetTier = 'nat' | 'firewall' | 'private' | 'isolated';

export type TrafficDirection = 'ingress' | 'egress';

export interface NaclEntryPlan {
  readonly direction: TrafficDirection;
  readonly ruleNumber: number;
  readonly action: 'allow' | 'deny';
  /** IPv4 CIDR of the source (ingress) or destination (egress). */
  readonly cidr: string;
  /** `all` protocols, or TCP on `ports`. */
  readonly protocol: 'all' | 'tcp';
  readonly ports?: { readonly from: number; readonly to: number };
  /** Why the entry exists, for the reviewer and the entry's documentation. */
  readonly reason: string;
}

/**
 * Ranges that are never a legitimate peer on the internet: traffic from them is
 * spoofed, traffic to them is a mistake or an exfiltration trick. Denied on every ACL
 * ahead of the environment's own deny-list.
 */
export const RESERVED_DENIED_CIDRS: readonly Justified<'cidr'>[] = [
  { cidr: '0.0.0.0/8', reason: 'RFC 1122 "this network": never a valid internet peer' },
  { cidr: '192.0.0.0/24', reason: 'RFC 6890 IETF protocol assignments' },
  { cidr: '192.0.2.0/24', reason: 'RFC 5737 TEST-NET-1 documentation range' },
  { cidr: '198.18.0.0/15', reason: 'RFC 2544 benchmarking range' },
  { cidr: '198.51.100.0/24', reason: 'RFC 5737 TEST-NET-2 documentation range' },
  { cidr: '203.0.113.0/24', reason: 'RFC 5737 TEST-NET-3 documentation range' },
  { cidr: '224.0.0.0/4', reason: 'RFC 5771 multicast: never a unicast internet peer' },
  { cidr: '240.0.0.0/4', reason: 'RFC 1112 reserved range, including limited broadcast' },
];

export const DENY_RULE_BASE = 100;
export const ALLOW_RULE_BASE = 1000;
export const RULE_NUMBER_STEP = 10;
/** The default EC2 quota of rules per network ACL and direction. */
export const NACL_RULES_PER_DIRECTION = 20;

const ANY_IPV4 = '0.0.0.0/0';
/**
 * Ports the VPC's clients and NAT gateways use for their side of a TCP connection
 * (1024-65535), admitted from anywhere as return traffic, in two ranges around RDP
 * (3389; SSH, 22, is below them): no ACL admits an administrative port from anywhere,
 * which AWS Security Hub's EC2.21 also checks. It costs one entry per ACL inbound.
 */
const EPHEMERAL_PORT_RANGES = [
  { from: 1024, to: 3388 },
  { from: 3390, to: 65535 },
];
/** Ephemeral ports towards a known peer (administrative SSH sources): one range. */
const EPHEMERAL_PORTS = { from: 1024, to: 65535 };
const HTTPS = { from: 443, to: 443 };
const SSH = { from: 22, to: 22 };

export interface NaclPlanInput {
  readonly vpcCidr: string;
  /** The environment's deny-list, after the reserved ranges. */
  readonly deniedCidrs: readonly Justified<'cidr'>[];
  /** Sources allowed SSH into the private tier (over private connectivity only). */
  readonly adminSshCidrs: readonly Justified<'cidr'>[];
}

type Allow = Omit<NaclEntryPlan, 'ruleNumber' | 'action'>;

function denyList(input: NaclPlanInput): NaclEntryPlan[] {
  const denied = [...RESERVED_DENIED_CIDRS, ...input.deniedCidrs];
  return (['ingress', 'egress'] as const).flatMap((direction) =>
    denied.map(({ cidr, reason }, i) => ({
      direction,
      ruleNumber: DENY_RULE_BASE + i * RULE_NUMBER_STEP,
      action: 'deny' as const,
      cidr,
      protocol: 'all' as const,
      reason: `Deny-list: ${reason}`,
    })),
  );
}

function insideVpc(vpcCidr: string): Allow[] {
  return [
    { direction: 'ingress', cidr: vpcCidr, protocol: 'all', reason: 'Traffic inside the VPC' },
    { direction: 'egress', cidr: vpcCidr, protocol: 'all', reason: 'Traffic inside the VPC' },
  ];
}

/** Outbound HTTPS to the internet and its return traffic: the only way out. */
function httpsOut(reason: string): Allow[] {
  return [
    { direction: 'egress', cidr: ANY_IPV4, protocol: 'tcp', ports: HTTPS, reason },
    ...EPHEMERAL_PORT_RANGES.map((ports) => ({
      direction: 'ingress' as const,
      cidr: ANY_IPV4,
      protocol: 'tcp' as const,
      ports,
      reason: `Return traffic of ${reason.charAt(0).toLowerCase()}${reason.slice(1)} (RDP excepted)`,
    })),
  ];
}

function sshFrom(cidrs: readonly Justified<'cidr'>[]): Allow[] {
  return cidrs.flatMap(({ cidr, reason }) => [
    {
      direction: 'ingress' as const,
      cidr,
      protocol: 'tcp' as const,
      ports: SSH,
      reason: `Administrative SSH: ${reason}`,
    },
    {
      direction: 'egress' as const,
      cidr,
      protocol: 'tcp' as const,
      ports: EPHEMERAL_PORTS,
      reason: `Return traffic of administrative SSH: ${reason}`,
    },
  ]);
}

function allowsOf(tier: SubnetTier, input: NaclPlanInput): Allow[] {
  switch (tier) {
    case 'isolated':
      return insideVpc(input.vpcCidr);
    case 'private':
      return [
        ...insideVpc(input.vpcCidr),
        ...httpsOut('Outbound HTTPS through the egress firewall'),
        ...sshFrom(input.adminSshCidrs),
      ];
    case 'firewall':
      return [
        ...insideVpc(input.vpcCidr),
        ...httpsOut('Outbound HTTPS inspected by the firewall on its way to NAT'),
      ];
    case 'nat':
      return [...insideVpc(input.vpcCidr), ...httpsOut('Outbound HTTPS leaving through NAT')];
  }
}

function numbered(allows: Allow[]): NaclEntryPlan[] {
  const next: Record<TrafficDirection, number> = { ingress: 0, egress: 0 };
  return allows.map((allow) => ({
    ...allow,
    action: 'allow' as const,
    ruleNumber: ALLOW_RULE_BASE + next[allow.direction]++ * RULE_NUMBER_STEP,
  }));
}

/** The entries of the network ACL of `tier`: the deny-list first, then the tier's allows. */
export function naclPlan(tier: SubnetTier, input: NaclPlanInput): NaclEntryPlan[] {
  return [...denyList(input), ...numbered(allowsOf(tier, input))];
}

/**
 * The largest number of entries any tier's ACL has in one direction for `input`;
 * EC2 refuses more than `NACL_RULES_PER_DIRECTION` unless the quota is raised.
 */
export function largestNaclDirection(input: NaclPlanInput): number {
  const tiers: SubnetTier[] = ['nat', 'firewall', 'private', 'isolated'];
  return Math.max(
    ...tiers.flatMap((tier) => {
      const plan = naclPlan(tier, input);
      return (['ingress', 'egress'] as const).map(
        (direction) => plan.filter((e) => e.direction === direction).length,
      );
    }),
  );
}
