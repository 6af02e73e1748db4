import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule, UnresolvedValueError, cfnProperty } from '../../rule';
import { Statement, conditionValues, coversAction, statementsOf } from '../../policy';
import { propertiesWithReferences } from '../../references';
import { refersTo, stackResourcesOfType } from '../../template';

/**
 * The escalations a boundary must deny (DPP 1.2: no user accounts or long-term keys;
 * DPP 1.3: no way out of least privilege; DPP 1.4: the password policy stays).
 */
export const ESCALATION_ACTIONS = [
  'iam:CreateUser',
  'iam:CreateLoginProfile',
  'iam:CreateAccessKey',
  'iam:DeleteRolePermissionsBoundary',
  'iam:PutRolePermissionsBoundary',
  'iam:UpdateAccountPasswordPolicy',
];

const ROLE_TYPES = ['AWS::IAM::Role', 'AWS::IAM::User'];

/** Whether some Deny statement covers `action` on every resource. */
function denies(statements: readonly Statement[], action: string): boolean {
  return statements.some(
    (s) => s.effect === 'Deny' && s.resources.includes('*') && coversAction(s, action),
  );
}

/** Whether some Deny statement refuses requests to regions other than those listed. */
function deniesOtherRegions(statements: readonly Statement[]): boolean {
  return statements.some(
    (s) =>
      s.effect === 'Deny' &&
      conditionValues(s, ['StringNotEquals', 'StringNotEqualsIgnoreCase'], 'aws:RequestedRegion')
        .length > 0,
  );
}

/**
 * The statements of the managed policy `boundary` refers to: one of the role's stack,
 * or one of another stack of the app that the role refers to (a workload stack using
 * the baseline's boundary, docs/workloads.md).
 */
function boundaryStatements(role: CfnResource, boundary: unknown): Statement[] {
  const sameStack = stackResourcesOfType(role, 'AWS::IAM::ManagedPolicy').find((candidate) =>
    refersTo(boundary, candidate),
  );
  const resolved = propertiesWithReferences(role);
  const referenced = resolved.referencedResource(resolved.properties.PermissionsBoundary);
  const policy =
    sameStack ??
    (referenced?.cfnResourceType === 'AWS::IAM::ManagedPolicy' ? referenced : undefined);
  if (!policy) {
    throw new UnresolvedValueError(
      `the permissions boundary ${JSON.stringify(boundary)} of ${role.node.path} is not a managed policy of this app, so its statements cannot be read`,
    );
  }
  return statementsOf(cfnProperty(policy, 'PolicyDocument'));
}

/**
 * DPP 1.3 Least Privilege and DPP 1.2 Access Management: every role (and user) the
 * baseline creates carries a permissions boundary that closes the ways out of least
 * privilege: creating users, passwords or access keys, removing or replacing a
 * boundary, changing the account password policy, and requests outside the
 * environment's regions. The boundary must be a managed policy of the app (the role's
 * stack, or another stack it refers to, as a workload stack refers to the baseline's),
 * so the rule can read it; one defined outside the app is reported as unreadable, to be
 * acknowledged with its reason.
 */
export const IAMRoleHasPermissionsBoundary: DppRule = {
  name: 'IAMRoleHasPermissionsBoundary',
  clauses: ['DPP 1.3', 'DPP 1.2'],
  finding: `The role has no permissions boundary, or its boundary does not deny ${ESCALATION_ACTIONS.join(', ')} on every resource and requests outside the environment's regions (aws:RequestedRegion). Apply the baseline's boundary (BaselinePermissionsBoundary.applyTo).`,
  check(node: CfnResource) {
    if (!ROLE_TYPES.includes(node.cfnResourceType)) return NagRuleCompliance.NOT_APPLICABLE;
    const boundary = cfnProperty(node, 'PermissionsBoundary');
    if (boundary === undefined) return NagRuleCompliance.NON_COMPLIANT;
    const statements = boundaryStatements(node, boundary);
    const closed =
      ESCALATION_ACTIONS.every((action) => denies(statements, action)) &&
      deniesOtherRegions(statements);
    return closed ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
