import { DppRule, ruleId } from '../nag/rule';
import { DPP_RULES } from '../nag/rules';
import { BUILT_CAPABILITIES, CLAUSES, Clause } from '../policy/clauses';

/**
 * How far the baseline covers a clause today.
 * - `checked`: enforced by infrastructure and checked at synth by at least one DPP rule.
 * - `supported`: a monitored or organizational clause whose built capability ships the
 *   infrastructure, command or runbook people need; the rest is theirs.
 * - `partial`: some code covers it, but the capability that owns it is not built yet.
 * - `organizational`: left to people entirely; no capability builds anything for it.
 * - `not-applicable`: governs the application's features or the business, not infrastructure.
 * - `gap`: nothing covers it yet; it stays listed so it can never silently disappear.
 */
export type CoverageStatus =
  'checked' | 'supported' | 'partial' | 'organizational' | 'not-applicable' | 'gap';

export interface ClauseCoverage {
  readonly clause: Clause;
  readonly ruleIds: readonly string[];
  readonly constructs: readonly string[];
  readonly status: CoverageStatus;
}

function statusOf(clause: Clause, rules: readonly DppRule[]): CoverageStatus {
  if (clause.kind === 'not-applicable') return 'not-applicable';
  if (clause.capability === 'organization') return 'organizational';
  const built = BUILT_CAPABILITIES.includes(clause.capability);
  const hasCode = rules.length > 0 || clause.constructs.length > 0;
  if (!hasCode) return 'gap';
  if (!built) return 'partial';
  if (clause.kind === 'enforced') return rules.length > 0 ? 'checked' : 'partial';
  return 'supported';
}

/** Every clause of the catalogue with the rules and constructs that cover it. */
export function clauseCoverage(rules: readonly DppRule[] = DPP_RULES): ClauseCoverage[] {
  return CLAUSES.map((clause) => {
    const covering = rules.filter((r) => (r.clauses as readonly string[]).includes(clause.id));
    return {
      clause,
      ruleIds: covering.map(ruleId),
      constructs: clause.constructs,
      status: statusOf(clause, covering),
    };
  });
}
