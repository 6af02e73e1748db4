/**
 * Host names as AWS Network Firewall domain lists take them: a fully qualified name
 * (`api.amazon.com`) or a leading dot for the domain and all its subdomains
 * (`.example.com`). No scheme, path, port, wildcard star or IP address.
 */
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOSTNAME = new RegExp(`^\\.?(?:${LABEL}\\.)+[a-z]{2,63}$`);

export function isAllowListHostname(value: string): boolean {
  return value.length <= 253 && HOSTNAME.test(value);
}
