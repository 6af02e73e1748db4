/**
 * The host names the egress firewall admits (DPP 1.1 Network Protection, DUP 4.7
 * Data stays on the internal network): the Selling Partner API and Login with Amazon,
 * plus what an environment's config adds. Everything else is dropped.
 */

import { Justified } from '../../lib/policy/justified';
import { SP_API_HOSTS, SP_API_SANDBOX_HOSTS } from '../../lib/policy/sp-api';

export { SP_API_HOSTS, SP_API_SANDBOX_HOSTS };

export interface EgressAllowListOptions {
  /** Whether the SP-API sandbox hosts are admitted (test environments). */
  readonly allowSandboxHosts: boolean;
  /** Hosts the environment adds, each with its reason. */
  readonly additionalHosts: readonly Justified<'host'>[];
}

/** The full allow-list of an environment, in a stable order and without duplicates. */
export function egressAllowList(options: EgressAllowListOptions): Justified<'host'>[] {
  const all = [
    ...SP_API_HOSTS,
    ...(options.allowSandboxHosts ? SP_API_SANDBOX_HOSTS : []),
    ...options.additionalHosts,
  ];
  const seen = new Set<string>();
  return all.filter(({ host }) => !seen.has(host) && seen.add(host));
}
