import {
  AccessKeyMetadata,
  DeleteLoginProfileCommand,
  GetAccessKeyLastUsedCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAccessKeysCommandOutput,
  NoSuchEntityException,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { cite } from '../policy/clauses';
import { AwsCaller } from './aws-calls';
import { ACCESS_REVIEW_THRESHOLDS, isOlderThan } from './thresholds';
import { Enforcement, EnforcementAction, Finding, ReviewMode, UserEntry } from './types';
import { describeError } from '../runtime/retry';

/**
 * "Account lockout" (DPP 1.2 Access Management): deactivate access keys unused for 90
 * days and remove the console access (login profile) of users inactive for 90 days.
 *
 * Only what the review found stale is touched, and only after IAM confirms, at the
 * moment of acting, that it is still stale (the credential report can be hours old):
 * a key is matched to the report by its creation time and its last use read again; a
 * user's password use is read again. Break-glass users and the caller are never
 * touched. Keys are deactivated, not deleted, so a mistake is undone with one call;
 * a deleted login profile is restored by setting a new password. Roles are never
 * changed: an unused role is reported for a person to remove.
 *
 * A dry run makes no call at all and lists what enforce would do.
 */

export interface EnforceLog {
  info(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
}

export interface EnforceInput {
  readonly mode: ReviewMode;
  readonly users: readonly UserEntry[];
  readonly findings: readonly Finding[];
  readonly now: Date;
  readonly iam: IAMClient;
  readonly caller: AwsCaller;
  readonly log: EnforceLog;
}

/** One user's stale credentials, as the review found them. */
interface Target {
  readonly user: UserEntry;
  /** Creation times (ISO, to the second) of the keys found unused, by slot. */
  readonly staleKeys: ReadonlyMap<1 | 2, string | undefined>;
  readonly removeConsole: boolean;
}

export async function enforce(input: EnforceInput): Promise<Enforcement> {
  const { targets, protectedUsers } = targetsOf(input.users, input.findings);
  for (const p of protectedUsers) {
    input.log.info('stale access left alone: protected principal', {
      user: p.userName,
      protectedAs: p.as,
    });
  }
  const actions: EnforcementAction[] = [];
  for (const target of targets) {
    if (input.mode === 'dry-run') {
      actions.push(...plannedActions(target));
      continue;
    }
    actions.push(...(await enforceUser(target, input)));
  }
  return { mode: input.mode, actions, protected: protectedUsers };
}

/** The result when enforcement must not run at all. */
export function refusedEnforcement(mode: ReviewMode, reason: string): Enforcement {
  return { mode, actions: [], protected: [], refused: reason };
}

function targetsOf(users: readonly UserEntry[], findings: readonly Finding[]) {
  const byUser = new Map(users.map((u) => [u.userName, u]));
  const staleKeys = new Map<string, Map<1 | 2, string | undefined>>();
  const removeConsole = new Set<string>();
  const protectedUsers: { userName: string; as: 'break-glass' | 'caller' }[] = [];
  for (const f of findings) {
    if (!f.enforceable) continue;
    if (f.protectedAs) {
      if (!protectedUsers.some((p) => p.userName === f.subject.name)) {
        protectedUsers.push({ userName: f.subject.name, as: f.protectedAs });
      }
      continue;
    }
    const user = byUser.get(f.subject.name);
    if (!user) continue;
    if (f.kind === 'access-key-unused' && f.subject.keySlot) {
      const created = user.accessKeys.find((k) => k.slot === f.subject.keySlot)?.created?.at;
      const keys = staleKeys.get(user.userName) ?? new Map<1 | 2, string | undefined>();
      keys.set(f.subject.keySlot, created ? toSecond(created) : undefined);
      staleKeys.set(user.userName, keys);
    }
    if (f.kind === 'user-inactive' && user.consoleAccess) removeConsole.add(user.userName);
  }
  const names = [...new Set([...staleKeys.keys(), ...removeConsole])].sort();
  const targets: Target[] = names.map((name) => ({
    user: byUser.get(name) as UserEntry,
    staleKeys: staleKeys.get(name) ?? new Map(),
    removeConsole: removeConsole.has(name),
  }));
  return { targets, protectedUsers };
}

function plannedActions(target: Target): EnforcementAction[] {
  const actions: EnforcementAction[] = [...target.staleKeys.keys()].map((slot) => ({
    kind: 'deactivate-access-key',
    userName: target.user.userName,
    keySlot: slot,
    outcome: 'planned',
    reason: `dry run: access key ${slot} unused for more than ${ACCESS_REVIEW_THRESHOLDS.accessKeyUnused.days} days`,
  }));
  if (target.removeConsole) {
    actions.push({
      kind: 'delete-login-profile',
      userName: target.user.userName,
      outcome: 'planned',
      reason: `dry run: user inactive for more than ${ACCESS_REVIEW_THRESHOLDS.userInactive.days} days`,
    });
  }
  return actions;
}

async function enforceUser(target: Target, input: EnforceInput): Promise<EnforcementAction[]> {
  const userName = target.user.userName;
  const actions: EnforcementAction[] = [];
  const record = (action: EnforcementAction) => {
    actions.push(action);
    const extra = {
      user: userName,
      action: action.kind,
      outcome: action.outcome,
      reason: action.reason,
      ...(action.accessKeyIdEnd ? { keyIdEnd: action.accessKeyIdEnd } : {}),
    };
    if (action.outcome === 'failed') input.log.warn('account lockout action failed', extra);
    else input.log.info(`account lockout: ${action.kind} ${action.outcome}`, extra);
  };
  let freshKeyUse: (Date | undefined)[] = [];
  try {
    const keys = await listActiveKeys(userName, input);
    const lastUses = await Promise.all(keys.map((key) => lastUseOf(key, input)));
    freshKeyUse = lastUses;
    for (const [i, key] of keys.entries()) {
      const slot = slotOf(key, target.staleKeys);
      if (slot === undefined) continue;
      record(await deactivateIfStale(userName, key, lastUses[i], input));
    }
    for (const [slot, created] of target.staleKeys) {
      if (!keys.some((k) => slotOf(k, target.staleKeys) === slot)) {
        record({
          kind: 'deactivate-access-key',
          userName,
          keySlot: slot,
          outcome: 'skipped',
          reason: `no active key created at ${created ?? 'an unknown time'} any more: already deactivated, deleted or rotated`,
        });
      }
    }
  } catch (e) {
    for (const slot of target.staleKeys.keys()) {
      record({
        kind: 'deactivate-access-key',
        userName,
        keySlot: slot,
        outcome: 'failed',
        reason: describeError(e),
      });
    }
  }
  if (target.removeConsole) record(await removeConsoleIfInactive(target, freshKeyUse, input));
  return actions;
}

async function listActiveKeys(userName: string, input: EnforceInput): Promise<AccessKeyMetadata[]> {
  const keys: AccessKeyMetadata[] = [];
  const pages = input.caller.pages<ListAccessKeysCommandOutput>(
    'IAM ListAccessKeys',
    (marker) => input.iam.send(new ListAccessKeysCommand({ UserName: userName, Marker: marker })),
    (page) => (page.IsTruncated ? page.Marker : undefined),
  );
  for await (const page of pages) {
    keys.push(
      ...(page.AccessKeyMetadata ?? []).filter((k) => k.Status === 'Active' && k.AccessKeyId),
    );
  }
  return keys;
}

async function lastUseOf(key: AccessKeyMetadata, input: EnforceInput): Promise<Date | undefined> {
  const out = await input.caller.call('IAM GetAccessKeyLastUsed', () =>
    input.iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.AccessKeyId })),
  );
  return out.AccessKeyLastUsed?.LastUsedDate;
}

/** The slot of the review's stale key that this key is, matched by creation time. */
function slotOf(
  key: AccessKeyMetadata,
  staleKeys: ReadonlyMap<1 | 2, string | undefined>,
): 1 | 2 | undefined {
  if (!key.CreateDate) return undefined;
  const created = toSecond(key.CreateDate.toISOString());
  for (const [slot, at] of staleKeys) if (at === created) return slot;
  return undefined;
}

async function deactivateIfStale(
  userName: string,
  key: AccessKeyMetadata,
  lastUsed: Date | undefined,
  input: EnforceInput,
): Promise<EnforcementAction> {
  const accessKeyIdEnd = (key.AccessKeyId ?? '').slice(-4);
  const base = { kind: 'deactivate-access-key' as const, userName, accessKeyIdEnd };
  const since = lastUsed ?? key.CreateDate;
  if (!since || !isOlderThan(since, input.now, ACCESS_REVIEW_THRESHOLDS.accessKeyUnused)) {
    return {
      ...base,
      outcome: 'skipped',
      reason: `used since the credential report (last used ${lastUsed?.toISOString() ?? 'never'}): not stale any more`,
    };
  }
  try {
    await input.caller.call('IAM UpdateAccessKey', () =>
      input.iam.send(
        new UpdateAccessKeyCommand({
          UserName: userName,
          AccessKeyId: key.AccessKeyId,
          Status: 'Inactive',
        }),
      ),
    );
  } catch (e) {
    return { ...base, outcome: 'failed', reason: describeError(e) };
  }
  return {
    ...base,
    outcome: 'done',
    reason: `deactivated: ${lastUsed ? `last used ${lastUsed.toISOString()}` : `never used since ${key.CreateDate?.toISOString()}`} (${cite('DPP 1.2')} account lockout)`,
  };
}

async function removeConsoleIfInactive(
  target: Target,
  freshKeyUse: readonly (Date | undefined)[],
  input: EnforceInput,
): Promise<EnforcementAction> {
  const userName = target.user.userName;
  const base = { kind: 'delete-login-profile' as const, userName };
  try {
    const { User } = await input.caller.call('IAM GetUser', () =>
      input.iam.send(new GetUserCommand({ UserName: userName })),
    );
    const lastSign = [new Date(target.user.lastActivity.at), User?.PasswordLastUsed, ...freshKeyUse]
      .filter((d): d is Date => d instanceof Date)
      .reduce((a, b) => (b.getTime() > a.getTime() ? b : a));
    if (!isOlderThan(lastSign, input.now, ACCESS_REVIEW_THRESHOLDS.userInactive)) {
      return {
        ...base,
        outcome: 'skipped',
        reason: `active since the credential report (last sign of activity ${lastSign.toISOString()})`,
      };
    }
    await input.caller.call('IAM DeleteLoginProfile', () =>
      input.iam.send(new DeleteLoginProfileCommand({ UserName: userName })),
    );
    return {
      ...base,
      outcome: 'done',
      reason: `console access removed: no activity since ${lastSign.toISOString()} (${cite('DPP 1.2')} account lockout, ${cite('DUP 3.4')})`,
    };
  } catch (e) {
    if (e instanceof NoSuchEntityException) {
      return {
        ...base,
        outcome: 'skipped',
        reason: 'the user or its login profile no longer exists',
      };
    }
    return { ...base, outcome: 'failed', reason: describeError(e) };
  }
}

/** An ISO time cut to the second, for matching key creation times across APIs. */
function toSecond(iso: string): string {
  return iso.slice(0, 19);
}
