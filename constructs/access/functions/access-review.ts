/**
 * The scheduled access review (DPP 1.2 Access Management, AUP 3.5, DUP 3.3, DUP 3.4):
 * every 7 days the same review as `npm run access-review`, with a summary published to
 * the security topic and, only when the environment says `enforce`, account lockout of
 * stale access keys and idle console users. Dry run is the default.
 *
 * The construct that deploys it lives beside this file; everything it needs to grant
 * exactly what the function calls, and to set the function up, is exported here.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import {
  AccessReview,
  AccessReviewClients,
  AwsCaller,
  REVIEW_ENFORCE_PERMISSIONS,
  REVIEW_READ_PERMISSIONS,
  ReviewMode,
  createAccessReviewClients,
  reviewAccess,
  reviewSummary,
  secretPrefixProblem,
} from '../../../lib/access-review';
import type { AccessReviewDependencies, ActionGrant } from '../../../lib/access-review';
import { createLogger } from '../../../lib/runtime/logger';
import { describeError } from '../../../lib/runtime/retry';

/** The handler for `NodejsFunction`: `entry` (this file, source or compiled) and `handler`. */
export const ACCESS_REVIEW_HANDLER = {
  entry: __filename,
  handler: 'handler',
} as const;

/** How often the review runs. DPP 1.2 asks for 90 days; weekly runs find stale access early. */
export const ACCESS_REVIEW_SCHEDULE_DAYS = 7;

/**
 * Enough for the credential report's longest wait (3 minutes) and the retry budget's
 * waits, with room for the listing of a large account.
 */
export const ACCESS_REVIEW_TIMEOUT_SECONDS = 900;

/**
 * A failed run must not be retried by Lambda's asynchronous invocation: it would publish
 * again and the next scheduled run is the retry. The failure is an error metric to alarm on.
 */
export const ACCESS_REVIEW_RETRY_ATTEMPTS = 0;

/** The function's environment variables. */
export const ACCESS_REVIEW_ENV = {
  /** ARN of the security topic the summary is published to. Required. */
  topicArn: 'ACCESS_REVIEW_TOPIC_ARN',
  /** `dry-run` (the default when unset) or `enforce`. */
  mode: 'ACCESS_REVIEW_MODE',
  /** Comma-separated SP-API credential secret prefixes, `<project>/<env>/` each. */
  secretPrefixes: 'ACCESS_REVIEW_SECRET_PREFIXES',
  /** Comma-separated break-glass role names. */
  breakGlassRoles: 'ACCESS_REVIEW_BREAK_GLASS_ROLES',
  /** Comma-separated break-glass user names: never locked out. */
  breakGlassUsers: 'ACCESS_REVIEW_BREAK_GLASS_USERS',
  /** The environment name(s), for the report: `prod`. */
  environment: 'ACCESS_REVIEW_ENVIRONMENT',
} as const;

/**
 * What the function's role must be granted, by resource:
 * - `read` on `*` (account-level APIs), always;
 * - `enforce` on the account's IAM users, only when the mode is `enforce`;
 * - `publish` on the topic (and its key's `kms:GenerateDataKey*`/`kms:Decrypt` if encrypted).
 * `sts:GetCallerIdentity` needs no permission.
 */
export const ACCESS_REVIEW_PERMISSIONS: {
  readonly read: readonly ActionGrant[];
  readonly enforce: readonly ActionGrant[];
  readonly publish: readonly string[];
} = {
  read: REVIEW_READ_PERMISSIONS,
  enforce: REVIEW_ENFORCE_PERMISSIONS,
  publish: ['sns:Publish'],
};

/** An SNS message holds at most 256 KB; the summary stays well below. */
const MAX_MESSAGE_CHARS = 200_000;
const FINDINGS_IN_MESSAGE = 100;

export interface Settings {
  readonly topicArn: string;
  readonly mode: ReviewMode;
  readonly secretPrefixes: readonly string[];
  readonly breakGlassRoles: readonly string[];
  readonly breakGlassUsers: readonly string[];
  readonly environment?: string;
}

/** The function was deployed with an environment it cannot run with. */
export class SettingsError extends Error {
  override name = 'SettingsError';
}

const listOf = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');

/** The settings from the environment; throws `SettingsError` naming the variable. */
export function readSettings(env: Readonly<Record<string, string | undefined>>): Settings {
  const topicArn = env[ACCESS_REVIEW_ENV.topicArn]?.trim() ?? '';
  if (!/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]+$/.test(topicArn)) {
    throw new SettingsError(
      `${ACCESS_REVIEW_ENV.topicArn} must be an SNS topic ARN, received '${topicArn}'`,
    );
  }
  const mode = env[ACCESS_REVIEW_ENV.mode]?.trim() || 'dry-run';
  if (mode !== 'dry-run' && mode !== 'enforce') {
    throw new SettingsError(
      `${ACCESS_REVIEW_ENV.mode} must be 'dry-run' or 'enforce', received '${mode}'; nothing was reviewed`,
    );
  }
  const secretPrefixes = listOf(env[ACCESS_REVIEW_ENV.secretPrefixes]);
  const badPrefix = secretPrefixes.map(secretPrefixProblem).find((p) => p !== undefined);
  if (badPrefix) throw new SettingsError(`${ACCESS_REVIEW_ENV.secretPrefixes}: ${badPrefix}`);
  const environment = env[ACCESS_REVIEW_ENV.environment]?.trim();
  return {
    topicArn,
    mode,
    secretPrefixes,
    breakGlassRoles: listOf(env[ACCESS_REVIEW_ENV.breakGlassRoles]),
    breakGlassUsers: listOf(env[ACCESS_REVIEW_ENV.breakGlassUsers]),
    ...(environment ? { environment } : {}),
  };
}

export interface HandlerDependencies {
  readonly clients?: () => AccessReviewClients;
  readonly sns?: () => SNSClient;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly review?: Pick<AccessReviewDependencies, 'now' | 'sleep' | 'random' | 'log'>;
}

export interface HandlerResult {
  readonly accountId: string;
  readonly status: AccessReview['status'];
  readonly mode: ReviewMode;
  readonly findings: number;
  readonly actions: Readonly<Record<string, number>>;
}

/** The subject line of the notification (SNS allows 100 characters). */
export function subjectOf(review: AccessReview): string {
  const high = review.findings.filter((f) => f.severity === 'high').length;
  const env = review.environment ? ` ${review.environment}` : '';
  const state = review.status === 'complete' ? '' : ' INCOMPLETE';
  return `Access review ${review.accountId}${env}${state}: ${review.findings.length} findings, ${high} high`.slice(
    0,
    100,
  );
}

/** Builds the handler; the exported `handler` uses real clients, tests pass their own. */
export function createHandler(deps: HandlerDependencies = {}) {
  let clients: AccessReviewClients | undefined;
  let sns: SNSClient | undefined;
  return async (
    _event: unknown,
    context: Pick<Context, 'functionName'>,
  ): Promise<HandlerResult> => {
    const settings = readSettings(deps.env ?? process.env);
    const log =
      deps.review?.log ??
      createLogger({
        serviceName: 'access-review',
        ...(settings.environment ? { persistentKeys: { environment: settings.environment } } : {}),
      });
    clients ??= deps.clients?.() ?? createAccessReviewClients();
    sns ??= deps.sns?.() ?? new SNSClient({ maxAttempts: 1 });
    const publisher = new AwsCaller(deps.review?.sleep ? { sleep: deps.review.sleep } : {});
    const publish = (subject: string, message: string) =>
      publisher.call('SNS Publish', () =>
        (sns as SNSClient).send(
          new PublishCommand({
            TopicArn: settings.topicArn,
            Subject: subject,
            Message: message.slice(0, MAX_MESSAGE_CHARS),
          }),
        ),
      );

    let review: AccessReview;
    try {
      review = await reviewAccess(
        {
          secretPrefixes: settings.secretPrefixes,
          breakGlass: { roleNames: settings.breakGlassRoles, userNames: settings.breakGlassUsers },
          mode: settings.mode,
          operator: `scheduled function ${context.functionName}`,
          ...(settings.environment ? { environment: settings.environment } : {}),
        },
        { ...clients, ...deps.review, log },
      );
    } catch (e) {
      log.warn('the access review could not run', { reason: describeError(e) });
      await publish(
        `Access review FAILED${settings.environment ? ` (${settings.environment})` : ''}`,
        `The scheduled access review could not run: ${describeError(e)}\nRun npm run access-review by hand and see docs/runbooks/access-review.md.`,
      );
      throw e;
    }

    await publish(
      subjectOf(review),
      `${reviewSummary(review, FINDINGS_IN_MESSAGE)}\n\nFor the full report run: npm run access-review -- --profile <profile>`,
    );
    const actions: Record<string, number> = {};
    for (const a of review.enforcement.actions) actions[a.outcome] = (actions[a.outcome] ?? 0) + 1;
    const result: HandlerResult = {
      accountId: review.accountId,
      status: review.status,
      mode: review.mode,
      findings: review.findings.length,
      actions,
    };
    log.info('access review finished', { ...result, failures: review.failures });
    if (review.status === 'incomplete') {
      throw new Error(
        `the access review is incomplete: ${review.failures.map((f) => `${f.source}: ${f.reason}`).join('; ')}`,
      );
    }
    const failed = review.enforcement.actions.filter((a) => a.outcome === 'failed');
    if (failed.length > 0) {
      throw new Error(
        `${failed.length} account lockout action(s) failed: ${failed.map((a) => `${a.kind} ${a.userName}: ${a.reason}`).join('; ')}`,
      );
    }
    return result;
  };
}

export const handler = createHandler();
