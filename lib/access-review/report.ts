import { cite } from '../policy/clauses';
import { FINDING_CLAUSES } from './findings';
import { ACCESS_REVIEW_THRESHOLDS as T, describeThreshold } from './thresholds';
import {
  AccessReview,
  EnforcementAction,
  Finding,
  FindingKind,
  Moment,
  Severity,
  UserEntry,
} from './types';

/**
 * The access review as the reviewer reads it (Markdown), keeps it (JSON, the same data)
 * and sees it in a terminal or a notification (a short text summary).
 */

export const FINDING_TITLES: Readonly<Record<FindingKind, string>> = {
  'root-access-key': 'Root user has access keys',
  'root-without-mfa': 'Root user without MFA',
  'console-user-without-mfa': 'Console user without MFA',
  'access-key-unused': `Access key unused for ${T.accessKeyUnused.days} days`,
  'access-key-old': `Access key older than ${T.accessKeyMaxAge.days} days`,
  'user-inactive': `User inactive for ${T.userInactive.days} days`,
  'password-old': `Console password older than ${T.passwordMaxAge.days} days`,
  'role-unused': `Role unused for ${T.roleUnused.days} days`,
  'policy-grants-admin': 'Policy grants administrator access',
  'policy-grants-wildcard-data-access': 'Policy grants wildcard data access',
  'policy-unreadable': 'Policy could not be analysed',
  'secret-not-accessed': `SP-API credential not used for ${T.secretUnused.days} days`,
  'secret-not-rotated': `SP-API credential not rotated for ${T.secretRotation.days} days`,
};

const RUNBOOK = 'docs/runbooks/access-review.md';

/** The JSON report: the review as it is. */
export function reviewJson(review: AccessReview): string {
  return `${JSON.stringify(review, null, 2)}\n`;
}

/**
 * The report files' base name: account, environment, date, mode; safe on any file
 * system (`access-review_111111111111_prod_2024-05-01T10-00-00Z_dry-run`).
 */
export function reportBaseName(review: AccessReview): string {
  const env = review.environment ? `_${review.environment.replace(/[^A-Za-z0-9-]/g, '-')}` : '';
  const time = review.startedAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  return `access-review_${review.accountId}${env}_${time}_${review.mode}`;
}

function statusLine(review: AccessReview): string {
  return review.status === 'complete'
    ? 'COMPLETE'
    : `INCOMPLETE: ${review.failures.map((f) => f.source).join(', ')} could not be read`;
}

function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { high: 0, medium: 0, low: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

function subjectLabel(f: Finding): string {
  if (f.subject.type === 'access-key')
    return `user ${f.subject.name}, access key ${f.subject.keySlot}`;
  if (f.subject.type === 'root') return 'root user';
  return `${f.subject.type} ${f.subject.name}`;
}

function enforcementLine(review: AccessReview): string {
  const { enforcement } = review;
  if (enforcement.refused) return `Enforcement: not run (${enforcement.refused})`;
  const count = (outcome: EnforcementAction['outcome']) =>
    enforcement.actions.filter((a) => a.outcome === outcome).length;
  if (enforcement.mode === 'dry-run') {
    return `Enforcement: dry run, nothing changed; ${count('planned')} action(s) would be taken with --enforce`;
  }
  return `Enforcement: ${count('done')} done, ${count('skipped')} skipped, ${count('failed')} failed`;
}

/** A few lines for a terminal or a notification; the files hold everything. */
export function reviewSummary(review: AccessReview, maxFindings = 25): string {
  const inv = review.inventory;
  const counts = countBySeverity(review.findings);
  const lines = [
    `Access review of account ${review.accountId}${review.environment ? ` (${review.environment})` : ''}, ${review.startedAt}, ${review.mode === 'dry-run' ? 'dry run' : 'enforce'}: ${statusLine(review)}`,
    `Users ${inv.users?.length ?? 'unknown'}, roles ${inv.roles?.length ?? 'unknown'}, SP-API credential secrets ${inv.secrets?.length ?? 'not reviewed'}; credential report generated ${inv.credentialReportGeneratedAt ?? 'unknown'}`,
    `Findings: ${review.findings.length} (high ${counts.high}, medium ${counts.medium}, low ${counts.low})`,
  ];
  for (const f of review.findings.slice(0, maxFindings)) {
    lines.push(
      `  ${f.severity.padEnd(6)} ${FINDING_TITLES[f.kind]}: ${subjectLabel(f)}${f.protectedAs ? ` [${f.protectedAs}]` : ''}`,
    );
  }
  if (review.findings.length > maxFindings) {
    lines.push(`  ... and ${review.findings.length - maxFindings} more in the report`);
  }
  for (const failure of review.failures) lines.push(`FAILED ${failure.source}: ${failure.reason}`);
  lines.push(enforcementLine(review));
  for (const action of review.enforcement.actions) {
    if (action.outcome === 'failed')
      lines.push(`  failed ${action.kind} ${action.userName}: ${action.reason}`);
  }
  lines.push(
    `Next review due by ${review.nextReviewDue} (${cite('DPP 1.2')}). Runbook: ${RUNBOOK}`,
  );
  return lines.join('\n');
}

/** A table cell: one line, pipes escaped. */
function cell(value: string | number | boolean | undefined): string {
  if (value === undefined || value === '') return '';
  return String(value)
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ');
}

function table(
  header: readonly string[],
  rows: readonly (readonly (string | number | boolean | undefined)[])[],
): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ];
}

const day = (m: Moment | undefined, none = 'never') =>
  m ? `${m.at.slice(0, 10)} (${m.daysAgo} d)` : none;

/** The Markdown report for the reviewer, with a sign-off section to complete. */
export function reviewMarkdown(review: AccessReview): string {
  const out: string[] = [];
  const push = (...lines: string[]) => out.push(...lines);
  push(
    `# Access review: account ${review.accountId}${review.environment ? ` (${review.environment})` : ''}, ${review.startedAt.slice(0, 10)}`,
    '',
  );
  if (review.status === 'incomplete') {
    push(
      '> **INCOMPLETE REVIEW.** Some sources could not be read; this report is not evidence of a complete review. Fix the cause and run the review again.',
      '>',
      ...review.failures.map((f) => `> - ${f.source}: ${cell(f.reason)}`),
      '',
    );
  }
  push(
    ...table(
      ['', ''],
      [
        ['Date', review.startedAt],
        ['Account', review.accountId],
        ['Environment', review.environment ?? 'not given'],
        ['Run by', `${review.operator} as ${review.caller.arn}`],
        ['Mode', review.mode === 'dry-run' ? 'dry run: nothing was changed' : 'enforce'],
        ['Status', statusLine(review)],
        ['Credential report generated', review.inventory.credentialReportGeneratedAt ?? 'not read'],
        [
          'Next review due by',
          `${review.nextReviewDue} (${cite('DPP 1.2')}: every ${review.thresholds.reviewInterval.days} days)`,
        ],
      ],
    ),
    '',
    'Limits: ' +
      [
        `access keys unused ${describeThreshold(review.thresholds.accessKeyUnused)}`,
        `access keys older than ${describeThreshold(review.thresholds.accessKeyMaxAge)}`,
        `users inactive ${describeThreshold(review.thresholds.userInactive)}`,
        `roles unused ${describeThreshold(review.thresholds.roleUnused)}`,
        `SP-API credentials unused ${describeThreshold(review.thresholds.secretUnused)}`,
        `SP-API credentials not rotated ${describeThreshold(review.thresholds.secretRotation)}`,
        `console passwords older than ${describeThreshold(review.thresholds.passwordMaxAge)}`,
      ].join('; ') +
      '.',
    '',
  );
  push(...summarySection(review), ...findingsSection(review), ...enforcementSection(review));
  push(...peopleSection(review), ...secretsSection(review));
  if (review.notes.length > 0) push('## Notes', '', ...review.notes.map((n) => `- ${n}`), '');
  push(...signOffSection(review));
  return `${out.join('\n').trimEnd()}\n`;
}

function summarySection(review: AccessReview): string[] {
  const kinds = [...new Set(review.findings.map((f) => f.kind))];
  const rows = kinds.map((kind) => {
    const of = review.findings.filter((f) => f.kind === kind);
    return [
      FINDING_TITLES[kind],
      of[0]?.severity,
      of.length,
      FINDING_CLAUSES[kind].map(cite).join('; '),
    ];
  });
  return [
    '## Summary',
    '',
    ...(rows.length === 0
      ? [
          review.status === 'complete'
            ? 'No findings.'
            : 'No findings in the sources that could be read.',
        ]
      : table(['Finding', 'Severity', 'Count', 'Clauses'], rows)),
    '',
  ];
}

function findingsSection(review: AccessReview): string[] {
  if (review.findings.length === 0) return [];
  return [
    '## Findings',
    '',
    ...table(
      ['#', 'Severity', 'Finding', 'Subject', 'Detail', 'Clauses', 'What to do'],
      review.findings.map((f, i) => [
        i + 1,
        f.severity,
        FINDING_TITLES[f.kind],
        `${subjectLabel(f)}${f.protectedAs ? ` (${f.protectedAs}: never enforced)` : ''}`,
        f.detail,
        f.clauses.join(', '),
        f.recommendation,
      ]),
    ),
    '',
  ];
}

function enforcementSection(review: AccessReview): string[] {
  const { enforcement } = review;
  const lines = [
    `## Enforcement (${cite('DPP 1.2')}: account lockout)`,
    '',
    enforcementLine(review),
    '',
  ];
  if (enforcement.actions.length > 0) {
    lines.push(
      ...table(
        ['Action', 'User', 'Key', 'Outcome', 'Reason'],
        enforcement.actions.map((a) => [
          a.kind,
          a.userName,
          a.accessKeyIdEnd ? `…${a.accessKeyIdEnd}` : a.keySlot ? `slot ${a.keySlot}` : '',
          a.outcome,
          a.reason,
        ]),
      ),
      '',
    );
  }
  if (enforcement.protected.length > 0) {
    lines.push(
      `Left alone although stale: ${enforcement.protected.map((p) => `${p.userName} (${p.as})`).join(', ')}.`,
      '',
    );
  }
  return lines;
}

function keysCell(user: UserEntry): string {
  if (user.accessKeys.length === 0) return 'none';
  return user.accessKeys
    .map(
      (k) =>
        `${k.slot}: ${k.active ? 'active' : 'inactive'}, created ${day(k.created, '?')}, last used ${day(k.lastUsed)}${k.lastUsedService ? ` (${k.lastUsedService})` : ''}`,
    )
    .join('; ');
}

function marks(entry: { breakGlass: boolean; isCaller: boolean }): string {
  return [entry.breakGlass ? 'break-glass' : '', entry.isCaller ? 'caller' : '']
    .filter(Boolean)
    .join(', ');
}

function peopleSection(review: AccessReview): string[] {
  const { root, users, roles } = review.inventory;
  const lines = [`## People and services with access (${cite('DPP 1.2')}; ${cite('DUP 3.3')})`, ''];
  if (root) {
    lines.push(
      `Root user: MFA ${root.mfaActive ? 'on' : 'OFF'}, ${root.activeAccessKeys} active access key(s), password last used ${day(root.passwordLastUsed)}.`,
      '',
    );
  }
  lines.push(`### IAM users (${users ? users.length : 'not read'})`, '');
  if (users && users.length > 0) {
    lines.push(
      ...table(
        [
          'User',
          'Created',
          'Console',
          'MFA',
          'Password last used',
          'Access keys',
          'Last activity',
          'Groups',
          'Marks',
        ],
        users.map((u) => [
          u.userName,
          day(u.created),
          u.consoleAccess ? 'yes' : 'no',
          u.mfaActive ? 'yes' : 'no',
          u.consoleAccess ? day(u.passwordLastUsed) : '',
          keysCell(u),
          day(u.lastActivity),
          u.groups?.join(', ') ?? '',
          marks(u),
        ]),
      ),
    );
  } else if (users) {
    lines.push(
      'No IAM users: people sign in through IAM Identity Center or a federated identity provider.',
    );
  }
  lines.push('', `### IAM roles (${roles ? roles.length : 'not read'})`, '');
  if (roles && roles.length > 0) {
    lines.push(
      ...table(
        ['Role', 'Created', 'Last used', 'Trusted principals', 'Policies', 'Boundary', 'Marks'],
        roles.map((r) => [
          `${r.roleName}${r.serviceLinked ? ' (service-linked)' : ''}`,
          day(r.created, '?'),
          day(r.lastUsed),
          r.trustedPrincipals.join(', '),
          [...r.managedPolicies, ...r.inlinePolicies.map((p) => `${p} (inline)`)].join(', '),
          r.permissionsBoundary ? r.permissionsBoundary.split('/').pop() : '',
          marks(r),
        ]),
      ),
    );
  }
  lines.push('');
  return lines;
}

function secretsSection(review: AccessReview): string[] {
  const { secrets } = review.inventory;
  const lines = [`## SP-API credentials (${cite('AUP 3.5')}; ${cite('DUP 3.4')})`, ''];
  if (!secrets) {
    lines.push(
      review.failures.some((f) => f.source === 'secrets')
        ? 'Not read: see the failures above.'
        : 'Not reviewed: no secret prefix was given.',
      '',
    );
    return lines;
  }
  if (secrets.length === 0) return [...lines, 'No secret under the prefix.', ''];
  lines.push(
    ...table(
      ['Secret', 'Created', 'Last read', 'Last rotated', 'Rotation'],
      secrets.map((s) => [
        s.name,
        day(s.created, '?'),
        day(s.lastAccessed),
        day(s.lastRotated),
        s.rotationExpected
          ? s.rotationEnabled
            ? 'enabled'
            : 'NOT enabled'
          : 'not rotated by the Developer (refresh token)',
      ]),
    ),
    '',
    'Secrets Manager records the day a secret was last read, not whether the SP-API call with it succeeded.',
    '',
  );
  return lines;
}

function signOffSection(review: AccessReview): string[] {
  return [
    '## Reviewer sign-off',
    '',
    `- [ ] Every IAM user above is a named person, an authorized employee (${cite('DUP 3.3')}), who still needs access; no generic or shared account (${cite('DPP 1.2')}).`,
    '- [ ] Every role and its trusted principals are expected; roles no longer needed are removed.',
    '- [ ] Each finding is fixed, or accepted below with a reason and a date to look again.',
    `- [ ] The next review is scheduled by ${review.nextReviewDue}.`,
    '',
    'Reviewed by: ______________________  Date: ____________',
    '',
    'Decisions and accepted findings:',
    '',
  ];
}
