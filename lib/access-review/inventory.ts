import { AuthorizationDetails, RoleAuthorization } from './authorization-details';
import { CredentialReportRow, ROOT_ACCOUNT_USER } from './credential-report';
import { decodePolicyDocument } from './policy-grants';
import { SecretMetadata } from './secrets';
import { daysSince } from './thresholds';
import {
  AccessKeyEntry,
  BreakGlassNames,
  CallerIdentity,
  Moment,
  RoleEntry,
  RootEntry,
  SecretEntry,
  UserEntry,
} from './types';

/**
 * Turns what IAM and Secrets Manager returned into the report's entries: dates as
 * moments (ISO and days before the review), who is break-glass, who is the caller.
 */

export function momentOf(date: Date, now: Date): Moment {
  return { at: date.toISOString(), daysAgo: daysSince(date, now) };
}

function optionalMoment(
  date: Date | undefined,
  now: Date,
): { at: string; daysAgo: number } | undefined {
  return date ? momentOf(date, now) : undefined;
}

function latest(dates: readonly (Date | undefined)[]): Date | undefined {
  return dates.reduce<Date | undefined>(
    (max, d) => (d && (!max || d.getTime() > max.getTime()) ? d : max),
    undefined,
  );
}

/** Where the ARN of `sts:GetCallerIdentity` points: an IAM user, an assumed role or root. */
export function callerIdentityOf(accountId: string, arn: string): CallerIdentity {
  // arn:<partition>:iam::<account>:user/<path/>name, arn:<partition>:sts::<account>:assumed-role/<role>/<session>
  const [prefix, partition, service, , account, resource = ''] = arn.split(':');
  const wellFormed =
    prefix === 'arn' && partition?.startsWith('aws') && /^\d{12}$/.test(account ?? '');
  const segments = resource.split('/');
  if (wellFormed && service === 'iam' && segments[0] === 'user' && segments.length >= 2) {
    const userName = segments[segments.length - 1];
    if (userName) return { accountId, arn, userName };
  }
  if (wellFormed && service === 'sts' && segments[0] === 'assumed-role' && segments.length >= 3) {
    const roleName = segments[1];
    if (roleName) return { accountId, arn, roleName };
  }
  return { accountId, arn };
}

export interface Context {
  readonly now: Date;
  readonly breakGlass: BreakGlassNames;
  readonly caller: CallerIdentity;
}

export function rootOf(rows: readonly CredentialReportRow[], now: Date): RootEntry | undefined {
  const row = rows.find((r) => r.user === ROOT_ACCOUNT_USER);
  if (!row) return undefined;
  const passwordLastUsed = optionalMoment(row.passwordLastUsed, now);
  return {
    arn: row.arn,
    mfaActive: row.mfaActive,
    activeAccessKeys: row.accessKeys.filter((k) => k.active).length,
    ...(passwordLastUsed ? { passwordLastUsed } : {}),
  };
}

export function usersOf(
  rows: readonly CredentialReportRow[],
  details: AuthorizationDetails | undefined,
  context: Context,
): UserEntry[] {
  const groupsByUser = new Map(details?.users.map((u) => [u.userName, u.groups]));
  return rows
    .filter((r) => r.user !== ROOT_ACCOUNT_USER)
    .map((row) => userOf(row, groupsByUser.get(row.user), details !== undefined, context))
    .sort((a, b) => a.userName.localeCompare(b.userName));
}

function userOf(
  row: CredentialReportRow,
  groups: readonly string[] | undefined,
  groupsKnown: boolean,
  { now, breakGlass, caller }: Context,
): UserEntry {
  const accessKeys: AccessKeyEntry[] = row.accessKeys.flatMap((key, i) => {
    if (!key.active && !key.lastRotated) return [];
    const created = optionalMoment(key.lastRotated, now);
    const lastUsed = optionalMoment(key.lastUsedDate, now);
    return [
      {
        slot: (i + 1) as 1 | 2,
        active: key.active,
        ...(created ? { created } : {}),
        ...(lastUsed ? { lastUsed } : {}),
        ...(key.lastUsedService ? { lastUsedService: key.lastUsedService } : {}),
        ...(key.lastUsedRegion ? { lastUsedRegion: key.lastUsedRegion } : {}),
      },
    ];
  });
  const consoleAccess = row.passwordEnabled === true;
  const lastActivity = latest([
    row.userCreationTime,
    consoleAccess ? row.passwordLastUsed : undefined,
    consoleAccess ? row.passwordLastChanged : undefined,
    ...row.accessKeys.flatMap((k) => [k.lastUsedDate, k.active ? k.lastRotated : undefined]),
  ]) as Date;
  const passwordLastUsed = consoleAccess ? optionalMoment(row.passwordLastUsed, now) : undefined;
  const passwordLastChanged = consoleAccess
    ? optionalMoment(row.passwordLastChanged, now)
    : undefined;
  return {
    userName: row.user,
    arn: row.arn,
    created: momentOf(row.userCreationTime, now),
    consoleAccess,
    ...(passwordLastUsed ? { passwordLastUsed } : {}),
    ...(passwordLastChanged ? { passwordLastChanged } : {}),
    mfaActive: row.mfaActive,
    accessKeys,
    lastActivity: momentOf(lastActivity, now),
    ...(groupsKnown ? { groups: groups ?? [] } : {}),
    breakGlass: breakGlass.userNames.includes(row.user),
    isCaller: caller.userName === row.user,
  };
}

export function rolesOf(details: AuthorizationDetails, context: Context): RoleEntry[] {
  return details.roles
    .map((role) => roleOf(role, details, context))
    .sort((a, b) => a.roleName.localeCompare(b.roleName));
}

function roleOf(
  role: RoleAuthorization,
  details: AuthorizationDetails,
  { now, breakGlass, caller }: Context,
): RoleEntry {
  const created = optionalMoment(role.createDate, now);
  const lastUsed = optionalMoment(role.lastUsedDate, now);
  return {
    roleName: role.roleName,
    arn: role.arn,
    path: role.path,
    ...(created ? { created } : {}),
    ...(lastUsed ? { lastUsed } : {}),
    ...(role.lastUsedRegion ? { lastUsedRegion: role.lastUsedRegion } : {}),
    serviceLinked: role.path.startsWith('/aws-service-role/'),
    trustedPrincipals: trustedPrincipalsOf(role.trustPolicy),
    managedPolicies: role.managed.map((arn) => details.policies.get(arn)?.name ?? arn),
    inlinePolicies: role.inline.map((p) => p.name),
    ...(role.permissionsBoundaryArn ? { permissionsBoundary: role.permissionsBoundaryArn } : {}),
    breakGlass: breakGlass.roleNames.includes(role.roleName),
    isCaller: caller.roleName === role.roleName,
  };
}

/** The principals a trust policy admits, as `AWS:<arn>`, `Service:<host>`, `Federated:<provider>`. */
export function trustedPrincipalsOf(trustPolicy: string | undefined): string[] {
  if (!trustPolicy) return [];
  let document: unknown;
  try {
    document = decodePolicyDocument(trustPolicy);
  } catch {
    return ['(trust policy could not be read)'];
  }
  const raw = (document as { Statement?: unknown }).Statement;
  const statements = (Array.isArray(raw) ? raw : [raw]) as {
    Effect?: unknown;
    Principal?: unknown;
  }[];
  const principals = new Set<string>();
  for (const statement of statements) {
    if (!statement || statement.Effect !== 'Allow') continue;
    const principal = statement.Principal;
    if (principal === '*') {
      principals.add('*');
      continue;
    }
    if (!principal || typeof principal !== 'object') continue;
    for (const [type, values] of Object.entries(principal)) {
      for (const value of Array.isArray(values) ? values : [values]) {
        principals.add(`${type}:${String(value)}`);
      }
    }
  }
  return [...principals].sort();
}

export function secretsOf(
  secrets: readonly SecretMetadata[],
  prefixes: readonly string[],
  unrotatedSubPrefixes: readonly string[],
  now: Date,
): SecretEntry[] {
  return secrets.map((secret) => {
    const prefix = prefixes.find((p) => secret.name.startsWith(p)) ?? '';
    const rest = secret.name.slice(prefix.length);
    const created = optionalMoment(secret.createdDate, now);
    const lastAccessed = optionalMoment(secret.lastAccessedDate, now);
    const lastRotated = optionalMoment(secret.lastRotatedDate, now);
    const lastChanged = optionalMoment(secret.lastChangedDate, now);
    return {
      name: secret.name,
      arn: secret.arn,
      ...(created ? { created } : {}),
      ...(lastAccessed ? { lastAccessed } : {}),
      ...(lastRotated ? { lastRotated } : {}),
      ...(lastChanged ? { lastChanged } : {}),
      rotationEnabled: secret.rotationEnabled,
      rotationExpected: !unrotatedSubPrefixes.some((p) => rest.startsWith(p)),
    };
  });
}
