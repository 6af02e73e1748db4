import {
  DeleteLoginProfileCommand,
  GetAccessKeyLastUsedCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  NoSuchEntityException,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import {
  AccessReview,
  reviewAccess,
  reviewMarkdown,
  reviewSummary,
} from '../../../lib/access-review';
import { AUTH_PAGES, LIVE, OPTIONS, SECRETS, USERS } from './account';
import {
  ACCOUNT,
  Mocks,
  daysAgo,
  fakeDeps,
  mockAws,
  reportCsv,
  restore,
  serveAuthorizationDetails,
  serveCredentialReport,
  serveLiveIam,
  serveSecrets,
} from './fakes';

/** The caller runs the review as an IAM user whose key the (hours old) report shows unused. */
const CALLER = { name: 'frank', keys: [{ createdDaysAgo: 300, usedDaysAgo: 100 }] };

const inputsOf = (
  mocks: Mocks,
  command: typeof UpdateAccessKeyCommand | typeof DeleteLoginProfileCommand,
) => mocks.iam.commandCalls(command as typeof UpdateAccessKeyCommand).map((c) => c.args[0].input);

describe('enforcement (DPP 1.2 account lockout)', () => {
  let mocks: Mocks;
  beforeEach(() => {
    mocks = mockAws(`arn:aws:iam::${ACCOUNT}:user/ops/frank`);
    serveCredentialReport(mocks, reportCsv([...USERS, CALLER]));
    serveAuthorizationDetails(mocks, AUTH_PAGES);
    serveSecrets(mocks, [SECRETS]);
  });
  afterEach(() => restore(mocks));

  const run = (mode: 'enforce' | 'dry-run' = 'enforce') => {
    const fake = fakeDeps();
    return reviewAccess({ ...OPTIONS, mode }, fake.deps).then((review) => ({
      review,
      logged: fake.logged,
    }));
  };

  test("deactivates only the stale key and removes only the inactive user's console access", async () => {
    serveLiveIam(mocks, LIVE);
    const { review, logged } = await run();

    expect(inputsOf(mocks, UpdateAccessKeyCommand)).toEqual([
      { UserName: 'svc-export', AccessKeyId: 'AKIAEXAMPLEEXPORT001', Status: 'Inactive' },
    ]);
    expect(inputsOf(mocks, DeleteLoginProfileCommand)).toEqual([{ UserName: 'carol' }]);
    expect(
      review.enforcement.actions.map((a) =>
        `${a.outcome} ${a.kind} ${a.userName} ${a.accessKeyIdEnd ?? ''}`.trim(),
      ),
    ).toEqual(['done delete-login-profile carol', 'done deactivate-access-key svc-export T001']);
    // Only the two stale users were looked at again; nobody else was touched or read.
    expect(
      mocks.iam.commandCalls(ListAccessKeysCommand).map((c) => c.args[0].input.UserName),
    ).toEqual(['carol', 'svc-export']);
    expect(mocks.iam.commandCalls(GetUserCommand).map((c) => c.args[0].input.UserName)).toEqual([
      'carol',
    ]);
    // Every action is logged, with the key's last four characters only.
    const actions = logged.filter((l) => l.message.startsWith('account lockout'));
    expect(actions.map((l) => l.extra)).toEqual([
      expect.objectContaining({ user: 'carol', action: 'delete-login-profile', outcome: 'done' }),
      expect.objectContaining({
        user: 'svc-export',
        action: 'deactivate-access-key',
        outcome: 'done',
        keyIdEnd: 'T001',
      }),
    ]);
    expect(JSON.stringify(logged)).not.toContain('AKIAEXAMPLEEXPORT001');
    expect(JSON.stringify(review)).not.toContain('AKIAEXAMPLEEXPORT001');
  });

  test('never acts on the break-glass user or the caller, stale as they are, and says so', async () => {
    serveLiveIam(mocks, LIVE);
    const { review } = await run();
    const touched = [
      ...mocks.iam.commandCalls(ListAccessKeysCommand),
      ...mocks.iam.commandCalls(GetUserCommand),
      ...mocks.iam.commandCalls(UpdateAccessKeyCommand),
      ...mocks.iam.commandCalls(DeleteLoginProfileCommand),
    ].map((c) => (c.args[0].input as { UserName?: string }).UserName);
    expect(touched).not.toContain('breakglass-user');
    expect(touched).not.toContain('frank');
    expect(review.enforcement.protected).toEqual([
      { userName: 'breakglass-user', as: 'break-glass' },
      { userName: 'frank', as: 'caller' },
    ]);
    expect(review.findings.find((f) => f.subject.name === 'frank')?.protectedAs).toBe('caller');
    expect(reviewMarkdown(review)).toContain(
      'Left alone although stale: breakglass-user (break-glass), frank (caller).',
    );
  });

  test('never changes a role, a policy or a key in use: only the two lockout calls write', async () => {
    serveLiveIam(mocks, LIVE);
    await run();
    const written = mocks.iam
      .calls()
      .map((c) => c.args[0].constructor.name)
      .filter((name) => !/^(Get|List|Generate)/.test(name));
    expect([...new Set(written)].sort()).toEqual([
      'DeleteLoginProfileCommand',
      'UpdateAccessKeyCommand',
    ]);
    expect(inputsOf(mocks, UpdateAccessKeyCommand).map((i) => i.UserName)).not.toContain(
      'svc-legacy',
    );
  });

  test('looks again before acting and leaves alone what was used since the credential report', async () => {
    serveLiveIam(mocks, {
      'svc-export': { keys: [{ id: 'AKIAEXAMPLEEXPORT001', createdDaysAgo: 200, usedDaysAgo: 0 }] },
      carol: { keys: [], passwordUsedDaysAgo: 0 },
    });
    const { review } = await run();
    expect(inputsOf(mocks, UpdateAccessKeyCommand)).toEqual([]);
    expect(inputsOf(mocks, DeleteLoginProfileCommand)).toEqual([]);
    expect(
      review.enforcement.actions.map((a) => `${a.outcome} ${a.userName}: ${a.reason}`),
    ).toEqual([
      `skipped carol: active since the credential report (last sign of activity ${new Date(daysAgo(0)).toISOString()})`,
      expect.stringMatching(/^skipped svc-export: used since the credential report/),
    ]);
  });

  test('leaves alone a key that is not the one the report found stale (rotated since)', async () => {
    serveLiveIam(mocks, {
      ...LIVE,
      'svc-export': {
        keys: [
          { id: 'AKIAEXAMPLEEXPORT003', createdDaysAgo: 95 },
          { id: 'AKIAEXAMPLEEXPORT002', createdDaysAgo: 5 },
        ],
      },
    });
    const { review } = await run();
    expect(inputsOf(mocks, UpdateAccessKeyCommand)).toEqual([]);
    expect(review.enforcement.actions.find((a) => a.userName === 'svc-export')).toMatchObject({
      outcome: 'skipped',
      keySlot: 1,
      reason: expect.stringContaining('no active key created at'),
    });
  });

  test('records a failed action and goes on with the others', async () => {
    serveLiveIam(mocks, LIVE);
    mocks.iam.on(UpdateAccessKeyCommand).rejects(
      Object.assign(new Error('explicit deny in a permissions boundary'), {
        name: 'AccessDenied',
        $metadata: { httpStatusCode: 403 },
      }),
    );
    const { review, logged } = await run();
    expect(review.enforcement.actions.map((a) => `${a.outcome} ${a.kind} ${a.userName}`)).toEqual([
      'done delete-login-profile carol',
      'failed deactivate-access-key svc-export',
    ]);
    expect(review.enforcement.actions[1].reason).toBe(
      'AccessDenied: explicit deny in a permissions boundary',
    );
    expect(
      logged.some((l) => l.level === 'warn' && l.message === 'account lockout action failed'),
    ).toBe(true);
    expect(reviewSummary(review)).toContain('Enforcement: 1 done, 0 skipped, 1 failed');
  });

  test('counts a login profile already gone as nothing to do', async () => {
    serveLiveIam(mocks, LIVE);
    mocks.iam
      .on(DeleteLoginProfileCommand)
      .rejects(new NoSuchEntityException({ message: 'no login profile', $metadata: {} }));
    const { review } = await run();
    expect(review.enforcement.actions[0]).toMatchObject({
      kind: 'delete-login-profile',
      outcome: 'skipped',
      reason: 'the user or its login profile no longer exists',
    });
  });

  test('a dry run changes nothing, makes no extra call, and lists what enforce would do', async () => {
    serveLiveIam(mocks, LIVE);
    const { review } = await run('dry-run');
    const { review: again } = await run('dry-run');
    for (const command of [
      ListAccessKeysCommand,
      GetAccessKeyLastUsedCommand,
      GetUserCommand,
      UpdateAccessKeyCommand,
      DeleteLoginProfileCommand,
    ]) {
      expect(mocks.iam.commandCalls(command as typeof ListAccessKeysCommand)).toHaveLength(0);
    }
    const planned: AccessReview['enforcement']['actions'] = [
      {
        kind: 'delete-login-profile',
        userName: 'carol',
        outcome: 'planned',
        reason: 'dry run: user inactive for more than 90 days',
      },
      {
        kind: 'deactivate-access-key',
        userName: 'svc-export',
        keySlot: 1,
        outcome: 'planned',
        reason: 'dry run: access key 1 unused for more than 90 days',
      },
    ];
    expect(review.enforcement).toEqual({
      mode: 'dry-run',
      actions: planned,
      protected: [
        { userName: 'breakglass-user', as: 'break-glass' },
        { userName: 'frank', as: 'caller' },
      ],
    });
    expect(again.enforcement).toEqual(review.enforcement);
    expect(reviewSummary(review)).toContain(
      'Enforcement: dry run, nothing changed; 2 action(s) would be taken with --enforce',
    );
  });
});
