import { cite, ClauseId } from '../policy/clauses';
import { escapeMarkdown, markdownTable } from './markdown';
import type { ComplianceReport, ReportFinding } from './model';
import { clauseAnchor, detailAnchor, REPORT_FILES, resultOf } from './report-files';
import { Status, STATUSES } from './statuses';

/**
 * The compliance report as Markdown short enough to post on a pull request: the
 * gate and the counts per status first, then what needs attention (violated clauses
 * with their findings and fixes, open unmapped findings, acknowledgements without a
 * basis, gaps), then links into the detail. Lists are capped; the HTML has everything.
 */

/** At most this many items per list; the rest is a count and a link. */
const LIST_LIMIT = 15;

const link = (text: string, anchor: string) =>
  `[${escapeMarkdown(text)}](${REPORT_FILES.html}#${anchor})`;

function capped(lines: readonly string[], what: string): string[] {
  if (lines.length <= LIST_LIMIT) return [...lines];
  return [
    ...lines.slice(0, LIST_LIMIT),
    `- ... and ${lines.length - LIST_LIMIT} more ${what}: see [${REPORT_FILES.html}](${REPORT_FILES.html})`,
  ];
}

/** The first sentence of `text`, shortened to `max` characters. */
function firstSentence(text: string, max = 200): string {
  const sentence = /^.*?[.!?](?=\s|$)/.exec(text)?.[0] ?? text;
  return sentence.length > max ? `${sentence.slice(0, max - 1)}\u2026` : sentence;
}

function countsTable(report: ComplianceReport): string[] {
  const ids = report.environments.map((e) => e.id);
  const rows = STATUSES.map((status) => [
    status,
    ...report.environments.map((e) => String(e.counts[status])),
  ]);
  rows.push(['all clauses', ...report.environments.map((e) => String(e.clauses.length))]);
  return markdownTable(['status', ...ids], rows);
}

/** The clauses with `status` somewhere, with the environments where they have it. */
function clausesWith(
  report: ComplianceReport,
  status: Status,
): { clause: string; envs: string[] }[] {
  return report.clauses
    .map((c) => ({
      clause: c.id,
      envs: report.environments.filter((e) => resultOf(e, c.id).status === status).map((e) => e.id),
    }))
    .filter((c) => c.envs.length > 0);
}

function violatedSection(report: ComplianceReport): string[] {
  const violated = clausesWith(report, 'violated');
  if (violated.length === 0) return [];
  const lines = violated.map(({ clause, envs }) => {
    const findings = report.environments.flatMap((e) => {
      const result = resultOf(e, clause);
      return result.findings.map((id) => e.findings.find((f) => f.id === id) as ReportFinding);
    });
    const rules = [...new Set(findings.map((f) => f.ruleId))];
    const fix = findings[0] ? ` Fix: ${escapeMarkdown(firstSentence(findings[0].fix, 300))}` : '';
    return `- ${link(cite(clause as ClauseId), detailAnchor(clause, envs[0]))} in ${envs.join(', ')}: ${findings.length} open finding${findings.length === 1 ? '' : 's'} of ${escapeMarkdown(rules.join(', '))}.${fix}`;
  });
  return ['### Violated', '', ...capped(lines, 'violated clauses'), ''];
}

function unmappedSection(report: ComplianceReport): string[] {
  const open = report.environments.flatMap((e) =>
    e.unmapped
      .map((id) => e.findings.find((f) => f.id === id) as ReportFinding)
      .filter((f) => f.state === 'open')
      .map((f) => ({ env: e.id, finding: f })),
  );
  if (open.length === 0) return [];
  const lines = open.map(
    ({ env, finding }) =>
      `- ${env}: \`${escapeMarkdown(finding.findingId)}\` (${finding.severity}) on ${escapeMarkdown(finding.resource)}: ${escapeMarkdown(firstSentence(finding.message))}`,
  );
  return [
    '### Open findings no clause takes (unmapped)',
    '',
    ...capped(lines, 'unmapped findings'),
    '',
  ];
}

function unjustifiedSection(report: ComplianceReport): string[] {
  if (report.gate.unjustified.length === 0) return [];
  return [
    '### Acknowledgements without a reason and basis',
    '',
    ...capped(
      report.gate.unjustified.map((u) => `- ${escapeMarkdown(u)}`),
      'acknowledgements',
    ),
    '',
  ];
}

function gapSection(report: ComplianceReport): string[] {
  const gaps = clausesWith(report, 'gap');
  if (gaps.length === 0) return [];
  const items = gaps.map(({ clause, envs }) => {
    const where = envs.length === report.environments.length ? '' : ` (${envs.join(', ')})`;
    return `${link(clause, clauseAnchor(clause))}${where}`;
  });
  return [
    `### Gaps (${gaps.length})`,
    '',
    'Nothing covers these clauses yet: ' + items.join(', ') + '.',
    '',
  ];
}

function notesSection(report: ComplianceReport): string[] {
  if (report.notes.length === 0) return [];
  return [
    '### Notes',
    '',
    ...capped(
      report.notes.map((n) => `- ${escapeMarkdown(n)}`),
      'notes',
    ),
    '',
  ];
}

function gateLine(report: ComplianceReport): string {
  const { gate } = report;
  return `Gate: **${gate.passed ? 'PASSED' : 'FAILED'}**: ${gate.errors} open error${gate.errors === 1 ? '' : 's'}, ${gate.warnings} warning${gate.warnings === 1 ? '' : 's'}; ${gate.acknowledgementsRecorded} acknowledgements recorded in the templates (${gate.unjustified.length} without a reason and basis).${gate.missingPacks.length > 0 ? ` Checks that did not run: ${escapeMarkdown(gate.missingPacks.join(', '))}.` : ''}`;
}

/** The compliance report as Markdown. */
export function complianceMarkdown(report: ComplianceReport): string {
  const attention = [
    ...violatedSection(report),
    ...unmappedSection(report),
    ...unjustifiedSection(report),
    ...gapSection(report),
    ...notesSection(report),
  ];
  const sarifResults = report.environments.flatMap((e) => e.findings);
  const open = sarifResults.filter((f) => f.state === 'open').length;
  return [
    '# Compliance report',
    '',
    `Every clause of the DPP, the AUP and the DUP (${report.clauses.length}), per environment, from this synth. ${gateLine(report)}`,
    '',
    ...countsTable(report),
    '',
    '## Needs attention',
    '',
    ...(attention.length > 0
      ? attention
      : ['Nothing: no clause is violated and there is no gap.', '']),
    '## Detail',
    '',
    `- [${REPORT_FILES.html}](${REPORT_FILES.html}): the clause matrix for ${report.environments.map((e) => e.id).join(' and ')}, filters, and per clause the resources, rules, findings, acknowledgements with their reasons, and the record of processing.`,
    `- \`${REPORT_FILES.json}\`: the model (schema \`docs/compliance-report.schema.json\`, version ${report.schemaVersion}).`,
    `- \`${REPORT_FILES.sarif}\`: SARIF 2.1.0 for code scanning, ${open} open and ${sarifResults.length - open} suppressed results.`,
    `- [${REPORT_FILES.processing}](${REPORT_FILES.processing}): the record of processing (DPP 2.2).`,
    '',
  ].join('\n');
}
