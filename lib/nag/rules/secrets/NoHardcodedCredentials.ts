import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule, cfnRenderedResource } from '../../rule';

/** Credential shapes that must never appear as literals anywhere in a template. */
export const CREDENTIAL_PATTERNS: readonly { name: string; pattern: RegExp }[] = [
  { name: 'AWS access key id', pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  {
    name: 'AWS secret access key',
    pattern: /aws_?secret_?access_?key["']?\s*[:=]\s*["']?[A-Za-z0-9/+=]{40}\b/i,
  },
  { name: 'LWA client secret', pattern: /amzn1\.oa2-cs\.v1\.[0-9a-z]{16,}/i },
  { name: 'LWA refresh token', pattern: /Atzr\|[A-Za-z0-9_\-+/=|.]{20,}/ },
  { name: 'LWA access token', pattern: /Atza\|[A-Za-z0-9_\-+/=|.]{20,}/ },
  { name: 'SP-API restricted data token', pattern: /Atz\.sprdt\|[A-Za-z0-9_\-+/=|.]{20,}/ },
  { name: 'private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY( BLOCK)?-----/ },
  { name: 'GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { name: 'Slack token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/ },
  { name: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { name: 'Stripe live key', pattern: /\b[rs]k_live_[0-9a-zA-Z]{24,}\b/ },
  {
    name: 'JSON web token',
    pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/,
  },
  { name: 'password in a URL', pattern: /[a-z][a-z0-9+.-]*:\/\/[^/\s:@"']+:[^/\s:@"']+@/i },
  { name: 'bearer token', pattern: /\bBearer\s+[A-Za-z0-9\-_.~+/]{20,}=*/ },
];

/**
 * Names whose value is a secret, compared without case or separators
 * (`MasterUserPassword`, `CLIENT_SECRET`, `x-api-key`). A literal under such a name is
 * a hardcoded credential, whatever it looks like.
 */
const SECRET_NAME =
  /(password|passwd|passphrase|secretstring|secretaccesskey|secretkey|clientsecret|refreshtoken|accesstoken|authtoken|apitoken|apikey|privatekey)$/;

/**
 * Text that every name of SECRET_NAME contains, separators allowed (`x-api-key`,
 * `Refresh_Token`): a resource whose template text has neither this nor
 * CREDENTIAL_HINT holds no credential, and its values need no closer look.
 */
export const SECRET_NAME_HINT =
  /pass(w(or)?d|phrase)|secret|(refresh|access|auth|api)[^a-z0-9]*token|(api|private)[^a-z0-9]*key/i;

/** A reference that CloudFormation resolves from Secrets Manager or SSM SecureString at deploy. */
const DYNAMIC_REFERENCE = /^\{\{resolve:(secretsmanager|ssm-secure):/;

/**
 * Text that every credential shape above contains (without case), so that the many
 * strings of a template that contain none of it (names, ARNs, descriptions) are
 * passed over with one scan instead of one per shape. A new shape adds its text here;
 * the rule's test checks an example of each shape against this filter.
 */
export const CREDENTIAL_HINT =
  /akia|asia|secret|amzn1\.oa2-cs|atz[ar.]|-----begin|gh[pousr]_|xox[abprs]-|aiza|k_live_|eyj|:\/\/|bearer/i;

/** Whether a property name names a secret; names repeat across a template, so each is judged once. */
const secretNames = new Map<string, boolean>();
function isSecretName(name: string): boolean {
  let named = secretNames.get(name);
  if (named === undefined) {
    named = SECRET_NAME.test(name.toLowerCase().replace(/[^a-z0-9]/g, ''));
    secretNames.set(name, named);
  }
  return named;
}

/**
 * The name of the first credential found in `value`, walking every object, list and
 * JSON text. `name` is the property the value is (or is built for, through an
 * intrinsic); `plainConfig` whether a dynamic reference there would become plain
 * configuration (a Lambda environment).
 */
function findCredential(value: unknown, name: string, plainConfig: boolean): string | undefined {
  if (typeof value === 'string') return credentialInString(value, name, plainConfig);
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findCredential(item, name, plainConfig);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      // An intrinsic (Fn::Join, Fn::Sub) keeps the name of the property it builds.
      const found = findCredential(
        (value as Record<string, unknown>)[key],
        key.startsWith('Fn::') ? name : key,
        plainConfig || key === 'Environment' || key === 'Variables',
      );
      if (found) return found;
    }
  }
  return undefined;
}

function credentialInString(text: string, name: string, plainConfig: boolean): string | undefined {
  if (text.length > 0 && isSecretName(name)) {
    if (!DYNAMIC_REFERENCE.test(text)) return `literal value in ${name}`;
    if (plainConfig) return `secret resolved into plain configuration (${name})`;
  }
  if (CREDENTIAL_HINT.test(text)) {
    const pattern = CREDENTIAL_PATTERNS.find((p) => p.pattern.test(text));
    if (pattern) return pattern.name;
  }
  // JSON inside a string (a SecretStringTemplate, a policy, inline configuration).
  const first = text.trimStart()[0];
  if (first === '{' || first === '[') {
    try {
      return findCredential(JSON.parse(text), name, plainConfig);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * DPP 2.5: no credential is hardcoded in a template. Every string of every resource
 * (properties, metadata, JSON inside strings, Lambda environment variables, inline
 * code) is scanned for credential shapes (AWS keys, LWA client secrets and tokens,
 * restricted data tokens, private keys, common API tokens, passwords in URLs), and
 * every value under a secret's name (`Password`, `ClientSecret`, `API_KEY`) must be a
 * dynamic reference to Secrets Manager or SSM SecureString, except in a Lambda
 * environment, where the resolved value would sit in plain configuration.
 */
export const NoHardcodedCredentials: DppRule = {
  name: 'NoHardcodedCredentials',
  clauses: ['DPP 2.5'],
  finding:
    'A resource holds a credential literal (AWS key, LWA client secret or token, private key, API token or password), or resolves a secret into a Lambda environment variable. Keep it in Secrets Manager and read it at run time.',
  check(node: CfnResource) {
    const resource = cfnRenderedResource(node);
    const text = JSON.stringify(resource);
    if (!CREDENTIAL_HINT.test(text) && !SECRET_NAME_HINT.test(text)) {
      return NagRuleCompliance.COMPLIANT;
    }
    return findCredential(resource, '', false)
      ? NagRuleCompliance.NON_COMPLIANT
      : NagRuleCompliance.COMPLIANT;
  },
};
