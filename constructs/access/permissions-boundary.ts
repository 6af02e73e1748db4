import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { declareControl } from '../../lib/nag/controls';

/**
 * Services whose API is global or served from one region whatever the environment's
 * region (IAM and STS in us-east-1, CloudFront's WAF, billing): the region guard
 * cannot apply to them.
 */
export const GLOBAL_SERVICE_ACTIONS: readonly string[] = [
  'iam:*',
  'sts:*',
  'organizations:*',
  'account:*',
  'support:*',
  'health:*',
  'trustedadvisor:*',
  'budgets:*',
  'ce:*',
  'cur:*',
  'pricing:*',
  'route53:*',
  'route53domains:*',
  'cloudfront:*',
  'globalaccelerator:*',
  'waf:*',
  'wafv2:*',
  'shield:*',
  's3:ListAllMyBuckets',
  's3:GetAccountPublicAccessBlock',
  'ec2:DescribeRegions',
];

/** IAM users and their long-term credentials (DPP 1.2: no shared or default accounts). */
export const USER_AND_CREDENTIAL_ACTIONS: readonly string[] = [
  'iam:CreateUser',
  'iam:CreateLoginProfile',
  'iam:UpdateLoginProfile',
  'iam:CreateAccessKey',
  'iam:CreateServiceSpecificCredential',
  'iam:UploadSSHPublicKey',
  'iam:UploadSigningCertificate',
  'iam:CreateGroup',
  'iam:AddUserToGroup',
  'iam:AttachUserPolicy',
  'iam:PutUserPolicy',
  'iam:AttachGroupPolicy',
  'iam:PutGroupPolicy',
  'iam:DeactivateMFADevice',
];

/** Taking a boundary away, or trusting oneself into another role. */
export const BOUNDARY_ESCAPE_ACTIONS: readonly string[] = [
  'iam:DeleteRolePermissionsBoundary',
  'iam:DeleteUserPermissionsBoundary',
  'iam:PutUserPermissionsBoundary',
  'iam:UpdateAssumeRolePolicy',
];

/** Creating a role, or changing a role's permissions: allowed only on roles with this boundary. */
export const BOUNDED_ROLE_ACTIONS: readonly string[] = [
  'iam:CreateRole',
  'iam:PutRolePermissionsBoundary',
  'iam:AttachRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePolicy',
  'iam:DeleteRolePolicy',
];

/** Changing the boundary itself. */
export const POLICY_EDIT_ACTIONS: readonly string[] = [
  'iam:CreatePolicyVersion',
  'iam:DeletePolicy',
  'iam:DeletePolicyVersion',
  'iam:SetDefaultPolicyVersion',
];

/** The account password policy (DPP 1.4), which only its custom resource may change. */
export const PASSWORD_POLICY_ACTIONS: readonly string[] = [
  'iam:UpdateAccountPasswordPolicy',
  'iam:DeleteAccountPasswordPolicy',
];

/**
 * Everything that makes, changes, lends or removes a role: denied on the workload roles,
 * which the baseline's key and secret policies admit by name (docs/workloads.md).
 */
export const WORKLOAD_ROLE_CHANGE_ACTIONS: readonly string[] = [
  'iam:CreateRole',
  'iam:DeleteRole',
  'iam:UpdateRole',
  'iam:UpdateRoleDescription',
  'iam:UpdateAssumeRolePolicy',
  'iam:PutRolePolicy',
  'iam:DeleteRolePolicy',
  'iam:AttachRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:DeleteRolePermissionsBoundary',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:PassRole',
];

/** Turning off the audit trail and the detectors that watch it (DPP 2.6). */
export const AUDIT_TAMPERING_ACTIONS: readonly string[] = [
  'cloudtrail:StopLogging',
  'cloudtrail:DeleteTrail',
  'guardduty:DeleteDetector',
  'config:StopConfigurationRecorder',
  'config:DeleteConfigurationRecorder',
  'organizations:LeaveOrganization',
];

export interface BaselinePermissionsBoundaryProps {
  /**
   * Physical name of the managed policy, e.g. `spapi-dpp-prod-permissions-boundary`.
   * It is fixed because the boundary names itself: roles may only be created, or
   * have their permissions changed, with this boundary attached.
   */
  readonly managedPolicyName: string;
  /**
   * The regions the environment runs in; every request to a regional service
   * elsewhere is denied.
   * @default [the stack's region]
   */
  readonly regions?: readonly string[];
  /**
   * Name of the one role that may change the account password policy: the password
   * policy function's role (see `AccountPasswordPolicy.roleNameFor`).
   * @default - no role may change it
   */
  readonly passwordPolicyRoleName?: string;
  /**
   * The IAM path of the environment's workload roles (`workloadRolePath()`). The
   * baseline's key and secret policies admit those roles by name, so no role under
   * this boundary may create, change, delete, tag or pass a role under the path: only
   * the role that deploys the stacks can, as only it can change a key policy.
   * @default - no path is protected
   */
  readonly workloadRolePath?: string;
}

/**
 * The permissions boundary of every role the baseline creates (DPP 1.3 Least
 * Privilege, DPP 1.2 Access Management), function and provider roles included. A
 * boundary grants nothing: it caps what a role's own policies can grant. This one
 * allows everything except privilege escalation:
 *
 * - creating IAM users, groups, passwords, access keys or other long-term credentials;
 * - removing or replacing a boundary, creating a role or changing a role's policies
 *   unless the role carries this boundary, changing a role's trust policy, editing
 *   this boundary or attaching it as a permissions policy (its Allow is a ceiling,
 *   never a grant);
 * - changing the account password policy, except by the password policy function;
 * - any regional request outside the environment's regions;
 * - stopping the audit trail or its detectors, leaving the organization;
 * - creating, changing, deleting or passing a role under the workload path, whose
 *   names the baseline's policies admit (`workloadRolePath`).
 *
 * Apply it with `applyTo(scope)`: an aspect sets it on every role under `scope`,
 * including roles that aws-cdk-lib creates for its own providers.
 */
export class BaselinePermissionsBoundary extends Construct {
  public readonly policy: iam.ManagedPolicy;
  /** The boundary's ARN, built from its name so that the policy can name itself. */
  public readonly boundaryArn: string;

  constructor(scope: Construct, id: string, props: BaselinePermissionsBoundaryProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.boundaryArn = `arn:${stack.partition}:iam::${stack.account}:policy/${props.managedPolicyName}`;
    const regions = props.regions ?? [stack.region];
    if (regions.length === 0) throw new Error(`${this.node.path}: regions is empty`);
    const passwordPolicyRole = props.passwordPolicyRoleName
      ? `arn:${stack.partition}:iam::${stack.account}:role/${props.passwordPolicyRoleName}`
      : undefined;
    const deny = (
      sid: string,
      actions: readonly string[],
      extra: Partial<iam.PolicyStatementProps> = {},
    ) =>
      new iam.PolicyStatement({
        sid,
        effect: iam.Effect.DENY,
        actions: [...actions],
        resources: ['*'],
        ...extra,
      });
    this.policy = new iam.ManagedPolicy(this, 'Resource', {
      managedPolicyName: props.managedPolicyName,
      description:
        'Permissions boundary of every role of the baseline: no IAM users or keys, no boundary escape, no password policy changes, no other regions (DPP 1.2, 1.3)',
      statements: [
        new iam.PolicyStatement({
          sid: 'CeilingNotAGrant',
          actions: ['*'],
          resources: ['*'],
        }),
        deny('DenyUsersAndLongTermCredentials', USER_AND_CREDENTIAL_ACTIONS),
        deny('DenyBoundaryEscape', BOUNDARY_ESCAPE_ACTIONS),
        deny('DenyRolesWithoutThisBoundary', BOUNDED_ROLE_ACTIONS, {
          conditions: { StringNotEquals: { 'iam:PermissionsBoundary': this.boundaryArn } },
        }),
        deny('DenyEditingThisBoundary', POLICY_EDIT_ACTIONS, { resources: [this.boundaryArn] }),
        deny(
          'DenyAttachingThisBoundaryAsPermissions',
          ['iam:AttachRolePolicy', 'iam:AttachUserPolicy', 'iam:AttachGroupPolicy'],
          {
            conditions: { ArnEquals: { 'iam:PolicyARN': this.boundaryArn } },
          },
        ),
        deny(
          'DenyPasswordPolicyChanges',
          PASSWORD_POLICY_ACTIONS,
          passwordPolicyRole
            ? { conditions: { ArnNotEquals: { 'aws:PrincipalArn': passwordPolicyRole } } }
            : {},
        ),
        new iam.PolicyStatement({
          sid: 'DenyOutsideTheEnvironmentsRegions',
          effect: iam.Effect.DENY,
          notActions: [...GLOBAL_SERVICE_ACTIONS],
          resources: ['*'],
          conditions: { StringNotEquals: { 'aws:RequestedRegion': [...regions] } },
        }),
        deny('DenyAuditTampering', AUDIT_TAMPERING_ACTIONS),
        ...(props.workloadRolePath
          ? [
              deny('DenyChangesToWorkloadRoles', WORKLOAD_ROLE_CHANGE_ACTIONS, {
                resources: [
                  `arn:${stack.partition}:iam::${stack.account}:role${props.workloadRolePath}*`,
                ],
              }),
            ]
          : []),
      ],
    });
    declareControl(this.policy, {
      clauses: ['DPP 1.3', 'DPP 1.2'],
      summary:
        'Permissions boundary of every role: no IAM users or long-term keys, no boundary escape, no password policy changes, no other regions',
    });
  }

  /** Sets this boundary on every IAM role (and user) under `scope`, through an aspect. */
  public applyTo(scope: IConstruct): void {
    iam.PermissionsBoundary.of(scope).apply(this.policy);
  }
}
