import { Duration, TagManager } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { declareControl } from '../../lib/nag/controls';
import {
  ACCESS_PRINCIPAL_TAG,
  JOB_FUNCTION_TAG,
  MFA_ENFORCED_BY_TAG,
  MfaEnforcedBy,
} from '../../lib/policy/role-classification';
import {
  HumanPrincipals,
  HumanTrustError,
  HumanTrustOptions,
  trustedPrincipal,
} from './human-trust';

/** The longest session of a job-function role: half a working day, then MFA again. */
export const HUMAN_SESSION_CEILING = Duration.hours(4);

export interface HumanRoleProps extends HumanTrustOptions {
  /** Physical name, e.g. `spapi-dpp-prod-fulfillment-operator`: people switch to it by name. */
  readonly roleName: string;
  /** The job function, e.g. `fulfillment-operator`; tagged `JobFunction`. */
  readonly jobFunction: string;
  readonly description: string;
  /** Who may assume the role: one or more shapes (see `HumanPrincipals`). */
  readonly principals: readonly HumanPrincipals[];
  /**
   * Longest session, at most `HUMAN_SESSION_CEILING` (4 hours). A session assumed from
   * another role's session (Identity Center included) lasts at most 1 hour whatever
   * this says: IAM caps role chaining.
   * @default Duration.hours(1)
   */
  readonly maxSessionDuration?: Duration;
}

/**
 * A role that people assume for one job function (DPP 1.3 Least Privilege, DUP 4.8
 * "users will be assigned fixed roles"). Its trust policy admits only the principals
 * given, bound to MFA and the organization (see `human-trust.ts`); its sessions are
 * short; it is tagged as a human role, with where its MFA is enforced, so the DPP
 * pack checks it as one. It starts with no permissions: each job function grants its
 * own through the stores' `grant*` methods.
 */
export class HumanRole extends iam.Role {
  public readonly jobFunction: string;
  /** The role's name as given (`roleName` is a reference to it in the template). */
  public readonly name: string;
  public readonly mfaEnforcedBy: MfaEnforcedBy;

  constructor(scope: Construct, id: string, props: HumanRoleProps) {
    const maxSessionDuration = props.maxSessionDuration ?? Duration.hours(1);
    const ceiling = HUMAN_SESSION_CEILING;
    if (props.principals.length === 0) {
      throw new HumanTrustError(
        `${scope.node.path}/${id}: principals is empty; nobody could assume the role`,
      );
    }
    if (maxSessionDuration.toSeconds() > ceiling.toSeconds()) {
      throw new HumanTrustError(
        `${scope.node.path}/${id}: maxSessionDuration ${maxSessionDuration.toHumanString()} is longer than the ${ceiling.toHumanString()} a ${props.jobFunction} session may last`,
      );
    }
    // The principals are built against the parent scope: the role does not exist yet.
    const trusted = props.principals.map((p) => trustedPrincipal(scope, p, props));
    super(scope, id, {
      roleName: props.roleName,
      description: props.description,
      assumedBy: trusted[0].principal,
      maxSessionDuration,
    });
    for (const { principal } of trusted.slice(1)) {
      (principal as iam.PrincipalBase).addToAssumeRolePolicy(this.assumeRolePolicy!);
    }
    this.jobFunction = props.jobFunction;
    this.name = props.roleName;
    this.mfaEnforcedBy = trusted.some((t) => t.mfaEnforcedBy === 'identity-provider')
      ? 'identity-provider'
      : 'trust-policy';
    // Set on the L1 resource at a high priority, so the tags are there before any check
    // runs and no broader Tags.of() can change them.
    const tags = TagManager.of(this.node.defaultChild)!;
    tags.setTag(ACCESS_PRINCIPAL_TAG, 'human', 1000);
    tags.setTag(MFA_ENFORCED_BY_TAG, this.mfaEnforcedBy, 1000);
    tags.setTag(JOB_FUNCTION_TAG, props.jobFunction, 1000);
    declareControl(this, {
      clauses: ['DPP 1.3', 'DPP 1.2', 'DUP 4.8', 'DUP 3.5'],
      summary: `Job-function role (${props.jobFunction}): trust bound to MFA and the organization, sessions of at most ${maxSessionDuration.toHumanString()}, only its job's grants`,
    });
  }
}
