import * as fs from 'fs';
import * as path from 'path';
import { RULE_RESULTS_FILE, RuleResultsFile } from '../nag/rule-results';
import { Assembly, readAssembly } from './assembly';
import { buildComplianceReport, ComplianceInputs } from './compliance';
import { complianceHtml } from './compliance-html';
import { complianceMarkdown } from './compliance-markdown';
import { complianceSarif } from './compliance-sarif';
import type { ComplianceReport } from './model';
import { processingMarkdown } from './processing-report';
import { REPORT_FILES, writeReportFiles } from './report-files';

/**
 * The compliance report's files: the model as JSON and its views (Markdown, HTML,
 * SARIF, the record of processing), written to `cdk.out/compliance/`. The synth gate
 * writes them after every synth; `npm run report` writes the same bytes again from
 * an existing `cdk.out` (nothing in them depends on when or where they were built).
 */

const json = (value: unknown) => `${JSON.stringify(value, undefined, 2)}\n`;

/** The record of processing of every environment, one section each. */
function processingView(report: ComplianceReport): string {
  return report.environments
    .map((env) =>
      processingMarkdown(
        env.recordOfProcessing,
        `Record of processing activities (DPP 2.2 Data Governance): ${env.id}`,
      ),
    )
    .join('\n');
}

/** Every file of the report, by name. */
export function complianceFiles(report: ComplianceReport): Record<string, string> {
  return {
    [REPORT_FILES.json]: json(report),
    [REPORT_FILES.markdown]: complianceMarkdown(report),
    [REPORT_FILES.html]: complianceHtml(report),
    [REPORT_FILES.sarif]: json(complianceSarif(report)),
    [REPORT_FILES.processing]: processingView(report),
  };
}

/**
 * Writes what the packs recorded (or removes a stale file when they recorded
 * nothing), for the report to read from the assembly like everything else.
 */
export function writeRuleResults(directory: string, results: RuleResultsFile | undefined): void {
  const file = path.join(directory, RULE_RESULTS_FILE);
  if (results) fs.writeFileSync(file, JSON.stringify(results));
  else fs.rmSync(file, { force: true });
}

/** Builds the report of `assembly` and writes its files; returns it and where they are. */
export function writeComplianceReport(
  assembly: Assembly,
  inputs: Omit<ComplianceInputs, 'assembly'> = {},
): { report: ComplianceReport; directory: string } {
  const report = buildComplianceReport({ ...inputs, assembly });
  const directory = writeReportFiles(assembly.directory, complianceFiles(report));
  return { report, directory };
}

/** Rebuilds the report from the cloud assembly in `directory` (e.g. `cdk.out`), without synthesizing. */
export function regenerateComplianceReport(
  directory: string,
  inputs: Omit<ComplianceInputs, 'assembly'> = {},
): { report: ComplianceReport; directory: string } {
  if (!fs.existsSync(path.join(directory, 'manifest.json'))) {
    throw new Error(
      `${directory} holds no cloud assembly (no manifest.json); synthesize first with npm run synth`,
    );
  }
  return writeComplianceReport(readAssembly(directory), inputs);
}
