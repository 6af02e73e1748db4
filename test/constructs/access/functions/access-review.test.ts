import * as fs from 'fs';
import { DeleteLoginProfileCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import {
  ACCESS_REVIEW_ENV,
  ACCESS_REVIEW_HANDLER,
  ACCESS_REVIEW_PERMISSIONS,
  SettingsError,
  createHandler,
  readSettings,
} from '../../../../constructs/access/functions/access-review';
import { AUTH_PAGES, LIVE, SECRETS, USERS } from '../../../lib/access-review/account';
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
} from '../../../lib/access-review/fakes';

const TOPIC = `arn:aws:sns:eu-west-1:${ACCOUNT}:spapi-dpp-prod-security`;
const ENV = {
  [ACCESS_REVIEW_ENV.topicArn]: TOPIC,
  [ACCESS_REVIEW_ENV.secretPrefixes]: 'spapi-dpp/prod/',
  [ACCESS_REVIEW_ENV.breakGlassRoles]: 'BreakGlassRole',
  [ACCESS_REVIEW_ENV.breakGlassUsers]: ' breakglass-user , ',
  [ACCESS_REVIEW_ENV.environment]: 'prod',
};
const CONTEXT = { functionName: 'spapi-dpp-prod-access-review' };

describe('readSettings', () => {
  test('is a dry run unless the mode is enforce, and reads the lists', () => {
    expect(readSettings(ENV)).toEqual({
      topicArn: TOPIC,
      mode: 'dry-run',
      secretPrefixes: ['spapi-dpp/prod/'],
      breakGlassRoles: ['BreakGlassRole'],
      breakGlassUsers: ['breakglass-user'],
      environment: 'prod',
    });
    expect(readSettings({ ...ENV, [ACCESS_REVIEW_ENV.mode]: 'enforce' }).mode).toBe('enforce');
  });

  test.each([
    [
      { [ACCESS_REVIEW_ENV.mode]: 'Enforce' },
      "ACCESS_REVIEW_MODE must be 'dry-run' or 'enforce', received 'Enforce'",
    ],
    [
      { [ACCESS_REVIEW_ENV.topicArn]: undefined },
      "ACCESS_REVIEW_TOPIC_ARN must be an SNS topic ARN, received ''",
    ],
    [
      { [ACCESS_REVIEW_ENV.secretPrefixes]: 'spapi-dpp/prod' },
      "ACCESS_REVIEW_SECRET_PREFIXES: the secret prefix 'spapi-dpp/prod' must look like",
    ],
  ])('fails if the environment is wrong, naming the variable: %j', (override, message) => {
    expect(() => readSettings({ ...ENV, ...override })).toThrow(SettingsError);
    expect(() => readSettings({ ...ENV, ...override })).toThrow(message);
  });
});

describe('scheduled access review', () => {
  let mocks: Mocks;
  let sns: AwsClientStub<SNSClient>;
  beforeEach(() => {
    mocks = mockAws(
      `arn:aws:sts::${ACCOUNT}:assumed-role/spapi-dpp-prod-access-review-role/spapi-dpp-prod-access-review`,
    );
    sns = mockClient(SNSClient);
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    serveCredentialReport(mocks, reportCsv(USERS));
    serveAuthorizationDetails(mocks, AUTH_PAGES);
    serveSecrets(mocks, [SECRETS]);
    serveLiveIam(mocks, LIVE);
  });
  afterEach(() => {
    restore(mocks);
    sns.restore();
  });

  const handlerWith = (env: Record<string, string | undefined>) => {
    const { deps, logged } = fakeDeps();
    const handler = createHandler({
      env,
      clients: () => ({ iam: deps.iam, sts: deps.sts, secretsManager: deps.secretsManager }),
      sns: () =>
        new SNSClient({
          region: 'eu-west-1',
          credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
        }),
      review: { now: deps.now, sleep: deps.sleep, random: deps.random, log: deps.log },
    });
    return { handler, logged };
  };

  test('reviews, publishes the summary to the security topic and changes nothing by default', async () => {
    const { handler } = handlerWith(ENV);
    const result = await handler({}, CONTEXT);

    expect(result).toEqual({
      accountId: ACCOUNT,
      status: 'complete',
      mode: 'dry-run',
      findings: 15,
      actions: { planned: 2 },
    });
    const published = sns.commandCalls(PublishCommand).map((c) => c.args[0].input);
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({
      TopicArn: TOPIC,
      Subject: `Access review ${ACCOUNT} prod: 15 findings, 4 high`,
    });
    expect(published[0].Message).toContain(
      'Enforcement: dry run, nothing changed; 2 action(s) would be taken',
    );
    expect(published[0].Message).toContain('Console user without MFA: user bob');
    expect(mocks.iam.commandCalls(UpdateAccessKeyCommand)).toHaveLength(0);
    expect(mocks.iam.commandCalls(DeleteLoginProfileCommand)).toHaveLength(0);
  });

  test('locks out stale access only when its environment says enforce, never the break-glass user', async () => {
    const { handler, logged } = handlerWith({ ...ENV, [ACCESS_REVIEW_ENV.mode]: 'enforce' });
    const result = await handler({}, CONTEXT);

    expect(result.actions).toEqual({ done: 2 });
    expect(
      mocks.iam.commandCalls(UpdateAccessKeyCommand).map((c) => c.args[0].input.UserName),
    ).toEqual(['svc-export']);
    expect(
      mocks.iam.commandCalls(DeleteLoginProfileCommand).map((c) => c.args[0].input.UserName),
    ).toEqual(['carol']);
    expect(
      logged.filter((l) => l.message.startsWith('account lockout')).map((l) => l.extra.user),
    ).toEqual(['carol', 'svc-export']);
    expect(sns.commandCalls(PublishCommand)[0].args[0].input.Message).toContain(
      'Enforcement: 2 done, 0 skipped, 0 failed',
    );
  });

  test('fails if the review is incomplete, after publishing that it is', async () => {
    mocks.sm
      .on(ListSecretsCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    const { handler } = handlerWith({ ...ENV, [ACCESS_REVIEW_ENV.mode]: 'enforce' });
    await expect(handler({}, CONTEXT)).rejects.toThrow(
      'the access review is incomplete: secrets: AccessDeniedException: denied',
    );
    expect(sns.commandCalls(PublishCommand)[0].args[0].input.Subject).toBe(
      `Access review ${ACCOUNT} prod INCOMPLETE: 13 findings, 4 high`,
    );
    expect(mocks.iam.commandCalls(UpdateAccessKeyCommand)).toHaveLength(0);
  });

  test('fails if a lockout action fails, after publishing the summary that says so', async () => {
    mocks.iam
      .on(UpdateAccessKeyCommand)
      .rejects(
        Object.assign(new Error('denied by the permissions boundary'), { name: 'AccessDenied' }),
      );
    const { handler } = handlerWith({ ...ENV, [ACCESS_REVIEW_ENV.mode]: 'enforce' });
    await expect(handler({}, CONTEXT)).rejects.toThrow(
      '1 account lockout action(s) failed: deactivate-access-key svc-export: AccessDenied: denied by the permissions boundary',
    );
    expect(sns.commandCalls(PublishCommand)[0].args[0].input.Message).toContain(
      'Enforcement: 1 done, 0 skipped, 1 failed',
    );
  });

  test('fails if the review cannot run at all, after publishing why', async () => {
    mocks.sts
      .on(GetCallerIdentityCommand)
      .rejects(Object.assign(new Error('expired token'), { name: 'ExpiredTokenException' }));
    const { handler } = handlerWith(ENV);
    await expect(handler({}, CONTEXT)).rejects.toThrow('expired token');
    expect(sns.commandCalls(PublishCommand)[0].args[0].input).toMatchObject({
      Subject: 'Access review FAILED (prod)',
      Message: expect.stringContaining('could not run: ExpiredTokenException: expired token'),
    });
  });

  test('the permissions it exports are exactly the IAM and Secrets Manager actions an enforcing run calls', async () => {
    const { handler } = handlerWith({ ...ENV, [ACCESS_REVIEW_ENV.mode]: 'enforce' });
    await handler({}, CONTEXT);
    const called = new Set([
      ...mocks.iam.calls().map((c) => `iam:${c.args[0].constructor.name.replace(/Command$/, '')}`),
      ...mocks.sm
        .calls()
        .map((c) => `secretsmanager:${c.args[0].constructor.name.replace(/Command$/, '')}`),
      ...sns.calls().map((c) => `sns:${c.args[0].constructor.name.replace(/Command$/, '')}`),
    ]);
    const granted = new Set([
      ...[...ACCESS_REVIEW_PERMISSIONS.read, ...ACCESS_REVIEW_PERMISSIONS.enforce].flatMap(
        (g) => g.actions,
      ),
      ...ACCESS_REVIEW_PERMISSIONS.publish,
    ]);
    expect([...called].sort()).toEqual([...granted].sort());
    expect(ACCESS_REVIEW_PERMISSIONS.enforce.every((g) => g.resources === 'users')).toBe(true);
  });

  test('exports a handler entry that exists, for the construct', () => {
    expect(fs.existsSync(ACCESS_REVIEW_HANDLER.entry)).toBe(true);
    expect(ACCESS_REVIEW_HANDLER.handler).toBe('handler');
  });
});
