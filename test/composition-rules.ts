import { IConstruct } from 'constructs';
import { allPackViolations, Violation } from './helpers';

/**
 * Rules about how a stack composes its constructs rather than about any one of them:
 * every role carries the permissions boundary that `BaselineAccess` applies to the
 * whole stack. A construct tested in a stack of its own cannot meet them; the composed
 * stacks are checked with them (test/constructs/access, test/lib/app.test.ts).
 */
export const COMPOSITION_RULE_IDS: readonly string[] = ['DPP-IAMRoleHasPermissionsBoundary'];

/** Violations that are not about composition. */
export function withoutCompositionRules(violations: readonly Violation[]): Violation[] {
  return violations.filter((v) => !COMPOSITION_RULE_IDS.includes(v.ruleId));
}

/** The three packs' violations of a construct tested in a stack of its own. */
export function constructPackViolations(scope: IConstruct): Violation[] {
  return withoutCompositionRules(allPackViolations(scope));
}
