import { IConstruct } from 'constructs';
import { allPackViolations, Violation } from './helpers';

/**
 * Rules about how a stack composes its capabilities rather than about any one
 * construct: every role carries the permissions boundary that `BaselineAccess` applies
 * to the whole stack; the audit capability's trail records every PII store's data
 * events and puts a canary in it; the DNS Firewall covers every VPC. A construct tested
 * in a stack of its own cannot meet them; the composed app is checked with all of them
 * (test/lib/app.test.ts, test/lib/acknowledgements.test.ts).
 */
export const COMPOSITION_RULE_IDS: readonly string[] = [
  'DPP-IAMRoleHasPermissionsBoundary',
  'DPP-PiiStoreDataEventsLogged',
  'DPP-PiiStoreHasCanaryAlarm',
  'DPP-VPCDnsFirewallBlocksByDefault',
];

/** Violations that are not about composition. */
export function withoutCompositionRules(violations: readonly Violation[]): Violation[] {
  return violations.filter((v) => !COMPOSITION_RULE_IDS.includes(v.ruleId));
}

/** The three packs' violations of a construct tested in a stack of its own. */
export function constructPackViolations(scope: IConstruct): Violation[] {
  return withoutCompositionRules(allPackViolations(scope));
}
