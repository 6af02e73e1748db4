import {
  DeleteLoginProfileCommand,
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetCredentialReportCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import {
  AccessReview,
  AccessReviewOptionsError,
  FINDING_CLAUSES,
  reviewAccess,
  reviewMarkdown,
} from '../../../lib/access-review';
import { clause } from '../../../lib/policy/clauses';
import { AUTH_PAGES, OPTIONS, PREFIX, SECRETS, USERS } from './account';
import {
  Mocks,
  UserSpec,
  fakeDeps,
  mockAws,
  reportCsv,
  restore,
  serveAuthorizationDetails,
  serveCredentialReport,
  serveSecrets,
  throttling,
} from './fakes';

const labels = (review: AccessReview) =>
  review.findings.map(
    (f) =>
      `${f.severity} ${f.kind} ${f.subject.name}${f.subject.keySlot ? `#${f.subject.keySlot}` : ''}${f.protectedAs ? ` [${f.protectedAs}]` : ''}`,
  );

describe('reviewAccess', () => {
  let mocks: Mocks;
  beforeEach(() => {
    mocks = mockAws();
  });
  afterEach(() => restore(mocks));

  function serveAccount(users: UserSpec[] = USERS) {
    serveCredentialReport(mocks, reportCsv(users));
    serveAuthorizationDetails(mocks, AUTH_PAGES);
    serveSecrets(mocks, [SECRETS]);
  }

  test('finds every kind of stale or excessive access in the account, and nothing else', async () => {
    serveAccount();
    const review = await reviewAccess(OPTIONS, fakeDeps().deps);

    expect(review.status).toBe('complete');
    expect(labels(review)).toEqual([
      'high console-user-without-mfa bob',
      'high policy-grants-admin AdministratorAccess',
      'high policy-grants-wildcard-data-access group/DataTeam/data (inline)',
      'high policy-grants-wildcard-data-access user/svc-export/export (inline)',
      'medium access-key-old svc-legacy#1',
      'medium access-key-unused breakglass-user#1 [break-glass]',
      'medium access-key-unused svc-export#1',
      'medium role-unused old-role',
      'medium secret-not-accessed spapi-dpp/prod/selling-partners/A1EXAMPLE',
      'medium secret-not-rotated spapi-dpp/prod/legacy-key',
      'medium user-inactive breakglass-user [break-glass]',
      'medium user-inactive carol',
      'low password-old dave',
      'low role-unused AWSServiceRoleForSupport',
      'low role-unused BreakGlassRole [break-glass]',
    ]);
  });

  test('names the clause of every finding, from the catalogue', async () => {
    serveAccount();
    const review = await reviewAccess(OPTIONS, fakeDeps().deps);
    for (const f of review.findings) {
      expect(f.clauses).toEqual(FINDING_CLAUSES[f.kind]);
      expect(f.clauses.length).toBeGreaterThan(0);
      f.clauses.forEach((id) => expect(clause(id).id).toBe(id));
    }
    const byKind = Object.fromEntries(review.findings.map((f) => [f.kind, f.clauses]));
    expect(byKind['user-inactive']).toContain('DUP 3.4');
    expect(byKind['secret-not-accessed']).toEqual(['AUP 3.5']);
    expect(byKind['console-user-without-mfa']).toEqual(['DPP 1.2', 'DUP 3.3']);
    expect(byKind['role-unused']).toContain('DPP 1.2');
  });

  test('says who is held by a wildcard policy, including group members', async () => {
    serveAccount();
    const review = await reviewAccess(OPTIONS, fakeDeps().deps);
    const data = review.findings.find((f) => f.subject.name === 'group/DataTeam/data (inline)');
    expect(data?.detail).toBe(
      'allows every s3 action on every resource; held by group DataTeam (2 member(s): bob, carol)',
    );
    const admin = review.findings.find((f) => f.kind === 'policy-grants-admin');
    expect(admin?.detail).toContain(
      'held by role BreakGlassRole (break-glass); role PlatformAdmin',
    );
    const kms = review.findings.find((f) => f.subject.name === 'user/svc-export/export (inline)');
    expect(kms?.recommendation).toContain('DUP 3.3');
  });

  test('inventories users, roles and credentials with age and last use', async () => {
    serveAccount();
    const { inventory } = await reviewAccess(OPTIONS, fakeDeps().deps);
    expect(inventory.users?.map((u) => u.userName)).toEqual(USERS.map((u) => u.name).sort());
    const svc = inventory.users?.find((u) => u.userName === 'svc-export');
    expect(svc).toMatchObject({
      consoleAccess: false,
      groups: [],
      accessKeys: [
        {
          slot: 1,
          active: true,
          created: { daysAgo: 200 },
          lastUsed: { daysAgo: 150 },
          lastUsedService: 's3',
        },
        { slot: 2, active: true, created: { daysAgo: 5 } },
      ],
      lastActivity: { daysAgo: 5 },
    });
    expect(inventory.roles?.find((r) => r.roleName === 'PlatformAdmin')).toMatchObject({
      lastUsed: { daysAgo: 3 },
      trustedPrincipals: ['Federated:arn:aws:iam::111111111111:saml-provider/Corp'],
      managedPolicies: ['AdministratorAccess'],
    });
    expect(inventory.secrets?.map((s) => s.name)).toEqual([
      `${PREFIX}legacy-key`,
      `${PREFIX}lwa-credentials`,
      `${PREFIX}selling-partners/A1EXAMPLE`,
      `${PREFIX}selling-partners/A2EXAMPLE`,
    ]);
    expect(inventory.root).toEqual(
      expect.objectContaining({ mfaActive: true, activeAccessKeys: 0 }),
    );
    expect(inventory.policiesAnalysed).toBe(4);
  });

  test('reports a root user with access keys and no MFA', async () => {
    const csv = reportCsv(USERS).replace(/^<root_account>.*$/m, (line) =>
      line.replace(',true,false,N/A', ',false,true,2020-01-01T00:00:00+00:00'),
    );
    serveCredentialReport(mocks, csv);
    serveAuthorizationDetails(mocks, AUTH_PAGES);
    serveSecrets(mocks, [SECRETS]);
    const review = await reviewAccess(OPTIONS, fakeDeps().deps);
    expect(labels(review).filter((l) => l.includes('root'))).toEqual([
      'high root-access-key root user',
      'high root-without-mfa root user',
    ]);
  });

  test('fails if the credential report is malformed: the review is incomplete, lists no user as if there were none, and changes nothing', async () => {
    serveCredentialReport(
      mocks,
      reportCsv(USERS).replace(/\ncarol,[^\n]*/, (l) => l.replace(/,[^,]*$/, '')),
    );
    serveAuthorizationDetails(mocks, AUTH_PAGES);
    serveSecrets(mocks, [SECRETS]);
    const review = await reviewAccess({ ...OPTIONS, mode: 'enforce' }, fakeDeps().deps);

    expect(review.status).toBe('incomplete');
    expect(review.failures).toEqual([
      {
        source: 'credential-report',
        reason: expect.stringContaining(
          'CredentialReportFormatError: the IAM credential report is not valid CSV',
        ),
      },
    ]);
    expect(review.inventory.users).toBeUndefined();
    expect(review.findings.some((f) => ['user', 'access-key'].includes(f.subject.type))).toBe(
      false,
    );
    expect(review.enforcement.refused).toContain('the review is incomplete');
    expect(mocks.iam.commandCalls(UpdateAccessKeyCommand)).toHaveLength(0);
    expect(mocks.iam.commandCalls(DeleteLoginProfileCommand)).toHaveLength(0);

    const markdown = reviewMarkdown(review);
    expect(markdown).toContain('**INCOMPLETE REVIEW.**');
    expect(markdown).toContain('| Status | INCOMPLETE: credential-report could not be read |');
    expect(markdown).not.toMatch(/\| Status \| COMPLETE/);
    expect(markdown).toContain('### IAM users (not read)');
  });

  test('follows every page of the authorization details and of the secrets', async () => {
    serveCredentialReport(mocks, reportCsv(USERS));
    const rolePages = AUTH_PAGES.flatMap((p) =>
      (p.RoleDetailList ?? []).map((r) => ({ RoleDetailList: [r] })),
    );
    const pages = [
      ...rolePages,
      { ...AUTH_PAGES[0], RoleDetailList: [] },
      { ...AUTH_PAGES[1], RoleDetailList: [] },
    ];
    serveAuthorizationDetails(mocks, pages);
    serveSecrets(
      mocks,
      SECRETS.map((s) => [s]),
    );

    const review = await reviewAccess(OPTIONS, fakeDeps().deps);
    expect(review.status).toBe('complete');
    expect(review.inventory.roles).toHaveLength(5);
    expect(review.inventory.secrets).toHaveLength(4);
    const markers = mocks.iam
      .commandCalls(GetAccountAuthorizationDetailsCommand)
      .map((c) => c.args[0].input.Marker);
    expect(markers).toEqual([
      undefined,
      'page-1',
      'page-2',
      'page-3',
      'page-4',
      'page-5',
      'page-6',
    ]);
    expect(
      mocks.iam.commandCalls(GetAccountAuthorizationDetailsCommand)[0].args[0].input,
    ).toMatchObject({
      MaxItems: 1000,
      Filter: ['User', 'Group', 'Role', 'LocalManagedPolicy', 'AWSManagedPolicy'],
    });
    expect(mocks.sm.commandCalls(ListSecretsCommand)).toHaveLength(5);
    expect(mocks.sm.commandCalls(ListSecretsCommand)[0].args[0].input).toMatchObject({
      Filters: [{ Key: 'name', Values: [PREFIX] }],
      MaxResults: 100,
    });
    expect(labels(review)).toEqual(labels(await reviewAccess(OPTIONS, fakeDeps().deps)));
  });

  test('fails if a listing returns the same marker twice, instead of looping', async () => {
    serveCredentialReport(mocks, reportCsv(USERS));
    mocks.iam
      .on(GetAccountAuthorizationDetailsCommand)
      .resolves({ IsTruncated: true, Marker: 'again', RoleDetailList: [] });
    serveSecrets(mocks, [SECRETS]);
    const review = await reviewAccess(OPTIONS, fakeDeps().deps);
    expect(review.failures).toEqual([
      {
        source: 'authorization-details',
        reason:
          'PaginationError: IAM GetAccountAuthorizationDetails returned the same page marker twice',
      },
    ]);
    expect(mocks.iam.commandCalls(GetAccountAuthorizationDetailsCommand)).toHaveLength(2);
  });

  test('retries throttling with bounded backoff, then succeeds', async () => {
    serveAccount();
    mocks.iam
      .on(GetAccountAuthorizationDetailsCommand)
      .rejectsOnce(throttling())
      .rejectsOnce(throttling())
      .callsFake(() => ({ ...AUTH_PAGES[0], ...AUTH_PAGES[1], IsTruncated: false }));
    const { deps, sleeps, logged } = fakeDeps();
    const review = await reviewAccess(OPTIONS, deps);

    expect(review.status).toBe('complete');
    expect(review.calls['IAM GetAccountAuthorizationDetails']).toBe(3);
    expect(sleeps).toEqual([125, 250]);
    expect(logged.filter((l) => l.level === 'warn').map((l) => l.extra)).toEqual([
      { operation: 'IAM GetAccountAuthorizationDetails', attempt: 1, delayMs: 125 },
      { operation: 'IAM GetAccountAuthorizationDetails', attempt: 2, delayMs: 250 },
    ]);
  });

  test('fails with the reason when throttling outlasts the retry budget', async () => {
    serveAccount();
    mocks.iam.on(GenerateCredentialReportCommand).rejects(throttling());
    const { deps, sleeps } = fakeDeps({
      retryLimits: { maxAttemptsPerCall: 10, retryBudget: 3, baseDelayMs: 100, maxDelayMs: 1000 },
    });
    const review = await reviewAccess(OPTIONS, deps);

    expect(review.status).toBe('incomplete');
    expect(review.failures[0]).toEqual({
      source: 'credential-report',
      reason:
        'RetryBudgetExhaustedError: IAM GenerateCredentialReport was still throttled or failing after the review spent its whole retry budget of 3 retries: Throttling: Rate exceeded',
    });
    expect(mocks.iam.commandCalls(GenerateCredentialReportCommand)).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
    expect(Math.max(...sleeps)).toBeLessThanOrEqual(1000);
  });

  test('fails with the reason when one call is throttled on every attempt', async () => {
    serveAccount();
    mocks.sm.on(ListSecretsCommand).rejects(throttling());
    const { deps } = fakeDeps({
      retryLimits: { maxAttemptsPerCall: 3, retryBudget: 50, baseDelayMs: 100, maxDelayMs: 1000 },
    });
    const review = await reviewAccess(OPTIONS, deps);
    expect(review.failures).toEqual([
      {
        source: 'secrets',
        reason:
          'RetriesExhaustedError: Secrets Manager ListSecrets failed: gave up after 3 attempts: Throttling: Rate exceeded',
      },
    ]);
    expect(mocks.sm.commandCalls(ListSecretsCommand)).toHaveLength(3);
  });

  test('does not retry an error that is not throttling', async () => {
    serveAccount();
    mocks.iam.on(GetCredentialReportCommand).rejects(
      Object.assign(new Error('not authorized to perform iam:GetCredentialReport'), {
        name: 'AccessDenied',
        $metadata: { httpStatusCode: 403 },
      }),
    );
    const review = await reviewAccess(OPTIONS, fakeDeps().deps);
    expect(review.failures).toEqual([
      {
        source: 'credential-report',
        reason: 'AccessDenied: not authorized to perform iam:GetCredentialReport',
      },
    ]);
    expect(mocks.iam.commandCalls(GetCredentialReportCommand)).toHaveLength(1);
  });

  test('reviews 5,000 users with the same IAM calls for the user listing as 5 users: two, never one per user', async () => {
    const run = async (count: number) => {
      mocks.iam.reset();
      const users = Array.from({ length: count }, (_, i) => ({
        name: `user-${String(i).padStart(5, '0')}`,
        keys: [{ createdDaysAgo: 30, usedDaysAgo: i % 200 }],
      }));
      serveCredentialReport(mocks, reportCsv(users));
      serveAuthorizationDetails(mocks, [{ RoleDetailList: [] }]);
      serveSecrets(mocks, [[]]);
      const review = await reviewAccess(OPTIONS, fakeDeps().deps);
      const iamCalls = mocks.iam.calls().map((c) => c.args[0].constructor.name);
      return { review, iamCalls };
    };
    const small = await run(5);
    const large = await run(5000);

    expect(large.review.inventory.users).toHaveLength(5000);
    expect(large.review.findings.filter((f) => f.kind === 'access-key-unused')).toHaveLength(
      Array.from({ length: 5000 }, (_, i) => i % 200).filter((d) => d > 90).length,
    );
    const listing = (calls: string[]) => calls.filter((c) => c.includes('CredentialReport'));
    expect(listing(large.iamCalls)).toEqual([
      'GenerateCredentialReportCommand',
      'GetCredentialReportCommand',
    ]);
    expect(listing(large.iamCalls)).toEqual(listing(small.iamCalls));
    expect(large.iamCalls).toEqual(small.iamCalls);
    expect(large.iamCalls).toHaveLength(3);
  });

  test('throws before any call if the options are unsafe', async () => {
    await expect(
      reviewAccess(
        {
          ...OPTIONS,
          secretPrefixes: [''],
          breakGlass: { roleNames: ['bad name'], userNames: [] },
        },
        fakeDeps().deps,
      ),
    ).rejects.toThrow(AccessReviewOptionsError);
    expect(mocks.sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(0);
  });

  test('leaves the SP-API credentials out, and says so, when no prefix is given', async () => {
    serveAccount();
    const review = await reviewAccess({ ...OPTIONS, secretPrefixes: [] }, fakeDeps().deps);
    expect(review.status).toBe('complete');
    expect(review.inventory.secrets).toBeUndefined();
    expect(review.notes[0]).toContain('AUP 3.5');
    expect(mocks.sm.commandCalls(ListSecretsCommand)).toHaveLength(0);
  });
});
