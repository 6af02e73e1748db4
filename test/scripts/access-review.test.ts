import { GenerateCredentialReportCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ClientOptions } from '../../lib/access-review';
import {
  CommandIo,
  EXIT_INCOMPLETE,
  EXIT_OK,
  EXIT_USAGE,
  UsageError,
  parseCommand,
  runCommand,
} from '../../scripts/access-review';
import { AUTH_PAGES, LIVE, SECRETS, USERS } from '../lib/access-review/account';
import {
  ACCOUNT,
  Mocks,
  fakeDeps,
  mockAws,
  reportCsv,
  restore,
  serveAuthorizationDetails,
  serveCredentialReport,
  serveLiveIam,
  serveSecrets,
} from '../lib/access-review/fakes';
import { runNpmScript } from '../helpers';

const osUser = () => 'os-user';

const ENVIRONMENTS = [
  { name: 'test', account: ACCOUNT, region: 'eu-west-1' },
  { name: 'prod', account: '222222222222', region: 'eu-central-1' },
];

/** The command's world in memory: printed text, written files, the clients asked for. */
function fakeIo(writeReport?: CommandIo['writeReport']) {
  const printed = { out: [] as string[], err: [] as string[] };
  const files = new Map<string, string>();
  const clientsAskedFor: ClientOptions[] = [];
  const { deps, logged } = fakeDeps();
  const io: CommandIo = {
    createClients: (options) => {
      clientsAskedFor.push(options);
      return { iam: deps.iam, sts: deps.sts, secretsManager: deps.secretsManager };
    },
    loadEnvironments: () => ({ projectName: 'spapi-dpp', environments: ENVIRONMENTS }),
    writeReport:
      writeReport ??
      ((dir, fileName, text) => {
        files.set(`${dir}/${fileName}`, text);
        return `${dir}/${fileName}`;
      }),
    out: (text) => printed.out.push(text),
    err: (text) => printed.err.push(text),
    defaultOperator: osUser,
    deps: { now: deps.now, sleep: deps.sleep, log: deps.log, random: deps.random },
  };
  return { io, printed, files, clientsAskedFor, logged };
}

describe('access-review command', () => {
  describe('arguments', () => {
    test('is a dry run into access-reviews/ unless told otherwise', () => {
      expect(parseCommand(['--profile', 'audit'], osUser)).toEqual({
        kind: 'run',
        profile: 'audit',
        outDir: 'access-reviews',
        enforce: false,
        configFile: 'config/baseline.json',
        breakGlassRoles: [],
        breakGlassUsers: [],
        secretPrefixes: [],
        operator: 'os-user',
      });
    });

    test('reads --enforce, --out and the repeatable break-glass names', () => {
      expect(
        parseCommand(
          [
            '--profile',
            'p',
            '--enforce',
            '--out',
            '/evidence',
            '--break-glass-role',
            'BG1',
            '--break-glass-role',
            'BG2',
            '--break-glass-user',
            'bg',
            '--env',
            'prod',
          ],
          osUser,
        ),
      ).toMatchObject({
        enforce: true,
        outDir: '/evidence',
        breakGlassRoles: ['BG1', 'BG2'],
        breakGlassUsers: ['bg'],
        environment: 'prod',
      });
    });

    test('fails if an option is unknown or given twice', () => {
      expect(() => parseCommand(['--profile', 'a', '--profile', 'b'], osUser)).toThrow(
        new UsageError('--profile is given more than once'),
      );
      expect(() => parseCommand(['--enforced'], osUser)).toThrow(UsageError);
    });
  });

  describe('running', () => {
    let mocks: Mocks;
    beforeEach(() => {
      mocks = mockAws();
      serveCredentialReport(mocks, reportCsv(USERS));
      serveAuthorizationDetails(mocks, AUTH_PAGES);
      serveSecrets(mocks, [
        [...SECRETS.map((s) => ({ ...s, Name: s.Name?.replace('/prod/', '/test/') }))],
      ]);
    });
    afterEach(() => restore(mocks));

    test("reviews the environment of the profile's account, prints the summary, writes Markdown and JSON and exits 0", async () => {
      const { io, printed, files, clientsAskedFor } = fakeIo();
      const code = await runCommand(['--profile', 'audit', '--out', 'evidence'], io);

      expect(code).toBe(EXIT_OK);
      expect(clientsAskedFor).toEqual([{ profile: 'audit', region: 'eu-west-1' }]);
      expect(mocks.sm.commandCalls(ListSecretsCommand)[0].args[0].input.Filters).toEqual([
        { Key: 'name', Values: ['spapi-dpp/test/'] },
      ]);
      expect(printed.out[0]).toContain(
        `Access review of account ${ACCOUNT} (test), 2024-05-01T10:00:00.000Z, dry run: COMPLETE`,
      );
      const base = `evidence/access-review_${ACCOUNT}_test_2024-05-01T10-00-00Z_dry-run`;
      expect([...files.keys()]).toEqual([`${base}.md`, `${base}.json`]);
      expect(JSON.parse(files.get(`${base}.json`) ?? '{}')).toMatchObject({
        accountId: ACCOUNT,
        environment: 'test',
        operator: 'os-user',
      });
      expect(mocks.iam.commandCalls(UpdateAccessKeyCommand)).toHaveLength(0);
    });

    test('enforces with --enforce, never on the break-glass user named', async () => {
      serveLiveIam(mocks, LIVE);
      const { io, printed } = fakeIo();
      expect(
        await runCommand(
          ['--profile', 'audit', '--enforce', '--break-glass-user', 'breakglass-user'],
          io,
        ),
      ).toBe(EXIT_OK);
      expect(
        mocks.iam.commandCalls(UpdateAccessKeyCommand).map((c) => c.args[0].input.UserName),
      ).toEqual(['svc-export']);
      expect(printed.out[0]).toContain('Enforcement: 2 done, 0 skipped, 0 failed');
    });

    test('without --break-glass-user, an idle break-glass user is locked out like any other', async () => {
      serveLiveIam(mocks, {
        ...LIVE,
        'breakglass-user': {
          keys: [{ id: 'AKIAEXAMPLEBREAKGL01', createdDaysAgo: 300 }],
          passwordUsedDaysAgo: 300,
        },
      });
      const { io } = fakeIo();
      await runCommand(['--profile', 'audit', '--enforce'], io);
      expect(
        mocks.iam.commandCalls(UpdateAccessKeyCommand).map((c) => c.args[0].input.UserName),
      ).toEqual(['breakglass-user', 'svc-export']);
    });

    test("fails if the profile's account is not an environment of the config: exits 2 before reading IAM", async () => {
      mocks.sts
        .on(GetCallerIdentityCommand)
        .resolves({ Account: '999999999999', Arn: 'arn:aws:iam::999999999999:user/x' });
      const { io, printed } = fakeIo();
      expect(await runCommand(['--profile', 'other'], io)).toBe(EXIT_USAGE);
      expect(printed.err[0]).toContain(
        'account 999999999999 is not an environment of the config (test (111111111111), prod (222222222222))',
      );
      expect(mocks.iam.commandCalls(GenerateCredentialReportCommand)).toHaveLength(0);
    });

    test('reviews an account outside the config when given --secret-prefix', async () => {
      mocks.sts
        .on(GetCallerIdentityCommand)
        .resolves({ Account: '999999999999', Arn: 'arn:aws:iam::999999999999:user/x' });
      const { io, clientsAskedFor } = fakeIo();
      expect(
        await runCommand(
          ['--profile', 'other', '--secret-prefix', 'spapi-dpp/test/', '--region', 'us-east-1'],
          io,
        ),
      ).toBe(EXIT_OK);
      expect(clientsAskedFor).toEqual([{ profile: 'other', region: 'us-east-1' }]);
    });

    test("fails if --env names another account than the profile's: exits 2 and reviews nothing", async () => {
      const { io, printed } = fakeIo();
      expect(await runCommand(['--profile', 'audit', '--env', 'prod'], io)).toBe(EXIT_USAGE);
      expect(printed.err[0]).toContain(
        '--env prod is account 222222222222, but the credentials are for account 111111111111; nothing was reviewed',
      );
      expect(mocks.iam.commandCalls(GenerateCredentialReportCommand)).toHaveLength(0);
    });

    test('exits 1 on an incomplete review, and still writes the report that says so', async () => {
      mocks.sm
        .on(ListSecretsCommand)
        .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
      const { io, files } = fakeIo();
      expect(await runCommand(['--profile', 'audit'], io)).toBe(EXIT_INCOMPLETE);
      const markdown = [...files.entries()].find(([name]) => name.endsWith('.md'))?.[1];
      expect(markdown).toContain('**INCOMPLETE REVIEW.**');
    });

    test('prints the record and exits 1 when the report cannot be written', async () => {
      const { io, printed } = fakeIo(() => {
        throw new Error('EEXIST: file already exists');
      });
      expect(await runCommand(['--profile', 'audit'], io)).toBe(EXIT_INCOMPLETE);
      expect(printed.err[0]).toContain(
        'Could not write the report files (Error: EEXIST: file already exists)',
      );
      expect(JSON.parse(printed.out[printed.out.length - 1])).toMatchObject({ accountId: ACCOUNT });
    });
  });

  test('fails if an option is unknown: the real command exits 2 with the usage text, before any AWS call', () => {
    const run = runNpmScript('access-review', ['--enforced'], {
      env: { ...process.env, AWS_PROFILE: 'none', AWS_EC2_METADATA_DISABLED: 'true' },
    });
    expect(run.status).toBe(EXIT_USAGE);
    expect(run.stderr).toContain("Usage error: Unknown option '--enforced'");
    expect(run.stderr).toContain('npm run access-review --');
    expect(run.stdout).toBe('');
  });
});
