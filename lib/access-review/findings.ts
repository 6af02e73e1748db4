import { ClauseId, cite } from '../policy/clauses';
import { Attachments, AuthorizationDetails, InlinePolicy } from './authorization-details';
import { DataService, PolicyGrant, decodePolicyDocument, grantsOf } from './policy-grants';
import { ACCESS_REVIEW_THRESHOLDS, Threshold, isOlderThan } from './thresholds';
import {
  AccessKeyEntry,
  Finding,
  FindingKind,
  Moment,
  RoleEntry,
  RootEntry,
  SecretEntry,
  Severity,
  UserEntry,
} from './types';

/**
 * What the review finds, each finding naming the clause it is about. Pure functions of
 * the inventory and the clock: the same account on the same day gives the same findings.
 */

const T = ACCESS_REVIEW_THRESHOLDS;

/** Clauses per finding kind: the one place a kind is tied to the policies. */
export const FINDING_CLAUSES: Readonly<Record<FindingKind, readonly ClauseId[]>> = {
  'root-access-key': ['DPP 1.2'],
  'root-without-mfa': ['DPP 1.2'],
  'console-user-without-mfa': ['DPP 1.2', 'DUP 3.3'],
  'access-key-unused': ['DPP 1.2', 'DUP 3.4'],
  'access-key-old': ['DUP 3.4', 'DPP 1.4'],
  'user-inactive': ['DUP 3.4', 'DPP 1.2'],
  'password-old': ['DPP 1.4'],
  'role-unused': ['DPP 1.2', 'DUP 3.4'],
  'policy-grants-admin': ['DPP 1.3', 'DUP 3.5'],
  'policy-grants-wildcard-data-access': ['DPP 1.3', 'DUP 4.8'],
  'policy-unreadable': ['DPP 1.3'],
  'secret-not-accessed': ['AUP 3.5'],
  'secret-not-rotated': ['DUP 3.4', 'DPP 1.4'],
};

const SEVERITY_ORDER: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

/** Findings in the order a reviewer works through them: severity, kind, subject. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.kind.localeCompare(b.kind) ||
      a.subject.name.localeCompare(b.subject.name) ||
      (a.subject.keySlot ?? 0) - (b.subject.keySlot ?? 0),
  );
}

function finding(
  kind: FindingKind,
  fields: Omit<Finding, 'kind' | 'clauses' | 'enforceable'> & { enforceable?: boolean },
): Finding {
  return { kind, clauses: FINDING_CLAUSES[kind], enforceable: false, ...fields };
}

const stale = (moment: Moment, threshold: Threshold, now: Date) =>
  isOlderThan(new Date(moment.at), now, threshold);

const ago = (moment: Moment | undefined, never = 'never') =>
  moment ? `${moment.at.slice(0, 10)} (${moment.daysAgo} days ago)` : never;

export function rootFindings(root: RootEntry): Finding[] {
  const subject = { type: 'root' as const, name: 'root user', arn: root.arn };
  const findings: Finding[] = [];
  if (root.activeAccessKeys > 0) {
    findings.push(
      finding('root-access-key', {
        severity: 'high',
        subject,
        detail: `the root user has ${root.activeAccessKeys} active access key(s): a default credential shared by whoever holds it`,
        recommendation:
          'Delete the root access keys (root can only do that itself: sign in as root); use roles for every task.',
      }),
    );
  }
  if (!root.mfaActive) {
    findings.push(
      finding('root-without-mfa', {
        severity: 'high',
        subject,
        detail: 'the root user has no MFA device',
        recommendation:
          'Add a hardware MFA device to the root user and keep it under the break-glass procedure.',
      }),
    );
  }
  return findings;
}

export function userFindings(user: UserEntry, now: Date): Finding[] {
  const subject = { type: 'user' as const, name: user.userName, arn: user.arn };
  const protectedAs = protectionOf(user);
  const findings: Finding[] = [];
  const inactive = stale(user.lastActivity, T.userInactive, now);
  if (user.consoleAccess && !user.mfaActive) {
    findings.push(
      finding('console-user-without-mfa', {
        severity: 'high',
        subject,
        detail: `console password without MFA; password last used ${ago(user.passwordLastUsed)}`,
        recommendation:
          'Have the user enrol an MFA device now, or delete the login profile; people should sign in through IAM Identity Center with MFA.',
        ...protectedAs,
      }),
    );
  }
  if (inactive) {
    findings.push(
      finding('user-inactive', {
        severity: 'medium',
        subject,
        detail: `no sign-in, no key use and no new credential since ${ago(user.lastActivity)}; console access: ${user.consoleAccess ? 'yes' : 'no'}`,
        recommendation: `Delete the user if nobody needs it (${cite('DUP 3.4')}: accounts not in use are recycled). Enforce removes its console access.`,
        enforceable: user.consoleAccess,
        ...protectedAs,
      }),
    );
  } else if (
    user.consoleAccess &&
    user.passwordLastChanged &&
    stale(user.passwordLastChanged, T.passwordMaxAge, now)
  ) {
    findings.push(
      finding('password-old', {
        severity: 'low',
        subject,
        detail: `console password last changed ${ago(user.passwordLastChanged)}`,
        recommendation: `Check that the account password policy sets a maximum age of ${T.passwordMaxAge.days} days or less; the user must change the password.`,
        ...protectedAs,
      }),
    );
  }
  for (const key of user.accessKeys) findings.push(...keyFindings(user, key, now));
  return findings;
}

function keyFindings(user: UserEntry, key: AccessKeyEntry, now: Date): Finding[] {
  if (!key.active) return [];
  const subject = {
    type: 'access-key' as const,
    name: user.userName,
    arn: user.arn,
    keySlot: key.slot,
  };
  const protectedAs = protectionOf(user);
  const since = key.lastUsed ?? key.created ?? user.created;
  if (stale(since, T.accessKeyUnused, now)) {
    return [
      finding('access-key-unused', {
        severity: 'medium',
        subject,
        detail: `access key ${key.slot} is active and ${key.lastUsed ? `was last used ${ago(key.lastUsed)}` : `has never been used since it was created ${ago(key.created ?? user.created)}`}`,
        recommendation:
          'Deactivate the key, then delete it once nothing breaks. Enforce deactivates it.',
        enforceable: true,
        ...protectedAs,
      }),
    ];
  }
  if (key.created && stale(key.created, T.accessKeyMaxAge, now)) {
    return [
      finding('access-key-old', {
        severity: 'medium',
        subject,
        detail: `access key ${key.slot} was created ${ago(key.created)} and is in use (last used ${ago(key.lastUsed)}${key.lastUsedService ? ` by ${key.lastUsedService}` : ''})`,
        recommendation:
          'Rotate the key: create a second key, move its user to it, deactivate and delete the old one. Better: replace the user with a role. Enforce does not touch keys in use.',
        ...protectedAs,
      }),
    ];
  }
  return [];
}

function protectionOf(entry: { breakGlass: boolean; isCaller: boolean }): {
  protectedAs?: 'break-glass' | 'caller';
} {
  if (entry.breakGlass) return { protectedAs: 'break-glass' };
  if (entry.isCaller) return { protectedAs: 'caller' };
  return {};
}

export function roleFindings(role: RoleEntry, now: Date): Finding[] {
  const since = role.lastUsed ?? role.created;
  if (since && !stale(since, T.roleUnused, now)) return [];
  const subject = { type: 'role' as const, name: role.roleName, arn: role.arn };
  const used = role.lastUsed
    ? `last used ${ago(role.lastUsed)}`
    : `never used since it was created ${ago(role.created, 'at an unknown date')}`;
  const recommendation = role.breakGlass
    ? 'Expected for the break-glass role: confirm it is still needed and that the break-glass procedure and its alarm were tested this quarter.'
    : role.serviceLinked
      ? 'A service-linked role: delete it through its service if the service is no longer used.'
      : 'Delete the role if no person or service needs it any more, or record why it is kept.';
  return [
    finding('role-unused', {
      severity: role.breakGlass || role.serviceLinked ? 'low' : 'medium',
      subject,
      detail: `${used}; trusted principals: ${role.trustedPrincipals.join(', ') || 'none'}`,
      recommendation,
      ...protectionOf(role),
    }),
  ];
}

export function secretFindings(secret: SecretEntry, now: Date): Finding[] {
  const subject = { type: 'secret' as const, name: secret.name, arn: secret.arn };
  const findings: Finding[] = [];
  const accessedSince = secret.lastAccessed ?? secret.created;
  if (!accessedSince || stale(accessedSince, T.secretUnused, now)) {
    findings.push(
      finding('secret-not-accessed', {
        severity: 'medium',
        subject,
        detail: secret.lastAccessed
          ? `last read ${ago(secret.lastAccessed)}`
          : `never read since it was created ${ago(secret.created, 'at an unknown date')}`,
        recommendation:
          'A credential nothing reads is a key not in use: Amazon deletes SP-API keys that make no successful call in 90 days. Remove it (for a selling partner: npm run remove-selling-partner) or find out why the application stopped using it.',
      }),
    );
  }
  const rotatedSince = secret.lastRotated ?? secret.created;
  if (
    secret.rotationExpected &&
    (!secret.rotationEnabled || !rotatedSince || stale(rotatedSince, T.secretRotation, now))
  ) {
    const rotated = secret.lastRotated
      ? `last rotated ${ago(secret.lastRotated)}`
      : 'never rotated';
    findings.push(
      finding('secret-not-rotated', {
        severity: 'medium',
        subject,
        detail: `${rotated}; rotation ${secret.rotationEnabled ? 'enabled' : 'not enabled'}`,
        recommendation:
          'Rotate it now (Secrets Manager: rotate immediately) and find out why scheduled rotation did not run: see docs/credentials.md.',
      }),
    );
  }
  return findings;
}

/** A principal a policy reaches: a user, a group (and its members) or a role. */
interface Holder {
  readonly type: 'user' | 'group' | 'role';
  readonly name: string;
  readonly members?: readonly string[];
  readonly serviceLinked?: boolean;
  readonly breakGlass?: boolean;
}

/** Every principal of the account with the policies attached to it. */
function principalsOf(
  details: AuthorizationDetails,
  roles: readonly RoleEntry[],
  users: readonly UserEntry[] | undefined,
): { holder: Holder; attachments: Attachments }[] {
  const roleByName = new Map(roles.map((r) => [r.roleName, r]));
  const breakGlassUsers = new Set(users?.filter((u) => u.breakGlass).map((u) => u.userName));
  const members = new Map<string, string[]>();
  for (const user of details.users) {
    for (const group of user.groups) {
      const list = members.get(group) ?? [];
      list.push(user.userName);
      members.set(group, list);
    }
  }
  return [
    ...details.users.map((u) => ({
      holder: {
        type: 'user' as const,
        name: u.userName,
        breakGlass: breakGlassUsers.has(u.userName),
      },
      attachments: u,
    })),
    ...details.groups.map((g) => ({
      holder: {
        type: 'group' as const,
        name: g.groupName,
        members: members.get(g.groupName) ?? [],
      },
      attachments: g,
    })),
    ...details.roles.map((r) => ({
      holder: {
        type: 'role' as const,
        name: r.roleName,
        serviceLinked: roleByName.get(r.roleName)?.serviceLinked ?? false,
        breakGlass: roleByName.get(r.roleName)?.breakGlass ?? false,
      },
      attachments: r,
    })),
  ];
}

/**
 * Admin and wildcard-data grants of every policy that reaches a principal: managed
 * policies attached to at least one user, group or role, and every inline policy.
 * Policies that only service-linked roles hold are the service's own and left out.
 */
export function policyFindings(
  details: AuthorizationDetails,
  roles: readonly RoleEntry[],
  users: readonly UserEntry[] | undefined,
): { findings: Finding[]; analysed: number } {
  const managedHolders = new Map<string, Holder[]>();
  const inline: { holder: Holder; policy: InlinePolicy }[] = [];
  for (const { holder, attachments } of principalsOf(details, roles, users)) {
    for (const arn of attachments.managed) {
      const list = managedHolders.get(arn) ?? [];
      list.push(holder);
      managedHolders.set(arn, list);
    }
    inline.push(...attachments.inline.map((policy) => ({ holder, policy })));
  }

  const findings: Finding[] = [];
  let analysed = 0;
  for (const [arn, holders] of managedHolders) {
    if (holders.every((h) => h.serviceLinked)) continue;
    const policy = details.policies.get(arn);
    analysed++;
    const subject = { type: 'policy' as const, name: policy?.name ?? arn, arn };
    findings.push(...documentFindings(subject, policy?.document, holders));
  }
  for (const { holder, policy } of inline) {
    if (holder.serviceLinked) continue;
    analysed++;
    const subject = {
      type: 'policy' as const,
      name: `${holder.type}/${holder.name}/${policy.name} (inline)`,
    };
    findings.push(...documentFindings(subject, policy.document, [holder]));
  }
  return { findings, analysed };
}

function documentFindings(
  subject: Finding['subject'],
  document: string | undefined,
  holders: readonly Holder[],
): Finding[] {
  const heldBy = holders.map(describeHolder).join('; ');
  let grants: PolicyGrant[];
  try {
    if (document === undefined) throw new Error('IAM returned no document for its default version');
    grants = grantsOf(decodePolicyDocument(document));
  } catch (e) {
    return [
      finding('policy-unreadable', {
        severity: 'medium',
        subject,
        detail: `the policy could not be analysed (${e instanceof Error ? e.message : String(e)}); held by ${heldBy}`,
        recommendation: 'Read the policy in the IAM console and judge it by hand.',
      }),
    ];
  }
  const expected = holders.every((h) => h.breakGlass);
  return grants.map((grant) => {
    const kind =
      grant.kind === 'admin' ? 'policy-grants-admin' : 'policy-grants-wildcard-data-access';
    const what = grant.kind === 'admin' ? 'every action' : `every ${grant.service} action`;
    const how = grant.via === 'NotAction' ? ' (through NotAction)' : '';
    const condition = grant.conditional ? ', under conditions' : '';
    return finding(kind, {
      severity: expected ? 'low' : 'high',
      subject,
      detail: `allows ${what} on every resource${how}${condition}; held by ${heldBy}`,
      recommendation: expected
        ? 'Held only by break-glass principals: expected; confirm it is still needed.'
        : recommendationFor(grant),
      ...(expected ? { protectedAs: 'break-glass' as const } : {}),
    });
  });
}

function recommendationFor(grant: PolicyGrant): string {
  if (grant.kind === 'admin') {
    return 'Replace with a job-function role that has only the actions the job needs; keep administrator access for the platform administrator and break-glass roles, whose PII and secret reads are denied.';
  }
  const readsCredentials: DataService[] = ['secretsmanager', 'kms'];
  const extra = readsCredentials.includes(grant.service)
    ? ` ${cite('DUP 3.3')}: only authorized employees may obtain credentials.`
    : '';
  return `Name the actions and resources the holder needs instead of ${grant.service}:* on *.${extra}`;
}

function describeHolder(holder: Holder): string {
  if (holder.type === 'group') {
    const members = holder.members ?? [];
    return `group ${holder.name} (${members.length} member(s)${members.length ? `: ${members.slice(0, 10).join(', ')}${members.length > 10 ? ', ...' : ''}` : ''})`;
  }
  return `${holder.type} ${holder.name}${holder.breakGlass ? ' (break-glass)' : ''}`;
}
