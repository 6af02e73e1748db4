import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { BaselineResources } from './baseline-resources';
import { MAX_ROLE_NAME_LENGTH, roleNameProblem } from './workload-roles';

/** The workload role names of each environment (by its baseline stack), and who has them. */
const ROLE_NAMES = new WeakMap<object, Map<string, string>>();

export interface WorkloadRoleProps {
  /** What the environment's baseline gives its workloads. */
  readonly baseline: BaselineResources;
  /**
   * What the role is for, unique in the environment, e.g. `order-sync`: the role is
   * named `<project>-<env>-<name>` (at most 64 characters in all). Treat it as API: the
   * baseline's policies name the role by it.
   */
  readonly name: string;
  /** Who assumes the role, e.g. `new iam.ServicePrincipal('lambda.amazonaws.com')`. */
  readonly assumedBy: iam.IPrincipal;
  readonly description: string;
  /**
   * AWS-managed policies the role needs (each one acknowledged where it is used).
   * @default - none
   */
  readonly managedPolicies?: readonly iam.IManagedPolicy[];
  /**
   * @default Duration.hours(1)
   */
  readonly maxSessionDuration?: Duration;
}

/**
 * A role of a workload (docs/workloads.md): created under the environment's workload
 * path with a fixed name, so the baseline's key policies, secret policies and
 * secret-read alarm can name it by ARN, and with the baseline's permissions boundary
 * (from `WorkloadStack`). It starts with no permission: grants from the baseline's
 * constructs (`piiTable.grantWriteItems`, `credentials.grantRead`, ...) add exactly what
 * the workload does.
 */
export class WorkloadRole extends iam.Role {
  /** The role's ARN as the baseline's policies name it (a literal, not a reference). */
  public readonly admittedArn: string;

  constructor(scope: Construct, id: string, props: WorkloadRoleProps) {
    const { baseline } = props;
    const roleName = `${baseline.names.namePrefix}-${props.name}`;
    const problem = roleNameProblem(roleName);
    if (problem !== undefined) {
      throw new Error(
        `${scope.node.path}/${id}: ${problem}; choose a name of at most ${MAX_ROLE_NAME_LENGTH - baseline.names.namePrefix.length - 1} characters`,
      );
    }
    const taken = ROLE_NAMES.get(baseline.stack) ?? new Map<string, string>();
    ROLE_NAMES.set(baseline.stack, taken);
    const holder = taken.get(roleName);
    if (holder !== undefined) {
      throw new Error(
        `${scope.node.path}/${id}: the workload role name ${roleName} is already taken by ${holder}; each workload role of an environment has its own name`,
      );
    }
    taken.set(roleName, `${scope.node.path}/${id}`);
    super(scope, id, {
      roleName,
      path: baseline.workloadRolePath,
      assumedBy: props.assumedBy,
      description: props.description,
      managedPolicies: props.managedPolicies ? [...props.managedPolicies] : undefined,
      maxSessionDuration: props.maxSessionDuration ?? Duration.hours(1),
    });
    this.admittedArn = `arn:${baseline.stack.partition}:iam::${baseline.account}:role${baseline.workloadRolePath}${roleName}`;
  }
}
