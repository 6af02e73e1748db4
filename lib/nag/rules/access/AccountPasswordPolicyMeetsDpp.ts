import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import {
  BASELINE_MIN_PASSWORD_REUSE_PREVENTION,
  DPP_MAX_CREDENTIAL_AGE_DAYS,
  DPP_MIN_PASSWORD_LENGTH,
} from '../../../policy/bounds';
import { DppRule, UnresolvedValueError, cfnProperties, isTrue, resolve } from '../../rule';
import { flatten } from './iam-documents';

/** The baseline's custom resource for the account password policy. */
const PASSWORD_POLICY_TYPE = 'Custom::AccountPasswordPolicy';

/** DPP 1.4: "a minimum of 8 characters". */
const MIN_PASSWORD_LENGTH = DPP_MIN_PASSWORD_LENGTH;
/** DPP 1.4: "rotated at least quarterly". */
const MAX_PASSWORD_AGE_DAYS = DPP_MAX_CREDENTIAL_AGE_DAYS;
/**
 * Rotation means nothing if the old password can come straight back; the baseline
 * remembers at least this many.
 */
const MIN_PASSWORD_REUSE_PREVENTION = BASELINE_MIN_PASSWORD_REUSE_PREVENTION;

/** DPP 1.4: "contain upper and lower case letters, contain numbers, contain special characters". */
const CHARACTER_CLASSES = [
  'RequireUppercaseCharacters',
  'RequireLowercaseCharacters',
  'RequireNumbers',
  'RequireSymbols',
];

/**
 * The parameters of `UpdateAccountPasswordPolicy` as an `AwsCustomResource` (or any
 * custom resource of the same form) passes them in its `Create` or `Update` call;
 * `undefined` when the resource makes no such call.
 */
function awsCustomResourceCalls(node: CfnResource): Record<string, unknown>[] | undefined {
  const properties = cfnProperties(node);
  const calls = ['Create', 'Update'].map((key) => properties[key]).filter((v) => v !== undefined);
  if (!/UpdateAccountPasswordPolicy/i.test(JSON.stringify(calls))) return undefined;
  return calls.map((call) => {
    const text = flatten(call);
    try {
      const parsed = JSON.parse(text) as { action?: string; parameters?: Record<string, unknown> };
      return /UpdateAccountPasswordPolicy/i.test(parsed.action ?? '')
        ? (parsed.parameters ?? {})
        : {};
    } catch {
      throw new UnresolvedValueError(
        `the password policy call of ${node.node.path} is not known at synth: ${text}`,
      );
    }
  });
}

function numberOf(node: CfnResource, value: unknown, what: string): number | undefined {
  const resolved = resolve(node, value);
  if (resolved === undefined) return undefined;
  const number = Number(resolved);
  if (typeof resolved === 'object' || Number.isNaN(number)) {
    throw new UnresolvedValueError(
      `${what} of ${node.node.path} is ${JSON.stringify(resolved)}, not a number known at synth`,
    );
  }
  return number;
}

/** Whether a policy, in `UpdateAccountPasswordPolicy`'s parameter names, meets DPP 1.4. */
function meetsDpp(node: CfnResource, policy: Record<string, unknown>): boolean {
  const length = numberOf(node, policy.MinimumPasswordLength, 'MinimumPasswordLength');
  const maxAge = numberOf(node, policy.MaxPasswordAge, 'MaxPasswordAge');
  const reuse = numberOf(node, policy.PasswordReusePrevention, 'PasswordReusePrevention');
  return (
    length !== undefined &&
    length >= MIN_PASSWORD_LENGTH &&
    CHARACTER_CLASSES.every((key) => isTrue(resolve(node, policy[key]))) &&
    maxAge !== undefined &&
    maxAge >= 1 &&
    maxAge <= MAX_PASSWORD_AGE_DAYS &&
    reuse !== undefined &&
    reuse >= MIN_PASSWORD_REUSE_PREVENTION
  );
}

/**
 * DPP 1.4 Password Management: passwords of at least 8 characters with upper and
 * lower case letters, numbers and special characters, rotated at least quarterly (a
 * maximum age of at most 90 days), and at least 10 earlier passwords remembered so
 * that rotation is real. Applies to the baseline's `Custom::AccountPasswordPolicy`
 * and to any custom resource that calls IAM's `UpdateAccountPasswordPolicy` (such as
 * an `AwsCustomResource`), reading the same parameter names.
 */
export const AccountPasswordPolicyMeetsDpp: DppRule = {
  name: 'AccountPasswordPolicyMeetsDpp',
  clauses: ['DPP 1.4'],
  finding: `The account password policy is weaker than DPP 1.4: it needs MinimumPasswordLength of at least ${MIN_PASSWORD_LENGTH}, ${CHARACTER_CLASSES.join(', ')} all true, MaxPasswordAge of 1 to ${MAX_PASSWORD_AGE_DAYS} days and PasswordReusePrevention of at least ${MIN_PASSWORD_REUSE_PREVENTION}.`,
  check(node: CfnResource) {
    let policies: Record<string, unknown>[] | undefined;
    if (node.cfnResourceType === PASSWORD_POLICY_TYPE) policies = [cfnProperties(node)];
    else if (
      node.cfnResourceType.startsWith('Custom::') ||
      node.cfnResourceType === 'AWS::CloudFormation::CustomResource'
    ) {
      policies = awsCustomResourceCalls(node);
    }
    if (policies === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    return policies.every((policy) => meetsDpp(node, policy))
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
};
