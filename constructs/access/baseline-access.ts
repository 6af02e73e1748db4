import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import { acknowledge } from '../../lib/nag/acknowledge';
import { AccountPasswordPolicy } from './account-password-policy';
import { BreakGlassAlarm } from './break-glass-alarm';
import { JobFunctionRoles, JobFunctionRolesProps } from './job-function-roles';
import { PasswordPolicySettings } from './password-policy-settings';
import { BaselinePermissionsBoundary } from './permissions-boundary';

/**
 * Whether this environment's stack sets the account password policy (see
 * `PasswordPolicyOwnership`): the policy is one per account, so in an account that
 * hosts several environments exactly one of them owns it.
 */
export type PasswordPolicyChoice =
  | {
      readonly ownership: 'this-environment';
      /** @default PASSWORD_POLICY_DEFAULTS */
      readonly settings?: PasswordPolicySettings;
    }
  | { readonly ownership: 'another-environment' }
  | { readonly ownership: 'outside-baseline' };

export interface BaselineAccessProps extends JobFunctionRolesProps {
  readonly passwordPolicy: PasswordPolicyChoice;
  /** Key of the password policy functions' log groups (the audit-logs data-class key). */
  readonly logEncryptionKey: kms.IKey;
  /** Retention of those logs, at least 90 days (DPP 2.6). */
  readonly logRetentionDays: number;
  /**
   * The regions the environment runs in; the boundary refuses regional requests elsewhere.
   * @default [the stack's region]
   */
  readonly regions?: readonly string[];
  /**
   * The log group of the trail: break-glass assumptions are counted from it.
   * @default - no metric filter (nothing to count from until the audit capability exists)
   */
  readonly trailLogGroup?: logs.ILogGroup;
  /**
   * The security topic: break-glass assumptions alarm on it. Needs `trailLogGroup`.
   * @default - no alarm
   */
  readonly securityTopic?: sns.ITopic;
  /**
   * Where the permissions boundary applies: every role under it gets the boundary.
   * @default the stack
   */
  readonly boundaryScope?: IConstruct;
  /**
   * The IAM path of the environment's workload roles, which the boundary protects
   * (see `BaselinePermissionsBoundaryProps.workloadRolePath`).
   * @default - no path is protected
   */
  readonly workloadRolePath?: string;
  /**
   * What happens to the log groups when they leave the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Identity and access of one environment (DPP 1.2-1.4, DUP 3.5, 3.7, 4.8, AUP 3.9):
 * the permissions boundary on every role of the stack, the account password policy
 * where this environment owns it, the job-function roles, and the alarm on
 * break-glass. No IAM user, group or access key is created: people come in through
 * the roles.
 */
export class BaselineAccess extends Construct {
  public readonly boundary: BaselinePermissionsBoundary;
  public readonly passwordPolicy?: AccountPasswordPolicy;
  public readonly roles: JobFunctionRoles;
  public readonly breakGlassAlarm?: BreakGlassAlarm;

  constructor(scope: Construct, id: string, props: BaselineAccessProps) {
    super(scope, id);
    if (props.securityTopic && !props.trailLogGroup) {
      throw new Error(
        `${this.node.path}: securityTopic is given without trailLogGroup; break-glass assumptions are detected from the trail's log group`,
      );
    }
    const ownsPasswordPolicy = props.passwordPolicy.ownership === 'this-environment';
    this.boundary = new BaselinePermissionsBoundary(this, 'PermissionsBoundary', {
      managedPolicyName: `${props.namePrefix}-permissions-boundary`,
      regions: props.regions,
      passwordPolicyRoleName: ownsPasswordPolicy
        ? AccountPasswordPolicy.roleNameFor(props.namePrefix)
        : undefined,
      workloadRolePath: props.workloadRolePath,
    });
    acknowledge(
      this.boundary.policy,
      {
        ruleId: 'AwsSolutions-IAM5[Action::*]',
        reason:
          'A permissions boundary grants nothing; its Allow of everything is the ceiling that its Deny statements cut down, and it is never attached as a permissions policy (it denies that itself).',
        basis: { clause: 'DPP 1.3' },
      },
      {
        ruleId: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'A permissions boundary grants nothing; its Deny statements apply to every resource on purpose.',
        basis: { clause: 'DPP 1.3' },
      },
      {
        ruleId: 'NIST.800.53.R5-IAMPolicyNoStatementsWithAdminAccess',
        reason:
          'The policy is used only as a permissions boundary, a ceiling that grants nothing by itself.',
        basis: { clause: 'DPP 1.3' },
      },
      {
        ruleId: 'NIST.800.53.R5-IAMPolicyNoStatementsWithFullAccess',
        reason:
          'The policy is used only as a permissions boundary, a ceiling that grants nothing by itself.',
        basis: { clause: 'DPP 1.3' },
      },
    );

    if (props.passwordPolicy.ownership === 'this-environment') {
      this.passwordPolicy = new AccountPasswordPolicy(this, 'PasswordPolicy', {
        namePrefix: props.namePrefix,
        settings: props.passwordPolicy.settings,
        logEncryptionKey: props.logEncryptionKey,
        logRetentionDays: props.logRetentionDays,
        removalPolicy: props.removalPolicy,
      });
    }

    this.roles = new JobFunctionRoles(this, 'Roles', props);

    if (props.trailLogGroup) {
      this.breakGlassAlarm = new BreakGlassAlarm(this, 'BreakGlassAlarm', {
        roleName: this.roles.breakGlass.name,
        trailLogGroup: props.trailLogGroup,
        metricNamespace: `${props.namePrefix}/Access`,
        alarmTopic: props.securityTopic,
      });
    }

    this.boundary.applyTo(props.boundaryScope ?? Stack.of(this));
  }
}
