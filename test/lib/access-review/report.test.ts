import {
  AccessReview,
  reportBaseName,
  reviewAccess,
  reviewJson,
  reviewMarkdown,
  reviewSummary,
} from '../../../lib/access-review';
import { AUTH_PAGES, OPTIONS, SECRETS, USERS } from './account';
import {
  ACCOUNT,
  fakeDeps,
  mockAws,
  reportCsv,
  restore,
  serveAuthorizationDetails,
  serveCredentialReport,
  serveSecrets,
} from './fakes';

describe('access review reports', () => {
  let review: AccessReview;
  let markdown: string;
  beforeAll(async () => {
    const mocks = mockAws();
    serveCredentialReport(mocks, reportCsv(USERS));
    serveAuthorizationDetails(mocks, AUTH_PAGES);
    serveSecrets(mocks, [SECRETS]);
    review = await reviewAccess(OPTIONS, fakeDeps().deps);
    restore(mocks);
    markdown = reviewMarkdown(review);
  });

  test('the Markdown names the account, the date, the run and when the next review is due', () => {
    expect(markdown.split('\n')[0]).toBe(`# Access review: account ${ACCOUNT} (prod), 2024-05-01`);
    expect(markdown).toContain('| Date | 2024-05-01T10:00:00.000Z |');
    expect(markdown).toContain(
      `| Run by | jdoe as arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_SecurityAuditor_abc/jdoe |`,
    );
    expect(markdown).toContain('| Mode | dry run: nothing was changed |');
    expect(markdown).toContain('| Status | COMPLETE |');
    expect(markdown).toContain(
      '| Next review due by | 2024-07-30 (DPP 1.2 Access Management: every 90 days) |',
    );
    expect(markdown).toContain(
      'access keys unused 90 days (DPP 1.2 Access Management); access keys older than 90 days (DUP 3.4 Regular key rotation and account recycling)',
    );
  });

  test('the Markdown summarises findings with their clauses and lists each one', () => {
    expect(markdown).toContain(
      '| User inactive for 90 days | medium | 2 | DUP 3.4 Regular key rotation and account recycling; DPP 1.2 Access Management |',
    );
    expect(markdown).toContain(
      '| SP-API credential not used for 90 days | medium | 1 | AUP 3.5 Do not apply for keys you will not use |',
    );
    const findingRows = markdown
      .split('## Findings')[1]
      .split('## Enforcement')[0]
      .split('\n')
      .filter((l) => /^\| \d+ \|/.test(l));
    expect(findingRows).toHaveLength(review.findings.length);
    expect(markdown).toContain('| user breakglass-user (break-glass: never enforced) |');
  });

  test('the Markdown lists people and services with access, and the SP-API credentials', () => {
    expect(markdown).toContain(
      '## People and services with access (DPP 1.2 Access Management; DUP 3.3 Account information only to authorized employees)',
    );
    expect(markdown).toContain('### IAM users (8)');
    expect(markdown).toMatch(
      /\| svc-export \| 2023-03-28 \(400 d\) \| no \| no \| {2}\| 1: active, created 2023-10-14 \(200 d\), last used 2023-12-03 \(150 d\) \(s3\); 2: active, created 2024-04-26 \(5 d\), last used never \|/,
    );
    expect(markdown).toContain('### IAM roles (5)');
    expect(markdown).toContain('| AWSServiceRoleForSupport (service-linked) |');
    expect(markdown).toContain(
      '| spapi-dpp/prod/selling-partners/A1EXAMPLE | 2023-10-14 (200 d) | 2024-01-22 (100 d) | never | not rotated by the Developer (refresh token) |',
    );
    expect(markdown).toContain(
      '| spapi-dpp/prod/legacy-key | 2023-07-06 (300 d) | 2024-04-26 (5 d) | never | NOT enabled |',
    );
    expect(markdown).toContain('## Reviewer sign-off');
  });

  test('the JSON is the review itself, with the schema version, account and date', () => {
    const parsed = JSON.parse(reviewJson(review)) as AccessReview;
    expect(parsed).toEqual(JSON.parse(JSON.stringify(review)));
    expect(parsed).toMatchObject({
      schemaVersion: 1,
      accountId: ACCOUNT,
      startedAt: '2024-05-01T10:00:00.000Z',
      status: 'complete',
    });
  });

  test('names the files by account, environment, time and mode, safely', () => {
    expect(reportBaseName(review)).toBe(
      `access-review_${ACCOUNT}_prod_2024-05-01T10-00-00Z_dry-run`,
    );
    expect(reportBaseName({ ...review, environment: '../x y' })).toBe(
      `access-review_${ACCOUNT}_---x-y_2024-05-01T10-00-00Z_dry-run`,
    );
  });

  test('keeps tables intact whatever a reason contains', () => {
    const broken: AccessReview = {
      ...review,
      status: 'incomplete',
      failures: [{ source: 'secrets', reason: 'AccessDenied: a | b\nc' }],
      inventory: { ...review.inventory, secrets: undefined },
    };
    const text = reviewMarkdown(broken);
    expect(text).toContain('> - secrets: AccessDenied: a \\| b c');
    expect(text).toContain('Not read: see the failures above.');
  });

  test('the summary is short and points at the runbook', () => {
    const summary = reviewSummary(review, 3);
    expect(summary.split('\n')[0]).toBe(
      `Access review of account ${ACCOUNT} (prod), 2024-05-01T10:00:00.000Z, dry run: COMPLETE`,
    );
    expect(summary).toContain('Findings: 15 (high 4, medium 8, low 3)');
    expect(summary).toContain(`  ... and ${review.findings.length - 3} more in the report`);
    expect(summary).toContain('Runbook: docs/runbooks/access-review.md');
  });
});
