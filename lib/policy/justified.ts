/**
 * A value a reviewer must be able to justify, with the reason: an allow-listed host, a
 * denied or administrative CIDR, a shared-hosting domain. The value sits under a field
 * that says what it is, as the config file writes it:
 *
 * ```ts
 * const host: Justified<'host'> = { host: 'api.carrier.example', reason: 'carrier rates' };
 * const cidr: Justified<'cidr'> = { cidr: '100.70.0.0/16', reason: 'threat feed' };
 * ```
 *
 * One shape for config, constructs and reports, so an entry travels from the file to a
 * firewall rule or network ACL entry without being renamed on the way.
 */
export type Justified<Field extends string, T = string> = {
  readonly [K in Field]: T;
} & {
  /** Why the value is there, in a sentence a reviewer can judge. */
  readonly reason: string;
};
