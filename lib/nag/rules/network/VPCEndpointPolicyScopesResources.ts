import { iamPatternMatches } from '../../../policy/iam';
import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule } from '../../rule';
import { endpointPolicyOf } from './endpoint-policy';
import { Statement, admitsAnyPrincipal, pinsConditionKey } from '../../policy';

/** Condition keys that tie the resource of a request to an account or organization. */
const RESOURCE_SCOPING_KEYS = ['aws:ResourceAccount', 'aws:ResourceOrgID', 'aws:ResourceOrgPaths'];

/**
 * Actions that name no resource of any account, so nothing on the resource side can be
 * bounded: STS calls about the caller itself, and Session Manager's message channels.
 * `sts:AssumeRole` is not among them: it names a role, and the role's account is the
 * request's `aws:ResourceAccount`.
 */
const RESOURCELESS_ACTIONS = [
  'sts:GetCallerIdentity',
  'sts:GetSessionToken',
  'sts:GetAccessKeyInfo',
  'sts:DecodeAuthorizationMessage',
  'ssmmessages:*',
  'ec2messages:*',
];

/** Whether every action the statement allows names no resource. */
function allowsResourcelessActionsOnly(statement: Statement): boolean {
  return (
    !statement.notAction &&
    statement.actions.every((action) =>
      RESOURCELESS_ACTIONS.some(
        (known) => known.toLowerCase() === action.toLowerCase() || iamPatternMatches(known, action),
      ),
    )
  );
}

/**
 * Whether a Resource element names specific resources: not `*`, and an ARN whose
 * resource part is more than a wildcard (`arn:aws:s3:::*` and `arn:aws:iam::*:role/*`
 * name every bucket and every account's roles).
 */
function namesSpecificResource(resource: unknown): boolean {
  // An intrinsic here is a reference to a resource of a stack: specific.
  if (typeof resource !== 'string') return true;
  const parts = resource.split(':');
  if (resource === '*' || parts.length < 6) return false;
  const account = parts[4];
  const resourcePart = parts.slice(5).join(':');
  return account !== '*' && !resourcePart.startsWith('*');
}

/** Whether an Allow for anyone is bounded on the resource side. */
function scopesResources(statement: Statement): boolean {
  return (
    pinsConditionKey(statement, RESOURCE_SCOPING_KEYS) ||
    (statement.resources.length > 0 && statement.resources.every(namesSpecificResource)) ||
    allowsResourcelessActionsOnly(statement)
  );
}

/**
 * DUP 4.7 and DPP 2.6: an endpoint that bounds only the caller (`aws:PrincipalAccount`)
 * still lets this account's principals reach any other account's resources through
 * it: copy data into a foreign bucket or queue, or assume a role in another account
 * and carry data out in session names and tags. Every Allow for any principal must
 * also bound the resource: `aws:ResourceAccount`, `aws:ResourceOrgID` or
 * `aws:ResourceOrgPaths`, or named resources, unless its actions name no resource at
 * all (STS calls about the caller, Session Manager's message channels).
 */
export const VPCEndpointPolicyScopesResources: DppRule = {
  name: 'VPCEndpointPolicyScopesResources',
  clauses: ['DUP 4.7', 'DPP 2.6'],
  finding:
    "The VPC endpoint policy lets principals act on resources of any account (e.g. sts:AssumeRole into another account's role). Bound each Allow with aws:ResourceAccount or aws:ResourceOrgID, or name the resources.",
  check(node: CfnResource) {
    const policy = endpointPolicyOf(node);
    if (policy === 'not-applicable') return NagRuleCompliance.NOT_APPLICABLE;
    // No policy at all allows any principal on any resource.
    if (policy === 'no-policy') return NagRuleCompliance.NON_COMPLIANT;
    const unbounded = policy.some(
      (s) => s.effect === 'Allow' && admitsAnyPrincipal(s) && !scopesResources(s),
    );
    return unbounded ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
};
