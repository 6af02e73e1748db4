import { ClauseId, cite } from './clauses';

/**
 * Some controls exist once per AWS account and region, not once per environment: the
 * account password policy, a GuardDuty detector, Macie, Inspector. Test and prod in one
 * account (allowed, with a warning) must not both create them: two stacks would fight
 * over the password policy, and a second GuardDuty detector fails to deploy. So each
 * environment says, per account-level control, who owns it:
 *
 * - `this-environment`: this environment's stack creates it;
 * - `another-environment`: an environment in the same account does;
 * - `outside-baseline`: something else sets it (an organization-wide stack set, a
 *   delegated administrator account); reviews check it there.
 */
export const ACCOUNT_LEVEL_OWNERSHIPS = [
  'this-environment',
  'another-environment',
  'outside-baseline',
] as const;
export type AccountLevelOwnership = (typeof ACCOUNT_LEVEL_OWNERSHIPS)[number];

export interface EnvironmentOwnership {
  /** The environment's name, e.g. `prod`. */
  readonly environment: string;
  /** Its 12-digit account id. */
  readonly account: string;
  /** Its region, for a control that exists once per account and region (GuardDuty). */
  readonly region?: string;
  readonly ownership: AccountLevelOwnership;
}

export interface OwnershipError {
  /** The environment whose choice is wrong; where the config reports it. */
  readonly environment: string;
  readonly message: string;
}

/**
 * Checks the ownership choices of all environments together: in each account exactly
 * one environment owns `control`, or all of them leave it outside the baseline. Returns
 * one error per environment whose choice breaks this (empty when all is well).
 */
export function accountLevelOwnershipErrors(
  control: string,
  clause: ClauseId,
  environments: readonly EnvironmentOwnership[],
): OwnershipError[] {
  // A regional control (environments that give their region) is one per account and region.
  const byAccount = new Map<string, EnvironmentOwnership[]>();
  for (const env of environments) {
    const where = env.region === undefined ? env.account : `${env.account} in ${env.region}`;
    byAccount.set(where, [...(byAccount.get(where) ?? []), env]);
  }
  const errors: OwnershipError[] = [];
  for (const [account, envs] of byAccount) {
    const named = (choice: AccountLevelOwnership) => envs.filter((e) => e.ownership === choice);
    const owners = named('this-environment');
    const outside = named('outside-baseline');
    const deferring = named('another-environment');
    const list = (es: readonly EnvironmentOwnership[]) =>
      es.map((e) => e.environment).join(' and ');
    if (owners.length > 1) {
      for (const owner of owners.slice(1)) {
        errors.push({
          environment: owner.environment,
          message: `'this-environment' is taken: environments ${list(owners)} share account ${account}, which has one ${control} (${cite(clause)}); exactly one environment may own it and the others say 'another-environment'`,
        });
      }
    } else if (owners.length === 1 && outside.length > 0) {
      for (const env of outside) {
        errors.push({
          environment: env.environment,
          message: `'outside-baseline' contradicts environment ${owners[0].environment}, which creates the ${control} of account ${account}; choose one`,
        });
      }
    } else if (owners.length === 0) {
      for (const env of deferring) {
        errors.push({
          environment: env.environment,
          message: `'another-environment' names no owner: no environment in account ${account} creates the ${control} (${cite(clause)}); set 'this-environment' on one of them`,
        });
      }
    }
  }
  return errors;
}
