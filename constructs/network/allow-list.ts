/**
 * The host names the egress firewall admits (DPP 1.1 Network Protection, DUP 4.7
 * Data stays on the internal network): the Selling Partner API and Login with Amazon,
 * plus what an environment's config adds. Everything else is dropped.
 */

/** A host name the egress firewall admits, with the reason a reviewer reads. */
export interface AllowedHost {
  /** A host name, or `.example.com` for a domain and all its subdomains. */
  readonly host: string;
  readonly reason: string;
}

/** The SP-API regional endpoints and the LWA token endpoint: what every SP-API application calls. */
export const SP_API_HOSTS: readonly AllowedHost[] = [
  {
    host: 'sellingpartnerapi-na.amazon.com',
    reason: 'SP-API endpoint for North America (US, CA, MX, BR marketplaces)',
  },
  {
    host: 'sellingpartnerapi-eu.amazon.com',
    reason: 'SP-API endpoint for Europe, Middle East, Africa and India',
  },
  {
    host: 'sellingpartnerapi-fe.amazon.com',
    reason: 'SP-API endpoint for the Far East (JP, AU, SG)',
  },
  {
    host: 'api.amazon.com',
    reason: 'Login with Amazon token endpoint: exchanges the refresh token for access tokens',
  },
];

/** The SP-API sandbox endpoints: for test environments, not for production data. */
export const SP_API_SANDBOX_HOSTS: readonly AllowedHost[] = [
  {
    host: 'sandbox.sellingpartnerapi-na.amazon.com',
    reason: 'SP-API sandbox for North America: static and dynamic sandbox calls in testing',
  },
  {
    host: 'sandbox.sellingpartnerapi-eu.amazon.com',
    reason: 'SP-API sandbox for Europe: static and dynamic sandbox calls in testing',
  },
  {
    host: 'sandbox.sellingpartnerapi-fe.amazon.com',
    reason: 'SP-API sandbox for the Far East: static and dynamic sandbox calls in testing',
  },
];

export interface EgressAllowListOptions {
  /** Whether the SP-API sandbox hosts are admitted (test environments). */
  readonly allowSandboxHosts: boolean;
  /** Hosts the environment adds, each with its reason. */
  readonly additionalHosts: readonly AllowedHost[];
}

/** The full allow-list of an environment, in a stable order and without duplicates. */
export function egressAllowList(options: EgressAllowListOptions): AllowedHost[] {
  const all = [
    ...SP_API_HOSTS,
    ...(options.allowSandboxHosts ? SP_API_SANDBOX_HOSTS : []),
    ...options.additionalHosts,
  ];
  const seen = new Set<string>();
  return all.filter(({ host }) => !seen.has(host) && seen.add(host));
}
