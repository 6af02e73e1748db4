import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule, cfnProperties } from '../../rule';

/** Credential shapes that must never appear as literals in a template. */
const CREDENTIAL_PATTERNS: readonly { name: string; pattern: RegExp }[] = [
  { name: 'AWS access key id', pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: 'LWA client secret', pattern: /amzn1\.oa2-cs\.v1\.[0-9a-f]{16,}/i },
  { name: 'LWA refresh token', pattern: /Atzr\|[A-Za-z0-9_\-+/=]{20,}/ },
  { name: 'LWA access token', pattern: /Atza\|[A-Za-z0-9_\-+/=]{20,}/ },
  { name: 'private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
];

/**
 * Properties whose value is a secret by name. A literal there is a hardcoded
 * credential; a dynamic reference (`{{resolve:secretsmanager:...}}`) or an
 * intrinsic is not.
 */
const SECRET_PROPERTY_NAME =
  /(password|secretstring|secretaccesskey|clientsecret|refreshtoken|apikey)$/i;
const DYNAMIC_REFERENCE = /^\{\{resolve:(secretsmanager|ssm-secure):/;

/** Returns the name of the first credential found in `value`, walking objects and arrays. */
function findCredential(value: unknown, key = ''): string | undefined {
  if (typeof value === 'string') {
    if (SECRET_PROPERTY_NAME.test(key) && value.length > 0 && !DYNAMIC_REFERENCE.test(value)) {
      return `literal value in ${key}`;
    }
    return CREDENTIAL_PATTERNS.find(({ pattern }) => pattern.test(value))?.name;
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findCredential(item, key);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [childKey, child] of Object.entries(value)) {
      // Intrinsics such as Fn::Join keep the property's name for their parts.
      const found = findCredential(child, childKey.startsWith('Fn::') ? key : childKey);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * DPP 2.5: no resource property holds a credential literal (AWS keys, LWA client
 * secrets and tokens, private keys, or a literal in a password-like property).
 */
export const NoHardcodedCredentials: DppRule = {
  name: 'NoHardcodedCredentials',
  clauses: ['DPP 2.5'],
  finding:
    'A resource property holds a credential literal (AWS key, LWA client secret or token, private key or password). Keep it in Secrets Manager and pass a reference.',
  check(node: CfnResource) {
    return findCredential(cfnProperties(node))
      ? NagRuleCompliance.NON_COMPLIANT
      : NagRuleCompliance.COMPLIANT;
  },
};
