import * as path from 'path';
import type { ComplianceReport, ReportFinding } from './model';
import { REPORT_FILES } from './report-files';
import { STATUSES } from './statuses';

/**
 * The synth's summary on the terminal, a view of the compliance report: each open
 * error (it fails the gate), warnings in short, one line of counts, one line per
 * environment of clauses per status, and where the Markdown and HTML are.
 */

/** Resources listed per finding before the rest is counted. */
const RESOURCES_SHOWN = 10;
/** Warning groups listed before the rest is counted. */
const WARNINGS_SHOWN = 10;

interface Group {
  readonly finding: ReportFinding;
  readonly resources: string[];
}

/** Open findings grouped by what they say, in report order. */
function grouped(findings: readonly ReportFinding[]): Group[] {
  const groups = new Map<string, Group>();
  for (const f of findings) {
    const key = `${f.pack}\n${f.findingId}\n${f.severity}\n${f.message}`;
    const group = groups.get(key) ?? { finding: f, resources: [] };
    group.resources.push(f.resource);
    groups.set(key, group);
  }
  return [...groups.values()];
}

function describe({ finding, resources }: Group): string {
  const shown = resources.slice(0, RESOURCES_SHOWN).map((p) => `      at ${p}`);
  if (resources.length > RESOURCES_SHOWN) {
    shown.push(`      ... and ${resources.length - RESOURCES_SHOWN} more`);
  }
  return [
    `  [${finding.severity}] ${finding.findingId} (${finding.pack})`,
    `      ${finding.message}`,
    ...shown,
  ].join('\n');
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

const isError = (f: ReportFinding) => f.severity === 'error' || f.severity === 'fatal';

/** A path as the user typed it: relative to the working directory when inside it. */
function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

/** The summary printed after synth; `directory` is where the views were written. */
export function formatSummary(report: ComplianceReport, directory: string): string {
  const open = report.environments.flatMap((e) => e.findings.filter((f) => f.state === 'open'));
  const errors = grouped(open.filter(isError));
  const warnings = grouped(open.filter((f) => !isError(f)));
  const { gate } = report;
  const lines: string[] = [];
  if (errors.length > 0) {
    lines.push(`Unacknowledged errors (${errors.length}):`, ...errors.map(describe));
  }
  if (gate.missingPacks.length > 0) {
    lines.push(
      `Checks that did not run: ${gate.missingPacks.join(', ')}. Nothing of theirs was checked, so the gate fails; register them on the app with registerChecks() (lib/checks.ts).`,
    );
  }
  if (gate.unjustified.length > 0) {
    lines.push(
      `Acknowledgements without a reason and basis (${gate.unjustified.length}); use acknowledge() from lib/nag/acknowledge.ts:`,
      ...gate.unjustified.map((u) => `  ${u}`),
    );
  }
  if (warnings.length > 0) {
    lines.push(
      `Warnings (${warnings.length}):`,
      ...warnings.slice(0, WARNINGS_SHOWN).map(describe),
    );
    if (warnings.length > WARNINGS_SHOWN) {
      lines.push(`  ... and ${warnings.length - WARNINGS_SHOWN} more in the report`);
    }
  }
  lines.push(
    `Checks: ${gate.passed ? 'PASSED' : 'FAILED'}: ${count(gate.errors, 'unacknowledged error')}, ` +
      `${count(gate.warnings, 'warning')}, ${count(gate.acknowledgementsRecorded, 'acknowledgement')} ` +
      `recorded in the templates (${gate.unjustified.length} without a reason and basis).`,
  );
  for (const env of report.environments) {
    const counts = STATUSES.filter((s) => env.counts[s] > 0)
      .map((s) => `${env.counts[s]} ${s}`)
      .join(', ');
    lines.push(`Compliance ${env.id} (${env.clauses.length} clauses): ${counts}.`);
  }
  lines.push(
    `Read ${shown(path.join(directory, REPORT_FILES.markdown))} and ${shown(path.join(directory, REPORT_FILES.html))} (also .json, .sarif, ${REPORT_FILES.processing}).`,
  );
  return lines.join('\n');
}
