/**
 * Host names as AWS Network Firewall domain lists take them: a fully qualified name
 * (`api.amazon.com`) or a leading dot for the domain and all its subdomains
 * (`.example.com`). No scheme, path, port, wildcard star or IP address.
 *
 * An entry must also admit hosts of one owner only: a public suffix (`.co.uk`,
 * `.github.io`) or a shared-hosting domain (`.amazonaws.com`, `pastebin.com`) would
 * admit anyone's bucket, app or paste (DPP 1.1 Network Protection, DUP 4.7).
 */
import { getPublicSuffix } from 'tldts';
import { cite } from '../policy/clauses';
import { SHARED_HOSTING_DOMAINS, SharedHostingDomain } from '../policy/shared-hosting';

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
/** A host name, or a domain with a leading dot, as Network Firewall domain lists take it. */
export const HOSTNAME = new RegExp(`^\\.?(?:${LABEL}\\.)+[a-z]{2,63}$`);

export function isAllowListHostname(value: string): boolean {
  return value.length <= 253 && HOSTNAME.test(value);
}

/** Whether `name` is `domain` or a name under it. */
function isAtOrUnder(name: string, domain: string): boolean {
  return name === domain || name.endsWith(`.${domain}`);
}

/** The most specific shared-hosting domain that `name` is at or under. */
export function sharedHostingDomainOf(name: string): SharedHostingDomain | undefined {
  return SHARED_HOSTING_DOMAINS.filter(({ domain }) => isAtOrUnder(name, domain)).sort(
    (a, b) => b.domain.length - a.domain.length,
  )[0];
}

/**
 * Whether `name` is a public suffix: a name under which anyone can register their own,
 * from the ICANN and the private sections of the Public Suffix List (`tldts` ships it).
 */
export function isPublicSuffix(name: string): boolean {
  return getPublicSuffix(name, { allowPrivateDomains: true }) === name;
}

const WHY = `(${cite('DPP 1.1')}; ${cite('DUP 4.7')})`;

function sharedHostingProblem(entry: string, shared: SharedHostingDomain): string | undefined {
  const name = entry.replace(/^\./, '');
  const isDomain = entry.startsWith('.');
  const where = name === shared.domain ? '' : 'part of ';
  const what = `${shared.domain}, a shared-hosting domain (${shared.reason})`;
  if (shared.tenantNamedBy === 'request') {
    return `${isDomain ? 'covers' : 'is'} ${where}${what}; the customer there is chosen by the request, not the host name, so no entry under it limits traffic to one owner ${WHY}`;
  }
  if (isDomain) {
    return `covers ${where}${what}: a domain entry admits every customer's hosts there; name the one full host the workload calls, such as ${shared.example} ${WHY}`;
  }
  if (name === shared.domain) {
    return `is ${what}: it admits no single customer; name the one full host the workload calls, such as ${shared.example} ${WHY}`;
  }
  return undefined;
}

/**
 * Why `entry` may not be on the egress allow-list, as the rest of a sentence that
 * starts with the entry; `undefined` when it may.
 */
export function allowListEntryProblem(entry: string): string | undefined {
  if (!isAllowListHostname(entry)) {
    return "is not a hostname: give a lower-case name such as api.example.com, or .example.com for a domain and its subdomains (no scheme, path, port, '*' or IP address)";
  }
  const name = entry.replace(/^\./, '');
  const shared = sharedHostingDomainOf(name);
  const sharedProblem = shared && sharedHostingProblem(entry, shared);
  if (sharedProblem) return sharedProblem;
  if (isPublicSuffix(name)) {
    return `is a public suffix (on the Public Suffix List): names under it belong to unrelated owners, so the entry would admit all of them; name your own domain or the full host ${WHY}`;
  }
  return undefined;
}
