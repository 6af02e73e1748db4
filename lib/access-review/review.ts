import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { cite } from '../policy/clauses';
import { createLogger } from '../runtime/logger';
import { describeError } from '../runtime/retry';
import { AuthorizationDetails, fetchAuthorizationDetails } from './authorization-details';
import { AwsCaller, RetryLimits } from './aws-calls';
import { AccessReviewClients } from './clients';
import { CredentialReport, PollLimits, fetchCredentialReport } from './credential-report';
import { EnforceLog, enforce, refusedEnforcement } from './enforce';
import {
  policyFindings,
  roleFindings,
  rootFindings,
  secretFindings,
  sortFindings,
  userFindings,
} from './findings';
import { callerIdentityOf, rolesOf, rootOf, secretsOf, usersOf } from './inventory';
import { SecretMetadata, fetchCredentialSecrets, secretPrefixProblem } from './secrets';
import { ACCESS_REVIEW_THRESHOLDS, addDays } from './thresholds';
import {
  ACCESS_REVIEW_SCHEMA_VERSION,
  AccessReview,
  AccessReviewOptions,
  CallerIdentity,
  Finding,
  Inventory,
  SourceFailure,
} from './types';

/** Refresh tokens are replaced only when a selling partner authorizes again. */
export const DEFAULT_UNROTATED_SECRET_SUB_PREFIXES = ['selling-partners/'];

export interface AccessReviewDependencies extends AccessReviewClients {
  /** @default the system clock */
  readonly now?: () => Date;
  /** Waits between polls and retries; tests pass one that does not wait. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly retryLimits?: RetryLimits;
  readonly pollLimits?: PollLimits;
  /** @default a redacting Powertools logger, service `access-review` */
  readonly log?: EnforceLog;
  /** The caller when already known (the command reads it first to pick the environment). */
  readonly identity?: CallerIdentity;
}

/** The options cannot be acted on; thrown before any call. */
export class AccessReviewOptionsError extends Error {
  override name = 'AccessReviewOptionsError';
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `sts:GetCallerIdentity`, retried like every other call. */
export async function callerIdentity(
  clients: Pick<AccessReviewClients, 'sts'>,
  caller: AwsCaller = new AwsCaller(),
): Promise<CallerIdentity> {
  const out = await caller.call('STS GetCallerIdentity', () =>
    clients.sts.send(new GetCallerIdentityCommand({})),
  );
  if (!out.Account || !out.Arn) throw new Error('STS GetCallerIdentity returned no account or ARN');
  return callerIdentityOf(out.Account, out.Arn);
}

/**
 * Reviews who and what has access to the account, for `DPP 1.2 Access Management`
 * (review every 90 days, remove accounts no longer needed, account lockout), AUP 3.5
 * (keys not used in 90 days), DUP 3.3 and DUP 3.4 (accounts not in use recycled).
 *
 * Reads the IAM credential report (every user in two calls), the account's
 * authorization details (roles with their last use, groups, policies) and the SP-API
 * credential secrets' metadata. A source that fails is recorded in `failures` and the
 * review is `incomplete`: what could be read is still reported, never called complete,
 * and enforcement is refused. Throws only for invalid options or when the caller's
 * identity cannot be read.
 */
export async function reviewAccess(
  options: AccessReviewOptions,
  deps: AccessReviewDependencies,
): Promise<AccessReview> {
  assertValidOptions(options);
  const now = deps.now ?? (() => new Date());
  const sleep = deps.sleep ?? realSleep;
  const log = deps.log ?? createLogger({ serviceName: 'access-review' });
  const caller = new AwsCaller({
    ...(deps.retryLimits ? { limits: deps.retryLimits } : {}),
    sleep,
    ...(deps.random ? { random: deps.random } : {}),
    onRetry: ({ operation, attempt, delayMs }) =>
      log.warn('AWS call throttled or failed; retrying', { operation, attempt, delayMs }),
  });
  const mode = options.mode ?? 'dry-run';
  const started = now();
  const identity = deps.identity ?? (await callerIdentity(deps, caller));
  const failures: SourceFailure[] = [];
  const attempt = async <T>(source: SourceFailure['source'], read: () => Promise<T>) => {
    try {
      return await read();
    } catch (e) {
      failures.push({ source, reason: describeError(e) });
      log.warn('access review source failed', { source, reason: describeError(e) });
      return undefined;
    }
  };

  const report: CredentialReport | undefined = await attempt('credential-report', () =>
    fetchCredentialReport(deps.iam, caller, {
      sleep,
      ...(deps.pollLimits ? { limits: deps.pollLimits } : {}),
    }),
  );
  const details: AuthorizationDetails | undefined = await attempt('authorization-details', () =>
    fetchAuthorizationDetails(deps.iam, caller),
  );
  const secrets: SecretMetadata[] | undefined =
    options.secretPrefixes.length === 0
      ? undefined
      : await attempt('secrets', () =>
          fetchCredentialSecrets(deps.secretsManager, caller, options.secretPrefixes),
        );

  const reviewedAt = now();
  const context = { now: reviewedAt, breakGlass: options.breakGlass, caller: identity };
  const users = report ? usersOf(report.rows, details, context) : undefined;
  const root = report ? rootOf(report.rows, reviewedAt) : undefined;
  const roles = details ? rolesOf(details, context) : undefined;
  const secretEntries = secrets
    ? secretsOf(
        secrets,
        options.secretPrefixes,
        options.unrotatedSecretSubPrefixes ?? DEFAULT_UNROTATED_SECRET_SUB_PREFIXES,
        reviewedAt,
      )
    : undefined;
  const policies = details && roles ? policyFindings(details, roles, users) : undefined;
  const findings: Finding[] = sortFindings([
    ...(root ? rootFindings(root) : []),
    ...(users ?? []).flatMap((u) => userFindings(u, reviewedAt)),
    ...(roles ?? []).flatMap((r) => roleFindings(r, reviewedAt)),
    ...(policies?.findings ?? []),
    ...(secretEntries ?? []).flatMap((s) => secretFindings(s, reviewedAt)),
  ]);
  const inventory: Inventory = {
    ...(report ? { credentialReportGeneratedAt: report.generatedAt.toISOString() } : {}),
    ...(root ? { root } : {}),
    ...(users ? { users } : {}),
    ...(roles ? { roles } : {}),
    ...(secretEntries ? { secrets: secretEntries } : {}),
    ...(policies ? { policiesAnalysed: policies.analysed } : {}),
  };
  const status = failures.length === 0 ? 'complete' : 'incomplete';

  const enforcement =
    status === 'incomplete'
      ? refusedEnforcement(
          mode,
          'the review is incomplete (see failures): nothing is changed on partial data',
        )
      : await enforce({
          mode,
          users: users ?? [],
          findings,
          now: reviewedAt,
          iam: deps.iam,
          caller: caller,
          log,
        });

  return {
    schemaVersion: ACCESS_REVIEW_SCHEMA_VERSION,
    accountId: identity.accountId,
    ...(options.environment ? { environment: options.environment } : {}),
    caller: identity,
    operator: options.operator,
    mode,
    startedAt: started.toISOString(),
    finishedAt: now().toISOString(),
    status,
    failures,
    notes: notesOf(options),
    thresholds: ACCESS_REVIEW_THRESHOLDS,
    nextReviewDue: addDays(started, ACCESS_REVIEW_THRESHOLDS.reviewInterval.days)
      .toISOString()
      .slice(0, 10),
    inventory,
    findings,
    enforcement,
    calls: caller.callCounts,
  };
}

function assertValidOptions(options: AccessReviewOptions): void {
  const problems = [
    ...options.secretPrefixes.flatMap((p) => secretPrefixProblem(p) ?? []),
    ...(options.operator.trim() === '' ? ['the operator is empty'] : []),
    ...[...options.breakGlass.roleNames, ...options.breakGlass.userNames]
      .filter((n) => !/^[\w+=,.@-]{1,128}$/.test(n))
      .map((n) => `the break-glass name '${n}' is not an IAM user or role name`),
  ];
  if (problems.length > 0) {
    throw new AccessReviewOptionsError(
      `The access review options are invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}

function notesOf(options: AccessReviewOptions): string[] {
  const notes: string[] = [];
  if (options.secretPrefixes.length === 0) {
    notes.push(
      `No SP-API credential secret prefix was given: the ${cite('AUP 3.5')} check of the credentials was not run.`,
    );
  }
  if (options.breakGlass.roleNames.length === 0) {
    notes.push('No break-glass role was named: every unused role is reported the same way.');
  }
  if (options.breakGlass.userNames.length === 0) {
    notes.push(
      'No break-glass user was named: enforcement protects only the caller; a break-glass IAM user would be locked out when idle.',
    );
  }
  return notes;
}
