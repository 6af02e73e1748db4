import { BASIS_PATTERN } from '../nag/acknowledge';
import { DPP_PACK_NAME } from '../nag/rule';
import { Assembly, Finding, RecordedAcknowledgement } from './assembly';

/**
 * The gate's decision on a synthesized assembly. `cdk synth` (CLI 2.1148) writes the
 * packs' findings to `validation-report.json` but exits 0; the gate fails the synth on
 * any unacknowledged error or any acknowledgement without a reason and a basis.
 */
export interface GateResult {
  readonly errors: readonly Finding[];
  readonly warnings: readonly Finding[];
  readonly acknowledgements: readonly RecordedAcknowledgement[];
  /** Acknowledgements that do not say why and on what basis. */
  readonly unjustified: readonly RecordedAcknowledgement[];
  /** Packs the gate requires that recorded no results: the app was not checked by them. */
  readonly missingPacks: readonly string[];
  readonly passed: boolean;
}

/** Whether a finding stops the synth: an error (or fatal) that nobody acknowledged. */
function isError(finding: Finding): boolean {
  return finding.severity === 'error' || finding.severity === 'fatal';
}

/**
 * The packs whose results the gate requires. Without the DPP pack's, no rule of the
 * policy ran (an app built with `checks: false`, or packs added without
 * `registerChecks`), and no finding would mean nothing was looked at, not that nothing
 * was wrong.
 */
export const REQUIRED_PACKS: readonly string[] = [DPP_PACK_NAME];

/** Evaluates the findings and acknowledgements of `assembly`. */
export function evaluateAssembly(assembly: Assembly): GateResult {
  const errors = assembly.findings.filter(isError);
  const warnings = assembly.findings.filter((f) => !isError(f));
  const { acknowledgements } = assembly;
  const unjustified = acknowledgements.filter((a) => !BASIS_PATTERN.test(a.reason));
  const recorded = new Set(assembly.ruleResults?.packs.map((p) => p.pack) ?? []);
  const missingPacks = REQUIRED_PACKS.filter((pack) => !recorded.has(pack));
  return {
    errors,
    warnings,
    acknowledgements,
    unjustified,
    missingPacks,
    passed: errors.length === 0 && unjustified.length === 0 && missingPacks.length === 0,
  };
}
