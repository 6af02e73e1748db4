import { Finding } from './assembly';
import { GateResult } from './evaluation';

/** The gate's result as the terminal shows it: each finding, then one line of counts. */

function describe(finding: Finding): string {
  const where = finding.constructPaths.map((p) => `      at ${p}`).join('\n');
  return `  [${finding.severity}] ${finding.ruleId} (${finding.plugin})\n      ${finding.description}\n${where}`;
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

/** The gate's printed summary. */
export function formatGateResult(result: GateResult): string {
  const lines: string[] = [];
  if (result.errors.length > 0) {
    lines.push(`Unacknowledged errors (${result.errors.length}):`, ...result.errors.map(describe));
  }
  if (result.unjustified.length > 0) {
    lines.push(
      `Acknowledgements without a reason and basis (${result.unjustified.length}); use acknowledge() from lib/nag/acknowledge.ts:`,
      ...result.unjustified.map(
        (a) => `  ${a.ruleId} on ${a.template} ${a.logicalId}: reason ${JSON.stringify(a.reason)}`,
      ),
    );
  }
  if (result.warnings.length > 0) {
    lines.push(`Warnings (${result.warnings.length}):`, ...result.warnings.map(describe));
  }
  lines.push(
    `Checks: ${result.passed ? 'PASSED' : 'FAILED'}: ${count(result.errors.length, 'unacknowledged error')}, ` +
      `${count(result.warnings.length, 'warning')}, ${count(result.acknowledgements.length, 'acknowledgement')} ` +
      `recorded in the templates (${result.unjustified.length} without a reason and basis).`,
  );
  return lines.join('\n');
}
