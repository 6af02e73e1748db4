import * as fs from 'fs';
import * as path from 'path';
import { ClauseCoverage, clauseCoverage } from './clause-coverage';
import { markdownTable } from './markdown';

/** File names of the clause coverage report, written next to the templates. */
export const COVERAGE_MARKDOWN = 'clause-coverage.md';
export const COVERAGE_JSON = 'clause-coverage.json';

/** The coverage as a Markdown table a reviewer reads: one row per clause. */
export function coverageMarkdown(coverage: readonly ClauseCoverage[]): string {
  const rows = coverage.map(({ clause, ruleIds, constructs, status }) => [
    `${clause.id} ${clause.title}`,
    clause.kind,
    clause.capability,
    status,
    ruleIds.join(', ') || '-',
    constructs.join(', ') || '-',
    clause.organizationalNote ?? '',
  ]);
  const counts = (
    ['checked', 'supported', 'partial', 'organizational', 'not-applicable', 'gap'] as const
  )
    .map((s) => `${coverage.filter((c) => c.status === s).length} ${s}`)
    .join(', ');
  return [
    '# Clause coverage',
    '',
    `Generated at synth from lib/policy/clauses.ts and the DPP pack's rule registry: ${counts}.`,
    '',
    ...markdownTable(
      ['clause', 'kind', 'capability', 'status', 'DPP rules', 'code', 'left to people'],
      rows,
    ),
    '',
  ].join('\n');
}

/** Writes the coverage report into `directory`; returns its one-line summary. */
export function writeCoverageReport(directory: string, coverage = clauseCoverage()): string {
  fs.writeFileSync(path.join(directory, COVERAGE_MARKDOWN), coverageMarkdown(coverage));
  fs.writeFileSync(
    path.join(directory, COVERAGE_JSON),
    JSON.stringify(
      coverage.map(({ clause, ruleIds, constructs, status }) => ({
        id: clause.id,
        title: clause.title,
        policyVersion: clause.policyVersion,
        kind: clause.kind,
        capability: clause.capability,
        status,
        ruleIds,
        constructs,
      })),
      undefined,
      2,
    ),
  );
  const gaps = coverage.filter((c) => c.status === 'gap' || c.status === 'partial').length;
  return `Clause coverage: ${coverage.length} clauses, ${gaps} not yet fully covered; see ${path.join(directory, COVERAGE_MARKDOWN)}`;
}
