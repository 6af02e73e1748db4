/**
 * How IAM reads the patterns of a policy, for code that must judge a policy the way
 * IAM would (the DPP pack's rules, the access review).
 */

/**
 * IAM's wildcard match of actions (`*` any run of characters, `?` one character,
 * case-insensitive), without building a regular expression from template text: a
 * policy crafted with many wildcards cannot stall the synth.
 */
export function iamPatternMatches(pattern: string, value: string): boolean {
  return wildcardMatches(pattern.toLowerCase(), value.toLowerCase());
}

/** IAM's wildcard match on resource ARNs, which are case-sensitive. */
export function arnPatternMatches(pattern: string, value: string): boolean {
  return wildcardMatches(pattern, value);
}

function wildcardMatches(p: string, v: string): boolean {
  let pi = 0;
  let vi = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (vi < v.length) {
    if (pi < p.length && p[pi] === '*') {
      starAt = pi++;
      resumeAt = vi;
    } else if (pi < p.length && (p[pi] === '?' || p[pi] === v[vi])) {
      pi++;
      vi++;
    } else if (starAt >= 0) {
      pi = starAt + 1;
      vi = ++resumeAt;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}
