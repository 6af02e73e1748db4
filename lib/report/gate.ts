import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { BASIS_PATTERN } from '../nag/acknowledge';
import { writeAcknowledgementReport } from './acknowledgement-report';
import { writeCoverageReport } from './coverage-report';
import { writeProcessingReport } from './processing-report';

/**
 * The project's own gate on the checks. `cdk synth` (CLI 2.1148) writes the packs'
 * findings to `validation-report.json` but exits 0; this gate reads the report and
 * the templates, prints what it found and fails the synth on any unacknowledged
 * error or any acknowledgement without a reason and a basis.
 */

export interface Finding {
  readonly plugin: string;
  readonly ruleId: string;
  readonly severity: string;
  readonly description: string;
  readonly constructPaths: readonly string[];
}

export interface RecordedAcknowledgement {
  readonly template: string;
  readonly logicalId: string;
  readonly ruleId: string;
  readonly reason: string;
}

export interface GateResult {
  readonly errors: readonly Finding[];
  readonly warnings: readonly Finding[];
  readonly acknowledgements: readonly RecordedAcknowledgement[];
  /** Acknowledgements that do not say why and on what basis. */
  readonly unjustified: readonly RecordedAcknowledgement[];
  readonly passed: boolean;
}

interface ReportJson {
  pluginReports?: {
    pluginName: string;
    violations?: {
      ruleName: string;
      description?: string;
      severity?: string;
      violatingConstructs?: { constructPath?: string }[];
    }[];
  }[];
}

interface TemplateJson {
  Resources?: Record<
    string,
    { Metadata?: { cdk_nag?: { rules_to_suppress?: { id?: string; reason?: string }[] } } }
  >;
}

const REPORT_FILE = 'validation-report.json';

function readFindings(assemblyDir: string): Finding[] {
  const file = path.join(assemblyDir, REPORT_FILE);
  if (!fs.existsSync(file)) return [];
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as ReportJson;
  return (report.pluginReports ?? []).flatMap((plugin) =>
    (plugin.violations ?? []).map((v) => ({
      plugin: plugin.pluginName,
      ruleId: v.ruleName,
      severity: v.severity ?? 'error',
      description: v.description ?? '',
      constructPaths: (v.violatingConstructs ?? []).map(
        (c) => c.constructPath ?? '(unknown construct)',
      ),
    })),
  );
}

/** Every template in the assembly, nested stage assemblies included. */
export function templateFiles(assemblyDir: string): string[] {
  return fs.readdirSync(assemblyDir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(assemblyDir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith('assembly-') ? templateFiles(full) : [];
    return entry.name.endsWith('.template.json') ? [full] : [];
  });
}

/** The `cdk_nag` acknowledgements that the templates carry as their audit trail. */
export function readAcknowledgements(assemblyDir: string): RecordedAcknowledgement[] {
  return templateFiles(assemblyDir).flatMap((file) => {
    const template = JSON.parse(fs.readFileSync(file, 'utf8')) as TemplateJson;
    return Object.entries(template.Resources ?? {}).flatMap(([logicalId, resource]) =>
      (resource.Metadata?.cdk_nag?.rules_to_suppress ?? []).map((rule) => ({
        template: path.relative(assemblyDir, file),
        logicalId,
        ruleId: rule.id ?? '',
        reason: rule.reason ?? '',
      })),
    );
  });
}

/** Evaluates the synthesized assembly in `assemblyDir`. */
export function evaluateAssembly(assemblyDir: string): GateResult {
  const findings = readFindings(assemblyDir);
  const errors = findings.filter((f) => f.severity === 'error' || f.severity === 'fatal');
  const warnings = findings.filter((f) => !errors.includes(f));
  const acknowledgements = readAcknowledgements(assemblyDir);
  const unjustified = acknowledgements.filter((a) => !BASIS_PATTERN.test(a.reason));
  return {
    errors,
    warnings,
    acknowledgements,
    unjustified,
    passed: errors.length === 0 && unjustified.length === 0,
  };
}

function describe(finding: Finding): string {
  const where = finding.constructPaths.map((p) => `      at ${p}`).join('\n');
  return `  [${finding.severity}] ${finding.ruleId} (${finding.plugin})\n      ${finding.description}\n${where}`;
}

/** The gate's printed summary. */
export function formatGateResult(result: GateResult): string {
  const lines: string[] = [];
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
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

/**
 * Synthesizes `app`, evaluates the checks and prints the result. Returns the exit
 * code for the process: 0 when the gate passes, 1 when it does not.
 */
export function synthesizeAndGate(app: App, log: (text: string) => void = console.error): number {
  const assembly = app.synth();
  const result = evaluateAssembly(assembly.directory);
  log(formatGateResult(result));
  log(writeCoverageReport(assembly.directory));
  log(writeAcknowledgementReport(assembly.directory, result.acknowledgements));
  log(writeProcessingReport(assembly.directory, app));
  return result.passed ? 0 : 1;
}
