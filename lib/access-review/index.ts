/**
 * The 90-day access review (DPP 1.2 Access Management, AUP 3.5, DUP 3.3, DUP 3.4) and
 * its "account lockout" enforcement. The command is scripts/access-review.ts, the
 * scheduled function constructs/access/functions/access-review.ts, the runbook
 * docs/runbooks/access-review.md.
 */
export {
  AwsCaller,
  DEFAULT_RETRY_LIMITS,
  PaginationError,
  RetryBudgetExhaustedError,
} from './aws-calls';
export type { RetryLimits } from './aws-calls';
export { AUTHORIZATION_DETAILS_PAGE_SIZE } from './authorization-details';
export { createAccessReviewClients } from './clients';
export type { AccessReviewClients, ClientOptions } from './clients';
export {
  CredentialReportFormatError,
  CredentialReportTimeoutError,
  DEFAULT_POLL_LIMITS,
  REQUIRED_COLUMNS,
  ROOT_ACCOUNT_USER,
  parseCredentialReport,
} from './credential-report';
export type { PollLimits } from './credential-report';
export { FINDING_CLAUSES } from './findings';
export { callerIdentityOf } from './inventory';
export { REVIEW_ENFORCE_PERMISSIONS, REVIEW_READ_PERMISSIONS } from './permissions';
export type { ActionGrant } from './permissions';
export { DATA_SERVICES, coversAllResources, coversService, grantsOf } from './policy-grants';
export {
  FINDING_TITLES,
  reportBaseName,
  reviewJson,
  reviewMarkdown,
  reviewSummary,
} from './report';
export type { AccessReviewDependencies } from './review';
export {
  AccessReviewOptionsError,
  DEFAULT_UNROTATED_SECRET_SUB_PREFIXES,
  callerIdentity,
  reviewAccess,
} from './review';
export { LIST_SECRETS_PAGE_SIZE, secretPrefixProblem } from './secrets';
export { ACCESS_REVIEW_THRESHOLDS, REVIEW_PERIOD_DAYS, describeThreshold } from './thresholds';
export * from './types';
export { ReviewTargetError, credentialSecretPrefix, reviewTarget } from './target';
export type { EnvironmentRef, ReviewTarget, TargetRequest } from './target';
