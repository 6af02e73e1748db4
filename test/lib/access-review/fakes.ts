import {
  DeleteLoginProfileCommand,
  GenerateCredentialReportCommand,
  GetAccessKeyLastUsedCommand,
  GetAccessKeyLastUsedCommandInput,
  GetUserCommand,
  GetUserCommandInput,
  ListAccessKeysCommand,
  ListAccessKeysCommandInput,
  UpdateAccessKeyCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountAuthorizationDetailsCommandInput,
  GetAccountAuthorizationDetailsCommandOutput,
  GetCredentialReportCommand,
  IAMClient,
  ReportStateType,
} from '@aws-sdk/client-iam';
import {
  ListSecretsCommand,
  ListSecretsCommandInput,
  SecretListEntry,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { AccessReviewDependencies } from '../../../lib/access-review';

/**
 * An AWS account in memory for the access review, served through aws-sdk-client-mock:
 * a credential report built from user specs, authorization details and secrets served
 * in pages as IAM and Secrets Manager page them.
 */

export const ACCOUNT = '111111111111';
export const NOW = new Date('2024-05-01T10:00:00.000Z');
export const CALLER_ROLE_ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_SecurityAuditor_abc/jdoe`;

const DAY = 24 * 60 * 60 * 1000;
/** The ISO time `days` days before NOW (a whole second, as IAM reports times). */
export const daysAgo = (days: number) =>
  new Date(NOW.getTime() - days * DAY).toISOString().replace(/\.\d+Z$/, '+00:00');

export interface Mocks {
  readonly iam: AwsClientStub<IAMClient>;
  readonly sts: AwsClientStub<STSClient>;
  readonly sm: AwsClientStub<SecretsManagerClient>;
}

export function mockAws(callerArn = CALLER_ROLE_ARN): Mocks {
  const mocks = {
    iam: mockClient(IAMClient),
    sts: mockClient(STSClient),
    sm: mockClient(SecretsManagerClient),
  };
  mocks.sts
    .on(GetCallerIdentityCommand)
    .resolves({ Account: ACCOUNT, Arn: callerArn, UserId: 'AROAEXAMPLE:jdoe' });
  return mocks;
}

export function restore(mocks: Mocks): void {
  mocks.iam.restore();
  mocks.sts.restore();
  mocks.sm.restore();
}

export interface LogLine {
  readonly level: 'info' | 'warn';
  readonly message: string;
  readonly extra: Record<string, unknown>;
}

/** Real clients (send is mocked), a sleep that records and does not wait, a fixed clock, a log in memory. */
export function fakeDeps(overrides: Partial<AccessReviewDependencies> = {}) {
  const sleeps: number[] = [];
  const logged: LogLine[] = [];
  const config = {
    region: 'eu-west-1',
    maxAttempts: 1,
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
  };
  const deps: AccessReviewDependencies = {
    iam: new IAMClient(config),
    sts: new STSClient(config),
    secretsManager: new SecretsManagerClient(config),
    now: () => NOW,
    sleep: async (ms: number) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    log: {
      info: (message, extra) => logged.push({ level: 'info', message, extra }),
      warn: (message, extra) => logged.push({ level: 'warn', message, extra }),
    },
    ...overrides,
  };
  return { deps, sleeps, logged };
}

export interface KeySpec {
  readonly active?: boolean;
  /** Days ago the key was created. */
  readonly createdDaysAgo: number;
  /** Days ago the key was last used; undefined: never. */
  readonly usedDaysAgo?: number;
  readonly service?: string;
}

export interface UserSpec {
  readonly name: string;
  readonly createdDaysAgo?: number;
  /** A console password: days ago last used (undefined: never) and changed. */
  readonly password?: { readonly usedDaysAgo?: number; readonly changedDaysAgo: number };
  readonly mfa?: boolean;
  readonly keys?: readonly KeySpec[];
}

const ROOT_ROW: Record<string, string> = {
  user: '<root_account>',
  arn: `arn:aws:iam::${ACCOUNT}:root`,
  user_creation_time: daysAgo(900),
  password_enabled: 'not_supported',
  password_last_used: daysAgo(400),
  password_last_changed: 'not_supported',
  password_next_rotation: 'not_supported',
  mfa_active: 'true',
  access_key_1_active: 'false',
  access_key_1_last_rotated: 'N/A',
  access_key_2_active: 'false',
  access_key_2_last_rotated: 'N/A',
};

function keyColumns(n: 1 | 2, key: KeySpec | undefined): Record<string, string> {
  return {
    [`access_key_${n}_active`]: key && key.active !== false ? 'true' : 'false',
    [`access_key_${n}_last_rotated`]: key ? daysAgo(key.createdDaysAgo) : 'N/A',
    [`access_key_${n}_last_used_date`]:
      key?.usedDaysAgo !== undefined ? daysAgo(key.usedDaysAgo) : 'N/A',
    [`access_key_${n}_last_used_region`]: key?.usedDaysAgo !== undefined ? 'eu-west-1' : 'N/A',
    [`access_key_${n}_last_used_service`]:
      key?.usedDaysAgo !== undefined ? (key.service ?? 's3') : 'N/A',
  };
}

/** The columns IAM writes, in its order. */
export const ALL_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  ...[1, 2].flatMap((n) => [
    `access_key_${n}_active`,
    `access_key_${n}_last_rotated`,
    `access_key_${n}_last_used_date`,
    `access_key_${n}_last_used_region`,
    `access_key_${n}_last_used_service`,
  ]),
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
];

export function rowOf(user: UserSpec): Record<string, string> {
  const pw = user.password;
  return {
    user: user.name,
    arn: `arn:aws:iam::${ACCOUNT}:user/${user.name}`,
    user_creation_time: daysAgo(user.createdDaysAgo ?? 400),
    password_enabled: pw ? 'true' : 'false',
    password_last_used: pw
      ? pw.usedDaysAgo !== undefined
        ? daysAgo(pw.usedDaysAgo)
        : 'no_information'
      : 'N/A',
    password_last_changed: pw ? daysAgo(pw.changedDaysAgo) : 'N/A',
    password_next_rotation: 'N/A',
    mfa_active: user.mfa ? 'true' : 'false',
    ...keyColumns(1, user.keys?.[0]),
    ...keyColumns(2, user.keys?.[1]),
    cert_1_active: 'false',
    cert_1_last_rotated: 'N/A',
    cert_2_active: 'false',
    cert_2_last_rotated: 'N/A',
  };
}

/** The credential report's CSV: the root row, then one row per user. */
export function reportCsv(
  users: readonly UserSpec[],
  root: Record<string, string> = ROOT_ROW,
): string {
  const rows = [root, ...users.map(rowOf)];
  const line = (values: string[]) => values.join(',');
  return (
    [line(ALL_COLUMNS), ...rows.map((r) => line(ALL_COLUMNS.map((c) => r[c] ?? 'N/A')))].join(
      '\n',
    ) + '\n'
  );
}

/**
 * Serves GenerateCredentialReport, answering `states` in order (the last one repeats),
 * and GetCredentialReport with `csv`.
 */
export function serveCredentialReport(
  mocks: Mocks,
  csv: string,
  states: ReportStateType[] = ['COMPLETE'],
): void {
  let call = 0;
  mocks.iam.on(GenerateCredentialReportCommand).callsFake(() => {
    const State = states[Math.min(call++, states.length - 1)];
    return { State, Description: `state ${State}` };
  });
  mocks.iam.on(GetCredentialReportCommand).resolves({
    Content: new TextEncoder().encode(csv),
    ReportFormat: 'text/csv',
    GeneratedTime: new Date(NOW.getTime() - 60_000),
  });
}

export type AuthPage = Omit<
  GetAccountAuthorizationDetailsCommandOutput,
  '$metadata' | 'IsTruncated' | 'Marker'
>;

/** Serves GetAccountAuthorizationDetails pages in order, following Marker. */
export function serveAuthorizationDetails(mocks: Mocks, pages: readonly AuthPage[]): void {
  mocks.iam
    .on(GetAccountAuthorizationDetailsCommand)
    .callsFake((input: GetAccountAuthorizationDetailsCommandInput) => {
      const index = input.Marker === undefined ? 0 : Number(input.Marker.replace('page-', ''));
      const truncated = index < pages.length - 1;
      return {
        ...pages[index],
        IsTruncated: truncated,
        Marker: truncated ? `page-${index + 1}` : undefined,
      };
    });
}

/** A policy document as GetAccountAuthorizationDetails returns it: URL-encoded JSON. */
export const encoded = (document: object) => encodeURIComponent(JSON.stringify(document));

export const allow = (Action: string | string[], Resource: string | string[] = '*') => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action, Resource }],
});

export const trust = (principal: object) =>
  encoded({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }],
  });

/** Serves ListSecrets pages per prefix, following NextToken. */
export function serveSecrets(mocks: Mocks, pages: readonly SecretListEntry[][]): void {
  mocks.sm.on(ListSecretsCommand).callsFake((input: ListSecretsCommandInput) => {
    const prefix = input.Filters?.find((f) => f.Key === 'name')?.Values?.[0] ?? '';
    const index = input.NextToken === undefined ? 0 : Number(input.NextToken.replace('token-', ''));
    const page = (pages[index] ?? []).filter((s) => s.Name?.startsWith(prefix));
    const more = index < pages.length - 1;
    return { SecretList: page, NextToken: more ? `token-${index + 1}` : undefined };
  });
}

export function secret(
  name: string,
  fields: {
    createdDaysAgo: number;
    accessedDaysAgo?: number;
    rotatedDaysAgo?: number;
    rotation?: boolean;
  },
): SecretListEntry {
  const at = (d: number | undefined) => (d === undefined ? undefined : new Date(daysAgo(d)));
  return {
    Name: name,
    ARN: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:${name}-AbCdEf`,
    CreatedDate: at(fields.createdDaysAgo),
    LastAccessedDate: at(fields.accessedDaysAgo),
    LastRotatedDate: at(fields.rotatedDaysAgo),
    RotationEnabled: fields.rotation ?? false,
  };
}

/** An AWS SDK throttling error as IAM returns it. */
export function throttling(): Error {
  return Object.assign(new Error('Rate exceeded'), {
    name: 'Throttling',
    $metadata: { httpStatusCode: 400 },
    $fault: 'client',
  });
}

/** IAM's current view of each user: key ids, creation and last use, password last use. */
export interface LiveUser {
  readonly keys: {
    id: string;
    createdDaysAgo: number;
    usedDaysAgo?: number;
    status?: 'Active' | 'Inactive';
  }[];
  readonly passwordUsedDaysAgo?: number;
}

const at = (days: number | undefined) => (days === undefined ? undefined : new Date(daysAgo(days)));

export function serveLiveIam(mocks: Mocks, live: Record<string, LiveUser>) {
  mocks.iam.on(ListAccessKeysCommand).callsFake((input: ListAccessKeysCommandInput) => ({
    AccessKeyMetadata: (live[input.UserName ?? '']?.keys ?? []).map((k) => ({
      UserName: input.UserName,
      AccessKeyId: k.id,
      Status: k.status ?? 'Active',
      CreateDate: at(k.createdDaysAgo),
    })),
    IsTruncated: false,
  }));
  mocks.iam.on(GetAccessKeyLastUsedCommand).callsFake((input: GetAccessKeyLastUsedCommandInput) => {
    const key = Object.values(live)
      .flatMap((u) => u.keys)
      .find((k) => k.id === input.AccessKeyId);
    return {
      AccessKeyLastUsed: {
        LastUsedDate: at(key?.usedDaysAgo),
        ServiceName: 's3',
        Region: 'eu-west-1',
      },
    };
  });
  mocks.iam.on(GetUserCommand).callsFake((input: GetUserCommandInput) => ({
    User: {
      UserName: input.UserName,
      Arn: `arn:aws:iam::${ACCOUNT}:user/${input.UserName}`,
      PasswordLastUsed: at(live[input.UserName ?? '']?.passwordUsedDaysAgo),
    },
  }));
  mocks.iam.on(UpdateAccessKeyCommand).resolves({});
  mocks.iam.on(DeleteLoginProfileCommand).resolves({});
}
