import { cite } from '../../../lib/policy/clauses';
import { cidrsOverlap, Ipv4Cidr, parseIpv4Cidr } from '../../network/cidr';
import { isAllowListHostname } from '../../network/hostname';
import {
  ConfigPath,
  ConfigProblems,
  readBoolean,
  readEnum,
  readJustifiedList,
  readObject,
  readString,
  shown,
} from '../reader';
import {
  largestNaclDirection,
  NACL_RULES_PER_DIRECTION,
  RESERVED_DENIED_CIDRS,
} from '../../network/nacl-plan';
import { NetworkConfig } from '../types';

function readCidr(problems: ConfigProblems, path: ConfigPath, text: string): boolean {
  const parsed = parseIpv4Cidr(text);
  if (typeof parsed === 'string') {
    problems.error(path, `${shown(text)} is a malformed CIDR: ${parsed}`);
    return false;
  }
  return true;
}

/** The `network` section: VPC range, firewall, allow- and deny-lists, administrative access. */
export function readNetwork(
  problems: ConfigProblems,
  path: ConfigPath,
  value: unknown,
  isProd: boolean,
): NetworkConfig | undefined {
  const network = readObject(problems, path, value, [
    'vpcCidr',
    'firewallEndpoints',
    'egressAllowList',
    'allowSandboxHosts',
    'deniedCidrs',
    'adminSshCidrs',
  ]);
  if (!network) return undefined;
  let vpcCidr = readString(problems, `${path}.vpcCidr`, network.vpcCidr, {
    expected: 'an IPv4 CIDR such as 10.20.0.0/16',
  });
  if (vpcCidr !== undefined) {
    const parsed = parseIpv4Cidr(vpcCidr);
    if (typeof parsed === 'string') {
      problems.error(`${path}.vpcCidr`, `${shown(vpcCidr)} is a malformed CIDR: ${parsed}`);
      vpcCidr = undefined;
    } else if (parsed.prefix < 16 || parsed.prefix > 22) {
      problems.error(
        `${path}.vpcCidr`,
        `${shown(vpcCidr)} has prefix /${parsed.prefix}; the VPC needs /16 to /22 (AWS allows /16 at most; four tiers per zone need /22 at least)`,
      );
      vpcCidr = undefined;
    }
  }
  const firewallEndpoints = readEnum(
    problems,
    `${path}.firewallEndpoints`,
    network.firewallEndpoints,
    ['single', 'perAz'],
    {
      default: isProd ? 'perAz' : 'single',
    },
  );
  const egressAllowList = readJustifiedList(
    problems,
    `${path}.egressAllowList`,
    network.egressAllowList,
    'host',
    (p, host) => {
      if (isAllowListHostname(host)) return true;
      problems.error(
        p,
        `${shown(host)} is not a hostname: give a lower-case name such as api.example.com, or .example.com for a domain and its subdomains (no scheme, path, port, '*' or IP address)`,
      );
      return false;
    },
  );
  const allowSandboxHosts = readBoolean(
    problems,
    `${path}.allowSandboxHosts`,
    network.allowSandboxHosts,
    {
      default: !isProd,
    },
  );
  const deniedCidrs = readJustifiedList(
    problems,
    `${path}.deniedCidrs`,
    network.deniedCidrs,
    'cidr',
    (p, c) => readCidr(problems, p, c),
  );
  const adminSshCidrs = readJustifiedList(
    problems,
    `${path}.adminSshCidrs`,
    network.adminSshCidrs,
    'cidr',
    (p, c) => {
      if (!readCidr(problems, p, c)) return false;
      const parsed = parseIpv4Cidr(c) as { prefix: number };
      if (parsed.prefix < 16) {
        problems.error(
          p,
          `${shown(c)} opens administration to more than a /16; ${cite('DPP 1.1')} restricts access to approved users`,
        );
        return false;
      }
      return true;
    },
  );
  if (vpcCidr && deniedCidrs && adminSshCidrs) {
    checkAclLists(problems, path, vpcCidr, deniedCidrs, adminSshCidrs);
  }
  if (
    vpcCidr === undefined ||
    firewallEndpoints === undefined ||
    egressAllowList === undefined ||
    allowSandboxHosts === undefined ||
    deniedCidrs === undefined ||
    adminSshCidrs === undefined
  ) {
    return undefined;
  }
  return {
    vpcCidr,
    firewallEndpoints,
    egressAllowList,
    allowSandboxHosts,
    deniedCidrs,
    adminSshCidrs,
  };
}

type Entries = readonly { value: string; reason: string }[];

/**
 * The deny-list and the SSH sources become network ACL entries (see
 * `constructs/network/nacl-plan.ts`): they must not cut the VPC's own traffic, repeat
 * the reserved ranges, contradict each other, or exceed the ACL quota.
 */
function checkAclLists(
  problems: ConfigProblems,
  path: ConfigPath,
  vpcCidr: string,
  deniedCidrs: Entries,
  adminSshCidrs: Entries,
): void {
  const parse = (text: string) => parseIpv4Cidr(text) as Ipv4Cidr;
  const vpc = parse(vpcCidr);
  deniedCidrs.forEach((d, i) => {
    const where = `${path}.deniedCidrs[${i}].cidr`;
    const denied = parse(d.value);
    const reserved = RESERVED_DENIED_CIDRS.find((r) => cidrsOverlap(denied, parse(r.cidr)));
    const earlier = deniedCidrs.findIndex((e, j) => j < i && cidrsOverlap(denied, parse(e.value)));
    if (cidrsOverlap(vpc, denied)) {
      problems.error(
        where,
        `${shown(d.value)} overlaps the VPC's own ${vpcCidr} and would cut internal traffic`,
      );
    } else if (reserved) {
      problems.error(
        where,
        `${shown(d.value)} overlaps ${reserved.cidr}, which every network ACL already denies (${reserved.reason})`,
      );
    } else if (earlier >= 0) {
      problems.error(where, `${shown(d.value)} overlaps ${path}.deniedCidrs[${earlier}]`);
    }
  });
  const allDenied = [
    ...RESERVED_DENIED_CIDRS.map((r) => r.cidr),
    ...deniedCidrs.map((d) => d.value),
  ];
  adminSshCidrs.forEach((a, i) => {
    const blocked = allDenied.find((d) => cidrsOverlap(parse(a.value), parse(d)));
    if (blocked) {
      problems.error(
        `${path}.adminSshCidrs[${i}].cidr`,
        `${shown(a.value)} overlaps the denied ${blocked}; the deny-list comes first on every network ACL, so SSH from it would never arrive`,
      );
    }
  });
  const entries = largestNaclDirection({
    vpcCidr,
    deniedCidrs: deniedCidrs.map((d) => ({ cidr: d.value, reason: d.reason })),
    adminSshCidrs: adminSshCidrs.map((a) => ({ cidr: a.value, reason: a.reason })),
  });
  if (entries > NACL_RULES_PER_DIRECTION) {
    problems.error(
      `${path}.deniedCidrs`,
      `${deniedCidrs.length} entries (plus ${RESERVED_DENIED_CIDRS.length} reserved ranges and ${adminSshCidrs.length} SSH sources) give a network ACL ${entries} rules in one direction, above the ${NACL_RULES_PER_DIRECTION} EC2 allows by default; aggregate the ranges into fewer CIDRs`,
    );
  }
}
