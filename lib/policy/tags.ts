/**
 * Tags: the ones the baseline sets itself, which config may not overwrite (a test
 * environment relabelled `Environment: prod`, or a store's classification changed,
 * would mislead every review and check that reads them), and the limits AWS sets.
 */
import { NETWORK_TIER_TAG } from './network';
import { ACCESS_PRINCIPAL_TAG, JOB_FUNCTION_TAG, MFA_ENFORCED_BY_TAG } from './role-classification';
import { cite } from './clauses';
import { DATA_CLASSIFICATION_TAG, LEGAL_ARCHIVE_TAG } from './classification';
import { Justified } from './justified';

/** The project name on every resource. */
export const PROJECT_TAG = 'Project';
/** `test` or `prod` on every resource. */
export const ENVIRONMENT_TAG = 'Environment';

/** Tag keys the baseline or aws-cdk-lib sets; config tags may not use them, in any case. */
export const RESERVED_TAG_KEYS: readonly Justified<'key'>[] = [
  { key: PROJECT_TAG, reason: 'set on every resource from projectName' },
  {
    key: ENVIRONMENT_TAG,
    reason: 'set on every resource to test or prod; another value would relabel the environment',
  },
  {
    key: DATA_CLASSIFICATION_TAG,
    reason: `set per data store (${cite('DUP 4.5')}); the DPP pack's rules read it`,
  },
  {
    key: LEGAL_ARCHIVE_TAG,
    reason: `set on the tax archive (${cite('DPP 2.1')}); the DPP pack's rules read it`,
  },
  {
    key: NETWORK_TIER_TAG,
    reason: `set on every subnet (${cite('DPP 1.1')}); the DPP pack reads it to keep workloads out of firewall and NAT subnets`,
  },
  ...[ACCESS_PRINCIPAL_TAG, MFA_ENFORCED_BY_TAG, JOB_FUNCTION_TAG].map((key) => ({
    key,
    reason: `set on every role by the access capability (${cite('DPP 1.2')}); the DPP pack reads it to tell roles for people from roles for workloads`,
  })),
  {
    key: 'Name',
    reason:
      'set by aws-cdk-lib on the VPC, subnets and gateways; one value would hide which is which',
  },
];

/** Tag key prefixes that AWS or aws-cdk-lib reserve. */
export const RESERVED_TAG_PREFIXES: readonly Justified<'prefix'>[] = [
  { prefix: 'aws:', reason: 'reserved by AWS' },
  { prefix: 'aws-cdk:', reason: 'set by aws-cdk-lib (subnet names and types)' },
];

/** What AWS accepts as tags of a resource (the common limits of the tagging API). */
export const AWS_TAG_LIMITS = {
  keyLength: 128,
  valueLength: 256,
  /** User tags per resource; tags with the `aws:` prefix do not count. */
  perResource: 50,
  /** One character of a key or value: a letter, digit or space of any script, or `_ . : / = + - @`. */
  character: '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]',
  /** A whole key or value made only of such characters (lengths are checked apart). */
  onlyAllowedCharacters: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u,
} as const;

/**
 * Tags the baseline and aws-cdk-lib may put on one resource (a subnet has five today);
 * config tags get the rest of the AWS limit. A test checks the synthesized templates
 * stay within it.
 */
export const BASELINE_TAG_ALLOWANCE = 10;

/** The most tags an environment's config may add. */
export const MAX_CONFIG_TAGS = AWS_TAG_LIMITS.perResource - BASELINE_TAG_ALLOWANCE;
