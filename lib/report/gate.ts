import { App } from 'aws-cdk-lib';
import { writeAcknowledgementReport } from './acknowledgement-report';
import { readAssembly } from './assembly';
import { writeCoverageReport } from './coverage-report';
import { evaluateAssembly } from './evaluation';
import { writeProcessingReport } from './processing-report';
import { formatGateResult } from './summary';

/**
 * The project's own gate on the checks. `cdk synth` (CLI 2.1148) writes the packs'
 * findings to `validation-report.json` but exits 0; this gate reads the synthesized
 * assembly (assembly.ts), decides (evaluation.ts), prints what it found (summary.ts)
 * and writes the reports for reviewers next to the templates.
 */

/**
 * Synthesizes `app`, evaluates the checks and prints the result. Returns the exit
 * code for the process: 0 when the gate passes, 1 when it does not.
 */
export function synthesizeAndGate(app: App, log: (text: string) => void = console.error): number {
  const assembly = readAssembly(app.synth());
  const result = evaluateAssembly(assembly);
  log(formatGateResult(result));
  log(writeCoverageReport(assembly.directory));
  log(writeAcknowledgementReport(assembly.directory, result.acknowledgements));
  log(writeProcessingReport(assembly));
  return result.passed ? 0 : 1;
}
