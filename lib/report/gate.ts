import { App } from 'aws-cdk-lib';
import { ruleResultsOf } from '../nag/rule-results';
import { readAssembly } from './assembly';
import { writeComplianceReport, writeRuleResults } from './compliance-output';
import { formatSummary } from './summary';

/**
 * The project's own gate on the checks. `cdk synth` (CLI 2.1148) writes the packs'
 * findings to `validation-report.json` but exits 0; this gate writes what the packs
 * recorded of their results next to it, reads the synthesized assembly (assembly.ts),
 * builds the compliance report (compliance.ts, with the gate's decision from
 * evaluation.ts), writes its views to `cdk.out/compliance/` (compliance-output.ts)
 * and prints a short summary (summary.ts).
 */

/**
 * Synthesizes `app`, evaluates the checks, writes the compliance report and prints
 * the summary. Returns the exit code for the process: 0 when the gate passes, 1 when
 * it does not.
 */
export function synthesizeAndGate(app: App, log: (text: string) => void = console.error): number {
  const cloudAssembly = app.synth();
  writeRuleResults(cloudAssembly.directory, ruleResultsOf(app));
  const { report, directory } = writeComplianceReport(readAssembly(cloudAssembly));
  log(formatSummary(report, directory));
  return report.gate.passed ? 0 : 1;
}
