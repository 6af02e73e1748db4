import * as fs from 'fs';
import * as path from 'path';
import type { ClauseResult, ComplianceReport, EnvironmentReport } from './model';

/**
 * Where the compliance report's views are written, and the names and anchors they
 * share, so that a link from the Markdown lands on the HTML's clause.
 */

/** The folder of the views, inside the cloud assembly directory. */
export const COMPLIANCE_DIRECTORY = 'compliance';

export const REPORT_FILES = {
  json: 'compliance-report.json',
  markdown: 'compliance-report.md',
  html: 'compliance-report.html',
  sarif: 'compliance-report.sarif',
  processing: 'record-of-processing.md',
} as const;

/**
 * Files earlier versions wrote at the root of the assembly; the gate removes them so
 * that a reviewer never reads a stale second copy.
 */
export const RETIRED_FILES = [
  'clause-coverage.md',
  'clause-coverage.json',
  'acknowledgements.md',
  'record-of-processing.md',
  'record-of-processing.json',
];

/** The HTML anchor of a clause row, e.g. `DPP-2.4`. */
export function clauseAnchor(clause: string): string {
  return clause.replace(/\s+/g, '-');
}

/** The HTML anchor of a clause's detail in one environment, e.g. `DPP-2.4--Prod`. */
export function detailAnchor(clause: string, environment: string): string {
  return `${clauseAnchor(clause)}--${environment}`;
}

/** Link from a view in the compliance folder to a file of the project (`docs/...`). */
export function projectLink(file: string): string {
  return `../../${file}`;
}

/** The result of `clause` in `environment`. */
export function resultOf(environment: EnvironmentReport, clause: string): ClauseResult {
  const found = environment.clauses.find((c) => c.clause === clause);
  if (!found) throw new Error(`${environment.id} has no result for ${clause}`);
  return found;
}

/** Index of an environment's findings, acknowledgements and resources by id or path. */
export class EnvironmentIndex {
  public readonly findings;
  public readonly acknowledgements;
  public readonly resources;

  constructor(public readonly environment: EnvironmentReport) {
    this.findings = new Map(environment.findings.map((f) => [f.id, f]));
    this.acknowledgements = new Map(environment.acknowledgements.map((a) => [a.id, a]));
    this.resources = new Map(environment.resources.map((r) => [r.path, r]));
  }
}

/** Writes `files` (name -> content) into the compliance folder of `assemblyDirectory`. */
export function writeReportFiles(
  assemblyDirectory: string,
  files: Readonly<Record<string, string>>,
): string {
  const directory = path.join(assemblyDirectory, COMPLIANCE_DIRECTORY);
  fs.mkdirSync(directory, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(directory, name), content);
  }
  for (const retired of RETIRED_FILES) {
    fs.rmSync(path.join(assemblyDirectory, retired), { force: true });
  }
  return directory;
}

/** The environments' ids, for headers. */
export function environmentIds(report: ComplianceReport): string[] {
  return report.environments.map((e) => e.id);
}
