import {
  CIDR_SHAPE,
  cidrsOverlap,
  Ipv4Cidr,
  parseIpv4Cidr,
  privateRangeOf,
  PRIVATE_IPV4_RANGES,
} from '../../network/cidr';
import { ACM_CERTIFICATE_ARN } from '../../network/certificate';
import { allowListEntryProblem, HOSTNAME } from '../../network/hostname';
import {
  largestNaclDirection,
  NACL_RULES_PER_DIRECTION,
  RESERVED_DENIED_CIDRS,
} from '../../network/nacl-plan';
import { cite } from '../../policy/clauses';
import { Justified } from '../../policy/justified';
import { SectionContext } from '../environments';
import { fieldPath } from '../issues';
import {
  acrossFields,
  choice,
  fields,
  flag,
  justifiedList,
  Problem,
  shown,
  text,
  tooMany,
} from '../fields';

/**
 * Room in the allow-list rule group (its fixed capacity of 1000 rules, see
 * constructs/network/egress-firewall.ts) beside the SP-API and Login with Amazon hosts.
 */
const MAX_ALLOWED_HOSTS = 500;
const MAX_RESOLVABLE_DOMAINS = 1000;

/** Each entry is a network ACL rule: the EC2 quota bounds the list before any overlap check. */
const naclEntries = (noun: string) => ({
  maxItems: NACL_RULES_PER_DIRECTION,
  countProblem: (count: number) =>
    tooMany(
      count,
      noun,
      NACL_RULES_PER_DIRECTION,
      `each is a rule of every network ACL, and EC2 allows ${NACL_RULES_PER_DIRECTION} per direction by default`,
    ),
});

/** The parsed form of a CIDR the schema has already accepted. */
const parsed = (cidr: string) => parseIpv4Cidr(cidr) as Ipv4Cidr;

const malformed: Problem<string> = (cidr) => {
  const result = parseIpv4Cidr(cidr);
  return typeof result === 'string' ? `${shown(cidr)} is a malformed CIDR: ${result}` : undefined;
};

const vpcPrefix: Problem<string> = (cidr) => {
  const { prefix } = parsed(cidr);
  return prefix < 16 || prefix > 22
    ? `${shown(cidr)} has prefix /${prefix}; the VPC needs /16 to /22 (AWS allows /16 at most; four tiers per zone need /22 at least)`
    : undefined;
};

const sshPrefix: Problem<string> = (cidr) =>
  parsed(cidr).prefix < 16
    ? `${shown(cidr)} opens administration to more than a /16; ${cite('DPP 1.1')} restricts access to approved users`
    : undefined;

const sshFromPrivateSpace: Problem<string> = (cidr) =>
  privateRangeOf(parsed(cidr))
    ? undefined
    : `${shown(cidr)} is not private address space; the VPC has no inbound path from the internet, so administrative SSH comes over VPN or Direct Connect from ${PRIVATE_IPV4_RANGES.map((r) => r.cidr).join(', ')} (${cite('DPP 1.1')})`;

const allowListEntry: Problem<string> = (host) => {
  const problem = allowListEntryProblem(host);
  return problem && `${shown(host)} ${problem}`;
};

function cidr(description: string, ...problems: Problem<string>[]) {
  return text({
    description,
    expected: 'an IPv4 CIDR such as 10.20.0.0/16',
    problems: [malformed, ...problems],
  }).meta({ pattern: CIDR_SHAPE.source });
}

type Entries = readonly Justified<'cidr'>[];

interface AclLists {
  readonly vpcCidr: string;
  readonly deniedCidrs: Entries;
  readonly adminSshCidrs: Entries;
}

type Report = (path: readonly PropertyKey[], message: string) => void;

/**
 * The deny-list and the SSH sources become network ACL entries (see
 * `lib/network/nacl-plan.ts`): they must not cut the VPC's own traffic, repeat the
 * reserved ranges, contradict each other, or exceed the ACL quota.
 */
function checkAclLists(
  section: readonly PropertyKey[],
  { vpcCidr, deniedCidrs, adminSshCidrs }: AclLists,
  report: Report,
): void {
  const vpc = parsed(vpcCidr);
  deniedCidrs.forEach((d, i) => {
    const where = ['deniedCidrs', i, 'cidr'];
    const denied = parsed(d.cidr);
    const reserved = RESERVED_DENIED_CIDRS.find((r) => cidrsOverlap(denied, parsed(r.cidr)));
    const earlier = deniedCidrs.findIndex((e, j) => j < i && cidrsOverlap(denied, parsed(e.cidr)));
    if (cidrsOverlap(vpc, denied)) {
      report(
        where,
        `${shown(d.cidr)} overlaps the VPC's own ${vpcCidr} and would cut internal traffic`,
      );
    } else if (reserved) {
      report(
        where,
        `${shown(d.cidr)} overlaps ${reserved.cidr}, which every network ACL already denies (${reserved.reason})`,
      );
    } else if (earlier >= 0) {
      report(where, `${shown(d.cidr)} overlaps ${fieldPath([...section, 'deniedCidrs', earlier])}`);
    }
  });
  const allDenied = [...RESERVED_DENIED_CIDRS, ...deniedCidrs].map((d) => d.cidr);
  adminSshCidrs.forEach((a, i) => {
    const where = ['adminSshCidrs', i, 'cidr'];
    const source = parsed(a.cidr);
    const blocked = allDenied.find((d) => cidrsOverlap(source, parsed(d)));
    if (cidrsOverlap(vpc, source)) {
      report(
        where,
        `${shown(a.cidr)} overlaps the VPC's own ${vpcCidr}; administrative SSH comes from outside the VPC over VPN or Direct Connect, and SSH between workloads would let one compromised workload reach the others (${cite('DPP 1.1')})`,
      );
    } else if (blocked) {
      report(
        where,
        `${shown(a.cidr)} overlaps the denied ${blocked}; the deny-list comes first on every network ACL, so SSH from it would never arrive`,
      );
    }
  });
  const entries = largestNaclDirection({ vpcCidr, deniedCidrs, adminSshCidrs });
  if (entries > NACL_RULES_PER_DIRECTION) {
    report(
      ['deniedCidrs'],
      `${deniedCidrs.length} entries (plus ${RESERVED_DENIED_CIDRS.length} reserved ranges and ${adminSshCidrs.length} SSH sources) give a network ACL ${entries} rules in one direction, above the ${NACL_RULES_PER_DIRECTION} EC2 allows by default; aggregate the ranges into fewer CIDRs`,
    );
  }
}

/** The `network` section: VPC range, firewall, allow- and deny-lists, administrative access. */
export function networkSection({ environment, isProd }: SectionContext) {
  return fields(
    {
      vpcCidr: cidr(
        `IPv4 range of the VPC, /16 to /22, without host bits. Test and prod must not overlap, so they can never be confused or routed together (${cite('DPP 2.5')}). IPv6 is off in this baseline.`,
        vpcPrefix,
      ),
      firewallEndpoints: choice(['single', 'perAz'], {
        description:
          'AWS Network Firewall endpoints and NAT gateways: one in the first zone (cheaper), or one per zone (no cross-zone dependency).',
      }).default(isProd ? 'perAz' : 'single'),
      interfaceEndpointZones: choice(['single', 'perAz'], {
        description:
          'Interface VPC endpoints (Secrets Manager, KMS, CloudWatch Logs, SQS, SSM, STS): a network interface in the first zone only (about $7 a month less per endpoint and zone, for test; functions in the other zones reach it across zones and lose AWS APIs if that zone fails), or one per zone (for prod). See docs/cost.md.',
      }).default(isProd ? 'perAz' : 'single'),
      egressAllowList: justifiedList(
        'host',
        text({
          description:
            'A lower-case host name, or .example.com for a domain and its subdomains; not a public suffix or shared-hosting domain.',
          problems: [allowListEntry],
        }).meta({ pattern: HOSTNAME.source }),
        {
          description: `Hosts the egress firewall admits besides the SP-API and Login with Amazon hosts (${cite('DPP 1.1')}, ${cite('DUP 4.7')}). No scheme, port, '*' or IP address; public suffixes (.co.uk, .github.io) and shared-hosting domains (.amazonaws.com, .cloudfront.net, paste and file-sharing sites) are refused, as they would admit anyone's hosts: name the full host instead.`,
          maxItems: MAX_ALLOWED_HOSTS,
          countProblem: (count) =>
            tooMany(
              count,
              'hosts',
              MAX_ALLOWED_HOSTS,
              "the firewall's allow-list rule group has a fixed capacity of 1000 rules, which also holds the SP-API and Login with Amazon hosts",
            ),
        },
      ),
      allowSandboxHosts: flag({
        description: 'Whether the SP-API sandbox hosts are on the egress allow-list.',
      }).default(!isProd),
      deniedCidrs: justifiedList('cidr', cidr('An IPv4 CIDR to deny.'), {
        description: `IPv4 ranges denied first, in both directions, on every network ACL (${cite('DPP 1.1')}), after the reserved ranges the baseline always denies. None may overlap the VPC, a reserved range or another entry; at most ${NACL_RULES_PER_DIRECTION} ACL entries per direction in all (EC2's default quota).`,
        ...naclEntries('ranges'),
      }),
      adminSshCidrs: justifiedList(
        'cidr',
        cidr('A private IPv4 range, /16 or narrower.', sshPrefix, sshFromPrivateSpace),
        {
          description: `Sources allowed SSH to workloads, over VPN or Direct Connect: private address space only (the VPC has no inbound internet path), /16 or narrower, outside the VPC and the deny-list. Empty means administration through SSM Session Manager only (${cite('DPP 1.1')}).`,
          ...naclEntries('sources'),
        },
      ),
      tlsInspectionCertificateAuthorityArn: text({
        description: `An ACM certificate authority (its certificate ARN) for Network Firewall TLS inspection, which checks that the server's certificate matches the name the client claims (${cite('DPP 1.1')}). Left out, the firewall trusts the claimed server name: see docs/network.md for what that leaves open.`,
        pattern: ACM_CERTIFICATE_ARN,
        expected: 'an ACM certificate ARN',
      }).optional(),
      dnsFirewall: fields(
        {
          additionalDomains: justifiedList(
            'host',
            text({
              description:
                'A lower-case domain the VPC may resolve besides the egress allow-list and the AWS endpoints.',
              problems: [allowListEntry],
            }).meta({ pattern: HOSTNAME.source }),
            {
              description: `Domains the DNS Firewall lets the VPC resolve besides the egress allow-list and the AWS service names the endpoints need (${cite('DUP 4.7')}); everything else gets NXDOMAIN.`,
              maxItems: MAX_RESOLVABLE_DOMAINS,
              countProblem: (count) =>
                tooMany(
                  count,
                  'domains',
                  MAX_RESOLVABLE_DOMAINS,
                  'this baseline: each is a rule of the DNS Firewall written into the template, whose size CloudFormation limits',
                ),
            },
          ),
        },
        {
          description: `Route 53 Resolver DNS Firewall of the VPC (${cite('DPP 1.1')}, ${cite('DUP 4.7')}).`,
        },
      ).prefault({}),
    },
    {
      description: `Network perimeter: VPC, egress firewall, network ACLs, administrative access (${cite('DPP 1.1')}).`,
      whenMissing: ' (an object with at least vpcCidr)',
    },
  ).check(
    acrossFields(['vpcCidr', 'deniedCidrs', 'adminSshCidrs'], (network, report) =>
      checkAclLists(['environments', environment, 'network'], network, report),
    ),
  );
}
