import { BASIS_PATTERN } from '../nag/acknowledge';
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
  readonly passed: boolean;
}

/** Whether a finding stops the synth: an error (or fatal) that nobody acknowledged. */
function isError(finding: Finding): boolean {
  return finding.severity === 'error' || finding.severity === 'fatal';
}

/** Evaluates the findings and acknowledgements of `assembly`. */
export function evaluateAssembly(assembly: Assembly): GateResult {
  const errors = assembly.findings.filter(isError);
  const warnings = assembly.findings.filter((f) => !isError(f));
  const { acknowledgements } = assembly;
  const unjustified = acknowledgements.filter((a) => !BASIS_PATTERN.test(a.reason));
  return {
    errors,
    warnings,
    acknowledgements,
    unjustified,
    passed: errors.length === 0 && unjustified.length === 0,
  };
}
