import {
  CreateSecretCommand,
  DeleteSecretCommand,
  PutResourcePolicyCommand,
  PutSecretValueCommand,
} from '@aws-sdk/client-secrets-manager';
import { CURRENT, PENDING, ROTATION_REQUESTED_AT_TAG } from '../../../lib/credentials';
import {
  EXIT_FAILED,
  EXIT_OK,
  EXIT_USAGE,
  runAddSellingPartner,
  runPutLwaCredentials,
  runRemoveSellingPartner,
} from '../../../lib/credentials/commands';
import { fakeClientSecret } from '../../fakes/amazon-server';
import {
  CommandWorld,
  ENDPOINT,
  KEY_ARN,
  READERS,
  commandWorld,
  piped,
  terminal,
} from './command-world';

const CLIENT_ID = 'amzn1.application-oa2-client.7f3c9d2e1b4a46c8a0b5e6d7c8f90123';
const SP = 'A2EUQ1WTGCTBG2';
// secretlint-disable-next-line -- a fake token of the real shape
const REFRESH_TOKEN = 'Atzr|IwEBIExampleRefreshToken-abcdefghijklmnopqrstuvwxyz0123456789';

describe('npm run put-lwa-credentials', () => {
  let world: CommandWorld;
  const secret = fakeClientSecret();
  beforeEach(() => {
    world = commandWorld();
  });
  afterEach(() => {
    expect(world.text()).not.toContain(secret);
    world.restore();
  });

  test('puts the credentials read from a pipe as the current version, and says so without the secret', async () => {
    const code = await runPutLwaCredentials(
      ['--env', 'test'],
      world.io(piped(`${CLIENT_ID}\n${secret}\n`)),
    );
    expect(code).toBe(EXIT_OK);
    expect(JSON.parse(world.secretsManager.valueAt(world.lwaSecretArn, CURRENT)!)).toEqual({
      clientId: CLIENT_ID,
      clientSecret: secret,
    });
    const out = world.printed.out.join('\n');
    expect(out).toContain(world.lwaSecretArn);
    expect(out).toContain(CLIENT_ID);
    expect(out).toContain(KEY_ARN);
    expect(out).toContain(ENDPOINT);
    expect(out).toMatch(/the secret is not shown/);
  });

  test('at a terminal, asks for each value on the error stream and echoes nothing typed', async () => {
    const tty = terminal(`${CLIENT_ID}\r${secret.slice(0, 10)}x\u007f${secret.slice(10)}\r`);
    const code = await runPutLwaCredentials(['--env', 'test'], world.io(tty));
    expect(code).toBe(EXIT_OK);
    expect(tty.rawModes).toEqual([true, false]);
    expect(world.printed.err.join('')).toBe('LWA client id: \nLWA client secret: \n');
    expect(
      JSON.parse(world.secretsManager.valueAt(world.lwaSecretArn, CURRENT)!).clientSecret,
    ).toBe(secret);
  });

  test('stops on Ctrl-C at the terminal and writes nothing', async () => {
    const code = await runPutLwaCredentials(
      ['--env', 'test'],
      world.io(terminal(`${CLIENT_ID}\r\u0003`)),
    );
    expect(code).toBe(EXIT_USAGE);
    expect(world.secretsManager.calls(PutSecretValueCommand)).toHaveLength(0);
    expect(world.printed.err.join('')).toMatch(/Nothing was written: cancelled/);
  });

  test('refuses a value that is not an LWA client secret, without quoting it', async () => {
    const wrong = 'my-secret-typed-in-the-wrong-field';
    const code = await runPutLwaCredentials(
      ['--env', 'test'],
      world.io(piped(`${CLIENT_ID}\n${wrong}\n`)),
    );
    expect(code).toBe(EXIT_USAGE);
    expect(world.secretsManager.calls(PutSecretValueCommand)).toHaveLength(0);
    expect(world.text()).toMatch(/the client secret \(34 characters\) is not an LWA client secret/);
    expect(world.text()).not.toContain(wrong);
  });

  test('takes no value from the command line: a secret given as an option is refused, not echoed', async () => {
    const code = await runPutLwaCredentials(
      ['--env', 'test', '--client-secret', secret],
      world.io(piped('')),
    );
    expect(code).toBe(EXIT_USAGE);
    expect(world.secretsManager.calls(PutSecretValueCommand)).toHaveLength(0);
  });

  test('refuses input with fewer lines than values', async () => {
    expect(await runPutLwaCredentials(['--env', 'test'], world.io(piped(`${CLIENT_ID}\n`)))).toBe(
      EXIT_USAGE,
    );
    expect(world.printed.err.join('')).toMatch(/1 non-empty line; 2 expected/);
  });

  test('resets a stuck rotation: the superseded pending version and the request record go', async () => {
    const lwa = world.secretsManager.secrets.get(world.lwaSecretArn)!;
    lwa.versions.set('stuck', { value: '{}', stages: new Set([PENDING]), created: new Date() });
    lwa.tags.set(ROTATION_REQUESTED_AT_TAG, new Date().toISOString());
    await runPutLwaCredentials(['--env', 'test'], world.io(piped(`${CLIENT_ID}\n${secret}\n`)));
    expect(world.secretsManager.versionIdAt(world.lwaSecretArn, PENDING)).toBeUndefined();
    expect(lwa.tags.has(ROTATION_REQUESTED_AT_TAG)).toBe(false);
    expect(world.printed.out.join('\n')).toMatch(/pending version stuck is superseded/);
  });

  test('refuses a stack of another account than the config names (a wrong profile)', async () => {
    world.restore();
    world = commandWorld({ stackAccount: '999999999999' });
    const code = await runPutLwaCredentials(
      ['--env', 'test'],
      world.io(piped(`${CLIENT_ID}\n${secret}\n`)),
    );
    expect(code).toBe(EXIT_FAILED);
    expect(world.printed.err.join('')).toMatch(/in account 999999999999, but the config names/);
    expect(world.secretsManager.calls(PutSecretValueCommand)).toHaveLength(0);
  });

  test('refuses an environment the project does not have', async () => {
    expect(await runPutLwaCredentials(['--env', 'staging'], world.io(piped('')))).toBe(EXIT_USAGE);
  });
});

describe('npm run add-selling-partner', () => {
  let world: CommandWorld;
  afterEach(() => {
    expect(world.text()).not.toContain(REFRESH_TOKEN);
    world.restore();
  });
  const add = (args: string[] = [], input = `${REFRESH_TOKEN}\n`) =>
    runAddSellingPartner(
      ['--env', 'test', '--selling-partner-id', SP, ...args],
      world.io(piped(input)),
    );
  const name = `spapi-dpp/test/selling-partners/${SP}`;

  test('creates the secret empty with the key and tags, sets its policy, then puts the token', async () => {
    world = commandWorld();
    expect(await add()).toBe(EXIT_OK);
    const [created] = world.secretsManager.calls(CreateSecretCommand) as Record<string, unknown>[];
    expect(created).toMatchObject({
      Name: name,
      KmsKeyId: KEY_ARN,
      Tags: expect.arrayContaining([
        { Key: 'SellingPartnerId', Value: SP },
        { Key: 'DataClassification', Value: 'confidential' },
        { Key: 'Project', Value: 'spapi-dpp' },
        { Key: 'Environment', Value: 'test' },
      ]),
    });
    expect(created.SecretString).toBeUndefined();
    const order = world.secretsManager.mock
      .calls()
      .map((c) => (c.args[0] as object).constructor.name)
      .filter((n) => /Create|Policy|PutSecretValue/.test(n));
    expect(order).toEqual([
      'CreateSecretCommand',
      'PutResourcePolicyCommand',
      'PutSecretValueCommand',
    ]);
    expect(JSON.parse(world.secretsManager.valueAt(name, CURRENT)!)).toEqual({
      refreshToken: REFRESH_TOKEN,
    });
    const [policy] = world.secretsManager.calls(PutResourcePolicyCommand) as {
      ResourcePolicy: string;
      BlockPublicPolicy: boolean;
    }[];
    expect(policy.BlockPublicPolicy).toBe(true);
    const statements = JSON.parse(policy.ResourcePolicy).Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Condition: { ArnNotEquals: { 'aws:PrincipalArn': READERS } },
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Condition: { StringNotEquals: { 'aws:SourceVpce': ENDPOINT } },
      }),
    );
    expect(world.printed.out.join('\n')).toMatch(/Added selling partner A2EUQ1WTGCTBG2/);
    expect(world.printed.out.join('\n')).toContain(READERS.join(', '));
  });

  test('stores a new token for a partner already added, and applies the current readers', async () => {
    world = commandWorld();
    await add();
    world.secretsManager.mock.resetHistory();
    const next = REFRESH_TOKEN.replace('abcdef', 'zyxwvu');
    expect(await add([], `${next}\n`)).toBe(EXIT_OK);
    expect(world.secretsManager.calls(CreateSecretCommand)).toHaveLength(0);
    expect(world.secretsManager.calls(PutResourcePolicyCommand)).toHaveLength(1);
    expect(JSON.parse(world.secretsManager.valueAt(name, CURRENT)!).refreshToken).toBe(next);
    expect(world.printed.out.join('\n')).toMatch(/Updated selling partner/);
    expect(world.text()).not.toContain(next);
  });

  test('with no reader granted yet, the policy refuses every read, and the output says so', async () => {
    world = commandWorld({ readers: [] });
    expect(await add()).toBe(EXIT_OK);
    const [policy] = world.secretsManager.calls(PutResourcePolicyCommand) as {
      ResourcePolicy: string;
    }[];
    const statements = JSON.parse(policy.ResourcePolicy).Statement;
    expect(statements.filter((s: { Effect: string }) => s.Effect === 'Allow')).toEqual([]);
    expect(statements[0]).toEqual(
      expect.objectContaining({ Sid: 'DenyReadsByOtherPrincipals', Effect: 'Deny' }),
    );
    expect(statements[0].Condition).toBeUndefined();
    expect(world.printed.out.join('\n')).toMatch(/by nobody yet/);
  });

  test('refuses a partner whose secret is scheduled for deletion, and writes nothing', async () => {
    world = commandWorld();
    await add();
    await runRemoveSellingPartner(
      ['--env', 'test', '--selling-partner-id', SP, '--confirm', SP],
      world.io(piped('')),
    );
    world.secretsManager.mock.resetHistory();
    expect(await add()).toBe(EXIT_FAILED);
    expect(world.secretsManager.calls(PutSecretValueCommand)).toHaveLength(0);
    expect(world.printed.err.join('')).toMatch(/scheduled for deletion.*restore-secret/);
  });

  test('refuses a secret under another key than the credentials key', async () => {
    world = commandWorld();
    world.secretsManager.addSecret({ name, value: '{}', kmsKeyId: 'alias/aws/secretsmanager' });
    expect(await add()).toBe(EXIT_FAILED);
    expect(world.secretsManager.calls(PutSecretValueCommand)).toHaveLength(0);
  });

  test.each([['../A1'], ['A1 B2'], ['']])(
    'refuses the selling partner id %j before any call',
    async (id) => {
      world = commandWorld();
      const code = await runAddSellingPartner(
        ['--env', 'test', '--selling-partner-id', id],
        world.io(piped(`${REFRESH_TOKEN}\n`)),
      );
      expect(code).toBe(EXIT_USAGE);
      expect(world.secretsManager.mock.calls()).toHaveLength(0);
    },
  );

  test('refuses a value that is not a refresh token, without quoting it', async () => {
    world = commandWorld();
    // secretlint-disable-next-line -- a fake token of the real shape
    const wrong = 'Atza|an-access-token-pasted-by-mistake-0000000';
    expect(await add([], `${wrong}\n`)).toBe(EXIT_USAGE);
    expect(world.secretsManager.calls(CreateSecretCommand)).toHaveLength(0);
    expect(world.text()).not.toContain(wrong);
  });
});

describe('npm run remove-selling-partner', () => {
  let world: CommandWorld;
  beforeEach(async () => {
    world = commandWorld();
    await runAddSellingPartner(
      ['--env', 'test', '--selling-partner-id', SP],
      world.io(piped(`${REFRESH_TOKEN}\n`)),
    );
    world.printed.out.length = 0;
  });
  afterEach(() => world.restore());
  const remove = (...args: string[]) =>
    runRemoveSellingPartner(
      ['--env', 'test', '--selling-partner-id', SP, ...args],
      world.io(piped('')),
    );

  test('is a dry run without --confirm', async () => {
    expect(await remove()).toBe(EXIT_OK);
    expect(world.secretsManager.calls(DeleteSecretCommand)).toHaveLength(0);
    expect(world.printed.out.join('\n')).toMatch(
      /Dry run: .* would be scheduled for deletion in 7 days/,
    );
  });

  test('schedules deletion with a 7-day recovery window by default, and says when', async () => {
    expect(await remove('--confirm', SP)).toBe(EXIT_OK);
    expect(world.secretsManager.calls(DeleteSecretCommand)).toEqual([
      expect.objectContaining({ RecoveryWindowInDays: 7 }),
    ]);
    expect(world.printed.out.join('\n')).toMatch(/Scheduled .* for deletion on \d{4}-/);
    expect(world.printed.out.join('\n')).toMatch(/revokes the authorization/);
  });

  test('takes a recovery window of 7 to 30 days only', async () => {
    expect(await remove('--confirm', SP, '--recovery-days', '30')).toBe(EXIT_OK);
    for (const days of ['6', '31', 'x']) {
      expect(await remove('--confirm', SP, '--recovery-days', days)).toBe(EXIT_USAGE);
    }
  });

  test('refuses a --confirm that names another partner', async () => {
    expect(await remove('--confirm', 'A1OTHER')).toBe(EXIT_USAGE);
    expect(world.secretsManager.calls(DeleteSecretCommand)).toHaveLength(0);
  });

  test('reports a partner already scheduled, or never added, and succeeds', async () => {
    await remove('--confirm', SP);
    world.printed.out.length = 0;
    expect(await remove('--confirm', SP)).toBe(EXIT_OK);
    expect(world.printed.out.join('\n')).toMatch(/already scheduled for deletion/);
    const code = await runRemoveSellingPartner(
      ['--env', 'test', '--selling-partner-id', 'A1NEVER', '--confirm', 'A1NEVER'],
      world.io(piped('')),
    );
    expect(code).toBe(EXIT_OK);
    expect(world.printed.out.join('\n')).toMatch(/nothing to remove/);
  });
});
