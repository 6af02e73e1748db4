import { ClauseKind } from '../policy/clauses';
import { Status } from './statuses';

/**
 * How a clause stands in one environment, from what the report gathered for it. In
 * this order:
 *
 * 1. `violated`: a rule that checks the clause (the DPP rule's clauses, or the table
 *    of cdk-nag rules) has an open finding here. Whatever the clause's kind.
 * 2. `acknowledged`: such a rule found something, and every finding was acknowledged.
 * 3. `not-applicable`: the catalogue says the clause is not applicable to infrastructure.
 * 4. `met`: an `enforced` clause whose rules passed on at least one resource here (or,
 *    when the packs recorded no results, that a resource declares it implements).
 *    A rule that applied to nothing is evidence of nothing.
 * 5. `monitored`: an `enforced` or `monitored` clause that an alarm, function or
 *    detector deployed here declares.
 * 6. `organizational`: a runbook carries the clause; people meet it.
 * 7. `gap`: none of the above. It stays in the report, with why.
 *
 * An acknowledgement of another rule's finding that merely cites the clause as its
 * basis (`AwsSolutions-VPC3` acknowledged on `DPP 1.1`) does not change the status:
 * it is not a deviation from the clause but a decision resting on it, and the report
 * lists it under the clause.
 */
export interface ClauseEvidence {
  readonly kind: ClauseKind;
  readonly rationale: string;
  /** Rules that check the clause, by id. */
  readonly rules: readonly string[];
  readonly openFindings: number;
  /** Rules with open findings, by id. */
  readonly openRules: readonly string[];
  /** Resources with open findings. */
  readonly openResources: number;
  readonly acknowledgedFindings: number;
  readonly acknowledgedRules: readonly string[];
  readonly acknowledgements: number;
  /** Resources the rules passed on. */
  readonly checkedResources: number;
  /** Rules that passed on at least one resource. */
  readonly passingRules: readonly string[];
  readonly implementedBy: number;
  readonly monitors: readonly string[];
  /** Runbook titles. */
  readonly runbooks: readonly string[];
  /** Whether the packs recorded where their rules passed. */
  readonly resultsRecorded: boolean;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const list = (items: readonly string[]) => items.join(', ');
/** Rule ids when there are few, else how many. */
const rules = (ids: readonly string[]) =>
  ids.length <= 2 ? list(ids) : plural(ids.length, 'rule');

/** What already covers part of the clause, for a gap's reason: `Its rules passed on 3 resources, but ...`. */
function partly(e: ClauseEvidence): string {
  const parts = [
    ...(e.checkedResources > 0
      ? [`${rules(e.passingRules)} passed on ${plural(e.checkedResources, 'resource')}`]
      : []),
    ...(e.implementedBy > 0 ? [`${plural(e.implementedBy, 'resource')} declare it`] : []),
    ...(e.monitors.length > 0 ? [`monitored by ${list(e.monitors)}`] : []),
  ];
  return parts.length > 0 ? `${parts.join('; ')}; but ` : '';
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function isMet(e: ClauseEvidence): boolean {
  if (e.kind !== 'enforced' || e.rules.length === 0) return false;
  return e.checkedResources > 0 || (!e.resultsRecorded && e.implementedBy > 0);
}

function gapReason(e: ClauseEvidence): string {
  if (e.kind === 'enforced') {
    if (e.rules.length === 0) {
      return e.implementedBy > 0
        ? `No rule checks it yet, though ${plural(e.implementedBy, 'resource')} declare${e.implementedBy === 1 ? 's' : ''} it: a declaration is not evidence.`
        : 'No rule checks it and no resource implements it yet.';
    }
    return `Its rules (${list(e.rules)}) applied to no resource here: nothing implements it yet.`;
  }
  const missing =
    e.kind === 'monitored'
      ? 'no alarm, function or detector deployed here declares it, and no runbook carries it.'
      : 'no runbook carries it yet; add a "Clauses:" line to the runbook that does.';
  return capitalized(`${partly(e)}${missing}`);
}

/** The status of a clause and the one sentence that says why. */
export function clauseStatus(e: ClauseEvidence): { status: Status; summary: string } {
  if (e.openFindings > 0) {
    return {
      status: 'violated',
      summary: `${plural(e.openFindings, 'open finding')} of ${list(e.openRules)} on ${plural(e.openResources, 'resource')}.`,
    };
  }
  if (e.acknowledgedFindings > 0) {
    return {
      status: 'acknowledged',
      summary: `${plural(e.acknowledgedFindings, 'finding')} of ${list(e.acknowledgedRules)} accepted by ${plural(e.acknowledgements, 'acknowledgement')} with reasons; nothing open.`,
    };
  }
  if (e.kind === 'not-applicable') return { status: 'not-applicable', summary: e.rationale };
  if (isMet(e)) {
    const checked =
      e.checkedResources > 0
        ? `${rules(e.passingRules)} passed on ${plural(e.checkedResources, 'resource')}`
        : `declared by ${plural(e.implementedBy, 'resource')}; the packs recorded no results`;
    const implemented =
      e.checkedResources > 0 && e.implementedBy > 0
        ? `; implemented by ${plural(e.implementedBy, 'resource')}`
        : '';
    return { status: 'met', summary: `${checked}${implemented}.` };
  }
  if ((e.kind === 'enforced' || e.kind === 'monitored') && e.monitors.length > 0) {
    return {
      status: 'monitored',
      summary: `Watched by ${plural(e.monitors.length, 'monitor')}: ${list(e.monitors)}.`,
    };
  }
  if (e.runbooks.length > 0) {
    return {
      status: 'organizational',
      summary: `People follow ${list(e.runbooks)}; the evidence comes from them.`,
    };
  }
  return { status: 'gap', summary: gapReason(e) };
}
