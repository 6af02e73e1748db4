/** IPv4 CIDR blocks: parsing with a reason for what is wrong, and overlap checks. */

import { Justified } from '../policy/justified';

export interface Ipv4Cidr {
  /** The network address as an unsigned 32-bit number. */
  readonly network: number;
  readonly prefix: number;
  /** The canonical text, e.g. `10.0.0.0/16`. */
  readonly text: string;
}

/** The shape of `a.b.c.d/prefix`; `parseIpv4Cidr` checks the numbers. */
export const CIDR_SHAPE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

function toDotted(n: number): string {
  return [24, 16, 8, 0].map((shift) => (n >>> shift) & 255).join('.');
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** Parses `a.b.c.d/p`; returns the reason it is malformed as a string. */
export function parseIpv4Cidr(text: string): Ipv4Cidr | string {
  const match = CIDR_SHAPE.exec(text);
  if (!match) return 'not an IPv4 CIDR of the form a.b.c.d/prefix';
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (
    octets.some((o) => o > 255) ||
    match.slice(1, 5).some((o) => o.length > 1 && o.startsWith('0'))
  ) {
    return 'not an IPv4 address: each part must be 0 to 255 without leading zeros';
  }
  if (prefix > 32) return `prefix /${prefix} is beyond /32`;
  const address = octets.reduce((acc, o) => ((acc << 8) | o) >>> 0, 0);
  const network = (address & maskOf(prefix)) >>> 0;
  if (network !== address) {
    return `host bits are set; the network is ${toDotted(network)}/${prefix}`;
  }
  return { network, prefix, text };
}

/** Whether two blocks share any address. */
export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  const mask = maskOf(Math.min(a.prefix, b.prefix));
  return (a.network & mask) >>> 0 === (b.network & mask) >>> 0;
}

/** Whether every address of `inner` is in `outer`. */
export function cidrContains(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
  return outer.prefix <= inner.prefix && cidrsOverlap(outer, inner);
}

/**
 * Address space that is never routed on the internet, so it can reach the VPC only over
 * private connectivity (Site-to-Site VPN, Direct Connect, Transit Gateway).
 */
export const PRIVATE_IPV4_RANGES: readonly Justified<'cidr'>[] = [
  { cidr: '10.0.0.0/8', reason: 'RFC 1918 private network' },
  { cidr: '172.16.0.0/12', reason: 'RFC 1918 private network' },
  { cidr: '192.168.0.0/16', reason: 'RFC 1918 private network' },
  { cidr: '100.64.0.0/10', reason: 'RFC 6598 shared address space (carrier-grade NAT, VPN pools)' },
];

/** The private range that holds all of `cidr`, if any. */
export function privateRangeOf(cidr: Ipv4Cidr): Justified<'cidr'> | undefined {
  return PRIVATE_IPV4_RANGES.find((range) =>
    cidrContains(parseIpv4Cidr(range.cidr) as Ipv4Cidr, cidr),
  );
}
