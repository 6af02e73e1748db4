import {
  CredentialReportNotPresentException,
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
} from '@aws-sdk/client-iam';
import {
  AwsCaller,
  CredentialReportFormatError,
  CredentialReportTimeoutError,
  parseCredentialReport,
} from '../../../lib/access-review';
import { fetchCredentialReport } from '../../../lib/access-review/credential-report';
import {
  ALL_COLUMNS,
  Mocks,
  daysAgo,
  fakeDeps,
  mockAws,
  reportCsv,
  restore,
  serveCredentialReport,
} from './fakes';

const USERS = [
  {
    name: 'alice',
    password: { usedDaysAgo: 2, changedDaysAgo: 30 },
    mfa: true,
    keys: [{ createdDaysAgo: 10, usedDaysAgo: 1 }],
  },
  { name: 'svc-export', keys: [{ createdDaysAgo: 200, usedDaysAgo: 150 }, { createdDaysAgo: 5 }] },
];

describe('parseCredentialReport', () => {
  test('reads every row with a CSV parser: root, users, markers for "no date", both key slots', () => {
    const rows = parseCredentialReport(reportCsv(USERS));
    expect(rows.map((r) => r.user)).toEqual(['<root_account>', 'alice', 'svc-export']);
    const [root, alice, svc] = rows;
    expect(root.passwordEnabled).toBeUndefined();
    expect(root.passwordLastChanged).toBeUndefined();
    expect(alice).toMatchObject({ passwordEnabled: true, mfaActive: true });
    expect(alice.passwordLastUsed?.toISOString()).toBe(new Date(daysAgo(2)).toISOString());
    expect(svc.passwordEnabled).toBe(false);
    expect(svc.accessKeys[0]).toMatchObject({
      active: true,
      lastUsedService: 's3',
      lastUsedRegion: 'eu-west-1',
    });
    expect(svc.accessKeys[1]).toMatchObject({
      active: true,
      lastUsedDate: undefined,
      lastUsedService: undefined,
    });
  });

  test('reads quoted fields, a byte order mark and CRLF line ends as IAM may write them', () => {
    const csv = reportCsv(USERS).replace('alice,', '"alice",').replace(/\n/g, '\r\n');
    expect(parseCredentialReport(`\uFEFF${csv}`).map((r) => r.user)).toContain('alice');
  });

  test('ignores columns it does not use and accepts them in any order', () => {
    const csv = reportCsv(USERS);
    const [header, ...lines] = csv.trim().split('\n');
    const reversed = [
      header.split(',').reverse().join(','),
      ...lines.map((l) => l.split(',').reverse().join(',')),
    ];
    expect(parseCredentialReport(reversed.join('\n')).map((r) => r.user)).toEqual([
      '<root_account>',
      'alice',
      'svc-export',
    ]);
  });

  test.each([
    ['an empty report', '', /no rows|empty/],
    ['a header only', `${ALL_COLUMNS.join(',')}\n`, /has no rows/],
    [
      'a missing column',
      reportCsv(USERS).replace('mfa_active,', 'mfa,'),
      /lacks the column\(s\) mfa_active/,
    ],
    [
      'a row with a column too few',
      reportCsv(USERS).replace(/\nalice,[^\n]*/, (l) => l.replace(/,[^,]*$/, '')),
      /not valid CSV: .*line 3/i,
    ],
    ['an unterminated quote', reportCsv(USERS).replace('alice,', '"alice,'), /not valid CSV/],
    [
      'a date that is not a date',
      reportCsv(USERS).replace(daysAgo(2), 'yesterday'),
      /line 3, column password_last_used: 'yesterday' is not an ISO 8601 date/,
    ],
    [
      'a boolean that is not one',
      reportCsv(USERS).replace(/(alice,[^,]*,[^,]*,)true/, '$1yes'),
      /line 3, column password_enabled: 'yes' is not 'true' or 'false'/,
    ],
    ['a user listed twice', reportCsv([...USERS, USERS[0]]), /lists user 'alice' twice/],
    [
      'an ARN that is not a user',
      reportCsv(USERS).replace(':user/alice', ':role/alice'),
      /column arn/,
    ],
  ])('fails if the report has %s, naming what is wrong, and returns nothing', (_, csv, message) => {
    expect(() => parseCredentialReport(csv)).toThrow(CredentialReportFormatError);
    expect(() => parseCredentialReport(csv)).toThrow(message);
  });
});

describe('fetchCredentialReport', () => {
  let mocks: Mocks;
  beforeEach(() => {
    mocks = mockAws();
  });
  afterEach(() => restore(mocks));

  const fetch = (limits = { initialIntervalMs: 1000, maxIntervalMs: 4000, maxWaitMs: 20_000 }) => {
    const { deps, sleeps } = fakeDeps();
    const caller = new AwsCaller({ sleep: deps.sleep, random: () => 0.5 });
    return {
      run: () => fetchCredentialReport(deps.iam, caller, { sleep: deps.sleep!, limits }),
      sleeps,
    };
  };

  test('gets a ready report with one GenerateCredentialReport and one GetCredentialReport', async () => {
    serveCredentialReport(mocks, reportCsv(USERS), ['COMPLETE']);
    const { run, sleeps } = fetch();
    const report = await run();
    expect(report.rows).toHaveLength(3);
    expect(report.generatedAt.toISOString()).toBe('2024-05-01T09:59:00.000Z');
    expect(mocks.iam.commandCalls(GenerateCredentialReportCommand)).toHaveLength(1);
    expect(mocks.iam.commandCalls(GetCredentialReportCommand)).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  test('when no report was generated yet, starts one and polls with growing, capped waits until it is ready', async () => {
    serveCredentialReport(mocks, reportCsv(USERS), [
      'STARTED',
      'INPROGRESS',
      'INPROGRESS',
      'INPROGRESS',
      'COMPLETE',
    ]);
    const { run, sleeps } = fetch();
    await expect(run()).resolves.toMatchObject({ rows: expect.any(Array) });
    expect(sleeps).toEqual([1000, 2000, 4000, 4000]);
    expect(mocks.iam.commandCalls(GenerateCredentialReportCommand)).toHaveLength(5);
    expect(mocks.iam.commandCalls(GetCredentialReportCommand)).toHaveLength(1);
  });

  test('polls again when IAM says COMPLETE but GetCredentialReport says the report is not there yet', async () => {
    serveCredentialReport(mocks, reportCsv(USERS), ['COMPLETE']);
    mocks.iam
      .on(GetCredentialReportCommand)
      .rejectsOnce(
        new CredentialReportNotPresentException({ message: 'not present', $metadata: {} }),
      )
      .resolves({
        Content: new TextEncoder().encode(reportCsv(USERS)),
        ReportFormat: 'text/csv',
        GeneratedTime: new Date(),
      });
    const { run, sleeps } = fetch();
    await expect(run()).resolves.toMatchObject({ rows: expect.any(Array) });
    expect(sleeps).toEqual([1000]);
  });

  test('fails if the report stays in progress past the total wait, saying how long it waited', async () => {
    serveCredentialReport(mocks, reportCsv(USERS), ['INPROGRESS']);
    const { run, sleeps } = fetch({
      initialIntervalMs: 1000,
      maxIntervalMs: 4000,
      maxWaitMs: 10_000,
    });
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialReportTimeoutError);
    expect((error as Error).message).toContain(
      'not ready after waiting 10 s (last state: INPROGRESS)',
    );
    expect(sleeps).toEqual([1000, 2000, 4000, 3000]);
    expect(mocks.iam.commandCalls(GetCredentialReportCommand)).toHaveLength(0);
  });

  test('fails if the report is not CSV text', async () => {
    serveCredentialReport(mocks, reportCsv(USERS));
    mocks.iam.on(GetCredentialReportCommand).resolves({
      Content: new Uint8Array([0xff, 0xfe, 0x00]),
      ReportFormat: 'text/csv',
      GeneratedTime: new Date(),
    });
    await expect(fetch().run()).rejects.toThrow('not UTF-8 text');
  });
});
