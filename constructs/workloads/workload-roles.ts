import { Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';

/**
 * How the baseline admits the roles of workload stacks (docs/workloads.md).
 *
 * A key policy, a secret's resource policy or an alarm of the baseline stack that named
 * a role of a workload stack by reference would make the baseline depend on the
 * workload while the workload depends on the baseline: a cycle CloudFormation cannot
 * deploy. So a workload's role is created with a fixed name under the environment's
 * workload path, `/<project>/<env>/workloads/`, and the baseline names it by its ARN,
 * a literal string that refers to no other stack, in the conditions of its policies
 * (`aws:PrincipalArn`). The role's own IAM policy, in the workload stack, names the
 * exact actions and resources. Both are needed: IAM permissions alone never suffice.
 *
 * The permissions boundary of every role of the environment denies creating, changing,
 * deleting or passing a role under the workload path, so no principal of the baseline
 * can take a workload role's name to inherit its admission; only the role that deploys
 * the stacks (which also changes key policies) can.
 */

/** IAM path of an environment's workload roles: `/<project>/<env>/workloads/`. */
export function workloadRolePath(projectName: string, environmentName: string): string {
  return `/${projectName}/${environmentName}/workloads/`;
}

/** IAM's limit on a role name. */
export const MAX_ROLE_NAME_LENGTH = 64;

/** What IAM accepts in a role name. */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** The problem with a role name, or `undefined`. */
export function roleNameProblem(name: string): string | undefined {
  if (ROLE_NAME.test(name)) return undefined;
  return `role name '${name}' is not 1 to ${MAX_ROLE_NAME_LENGTH} letters, digits or +=,.@_-`;
}

/**
 * The ARN by which a policy of `scope`'s stack names `grantee` when the grantee is a
 * role of another stack (a workload's), or `undefined` when the grantee is of
 * `scope`'s own stack (or is no construct, e.g. a service principal), which a policy
 * names by reference as usual.
 *
 * A role of another stack is admitted only if it has a literal name and lives under
 * `admittedPath`, in the same account; anything else throws at synth, naming the role
 * and what it would be granted, since naming it by reference would make a cycle and
 * naming a role outside the path would admit a name anyone may take.
 */
export function crossStackRoleArn(
  scope: IConstruct,
  grantee: iam.IGrantable,
  admittedPath: string | undefined,
  what: string,
): string | undefined {
  const principal: unknown = grantee.grantPrincipal;
  if (!Construct.isConstruct(principal)) return undefined;
  const home = Stack.of(scope);
  const theirs = Stack.of(principal);
  if (theirs === home) return undefined;
  const refuse = (why: string) =>
    new Error(
      `${scope.node.path}: ${principal.node.path} (stack ${theirs.node.path}) cannot be granted ${what}: ${why}. A role of a workload stack is granted by name: create it with WorkloadRole, under ${admittedPath ?? 'the workload path'} (docs/workloads.md; DPP 1.3)`,
    );
  if (admittedPath === undefined) {
    throw refuse(`${home.node.path} admits no role of another stack`);
  }
  if (!(principal instanceof iam.Role)) {
    throw refuse('it is not a role created in this app');
  }
  if (Token.isUnresolved(theirs.account) || theirs.account !== home.account) {
    throw refuse(`it is not in account ${home.account}`);
  }
  const cfn = principal.node.defaultChild as iam.CfnRole;
  const { roleName, path } = cfn;
  if (typeof roleName !== 'string' || Token.isUnresolved(roleName)) {
    throw refuse('its name is generated at deployment, so no policy can name it in advance');
  }
  if (path !== admittedPath) {
    throw refuse(`its path is ${path ?? '/'}, not the workload path ${admittedPath}`);
  }
  return `arn:${home.partition}:iam::${home.account}:role${admittedPath}${roleName}`;
}
