import { ClauseId } from '../policy/clauses';
import { AccessReviewThresholds } from './thresholds';

/**
 * Types of the access review (DPP 1.2 Access Management, AUP 3.5, DUP 3.3, DUP 3.4):
 * what it is asked to do, what it reads, what it finds and what it did. The JSON report
 * is `AccessReview` as it is; raise the schema version when a field changes meaning.
 */

export const ACCESS_REVIEW_SCHEMA_VERSION = 1;

/** `dry-run` only reports (and plans); `enforce` also acts on what is stale. */
export type ReviewMode = 'dry-run' | 'enforce';

/** Principals that enforcement never touches and findings mark as expected to be idle. */
export interface BreakGlassNames {
  /** IAM role names (not ARNs) of the break-glass role(s). */
  readonly roleNames: readonly string[];
  /** IAM user names of break-glass users, if the company keeps any. */
  readonly userNames: readonly string[];
}

/** Who runs the review: `sts:GetCallerIdentity`. */
export interface CallerIdentity {
  readonly accountId: string;
  readonly arn: string;
  /** The IAM user name when the caller is an IAM user. */
  readonly userName?: string;
  /** The role name when the caller is an assumed role (a person's SSO session, a function). */
  readonly roleName?: string;
}

export interface AccessReviewOptions {
  /**
   * Name prefixes of the SP-API credential secrets, `<project>/<env>/` each (LWA client
   * credentials and selling partners' refresh tokens). Empty: the SP-API credentials
   * section is left out and says so.
   */
  readonly secretPrefixes: readonly string[];
  /**
   * Secret name prefixes, below a secret prefix, of credentials that are not rotated by
   * the Developer (a selling partner's refresh token is replaced only when the partner
   * authorizes again): their rotation age is reported but not a finding.
   * @default ['selling-partners/']
   */
  readonly unrotatedSecretSubPrefixes?: readonly string[];
  readonly breakGlass: BreakGlassNames;
  /** @default 'dry-run' */
  readonly mode?: ReviewMode;
  /** Who runs the review (a person's unique id, DPP 1.2, or the function's name). */
  readonly operator: string;
  /** The environment(s) reviewed, for the report: `prod`, `test, prod`. */
  readonly environment?: string;
}

/** A moment as the report shows it: ISO 8601, and whole days before the review. */
export interface Moment {
  readonly at: string;
  readonly daysAgo: number;
}

export interface AccessKeyEntry {
  /** The credential report's slot: access_key_1 or access_key_2. */
  readonly slot: 1 | 2;
  readonly active: boolean;
  /** When the key was created (the report's `last_rotated`). */
  readonly created?: Moment;
  readonly lastUsed?: Moment;
  readonly lastUsedService?: string;
  readonly lastUsedRegion?: string;
}

export interface UserEntry {
  readonly userName: string;
  readonly arn: string;
  readonly created: Moment;
  /** Console access: the user has a password (a login profile). */
  readonly consoleAccess: boolean;
  readonly passwordLastUsed?: Moment;
  readonly passwordLastChanged?: Moment;
  readonly mfaActive: boolean;
  readonly accessKeys: readonly AccessKeyEntry[];
  /** The latest sign-in, key use, or credential issued: the user's last sign of life. */
  readonly lastActivity: Moment;
  /** Groups the user belongs to (from the authorization details, when read). */
  readonly groups?: readonly string[];
  readonly breakGlass: boolean;
  readonly isCaller: boolean;
}

/** The account's root user, as the credential report shows it. */
export interface RootEntry {
  readonly arn: string;
  readonly mfaActive: boolean;
  readonly activeAccessKeys: number;
  readonly passwordLastUsed?: Moment;
}

export interface RoleEntry {
  readonly roleName: string;
  readonly arn: string;
  readonly path: string;
  readonly created?: Moment;
  readonly lastUsed?: Moment;
  readonly lastUsedRegion?: string;
  /** AWS-owned: under `/aws-service-role/`, its policies are the service's. */
  readonly serviceLinked: boolean;
  /** Who may assume the role: principals of its trust policy (`AWS:…`, `Service:…`, `Federated:…`). */
  readonly trustedPrincipals: readonly string[];
  readonly managedPolicies: readonly string[];
  readonly inlinePolicies: readonly string[];
  readonly permissionsBoundary?: string;
  readonly breakGlass: boolean;
  readonly isCaller: boolean;
}

export interface SecretEntry {
  readonly name: string;
  readonly arn: string;
  readonly created?: Moment;
  /** Secrets Manager records the day of the last read, not the time. */
  readonly lastAccessed?: Moment;
  readonly lastRotated?: Moment;
  readonly lastChanged?: Moment;
  readonly rotationEnabled: boolean;
  /** Whether the Developer is expected to rotate it (see `unrotatedSecretSubPrefixes`). */
  readonly rotationExpected: boolean;
}

/** What the review could read. A source that failed is absent and listed in `failures`. */
export interface Inventory {
  readonly credentialReportGeneratedAt?: string;
  readonly root?: RootEntry;
  readonly users?: readonly UserEntry[];
  readonly roles?: readonly RoleEntry[];
  readonly secrets?: readonly SecretEntry[];
  /** How many managed and inline policies were analysed. */
  readonly policiesAnalysed?: number;
}

export type FindingKind =
  | 'root-access-key'
  | 'root-without-mfa'
  | 'console-user-without-mfa'
  | 'access-key-unused'
  | 'access-key-old'
  | 'user-inactive'
  | 'password-old'
  | 'role-unused'
  | 'policy-grants-admin'
  | 'policy-grants-wildcard-data-access'
  | 'policy-unreadable'
  | 'secret-not-accessed'
  | 'secret-not-rotated';

export type Severity = 'high' | 'medium' | 'low';

export type SubjectType = 'root' | 'user' | 'access-key' | 'role' | 'policy' | 'secret';

export interface FindingSubject {
  readonly type: SubjectType;
  /** User, role, policy or secret name; for a key, its user name. */
  readonly name: string;
  readonly arn?: string;
  /** For an access key: its slot in the credential report. */
  readonly keySlot?: 1 | 2;
}

export interface Finding {
  readonly kind: FindingKind;
  readonly severity: Severity;
  /** The clauses the finding is about, most specific first. */
  readonly clauses: readonly ClauseId[];
  readonly subject: FindingSubject;
  /** What was found, with dates and days. */
  readonly detail: string;
  /** What the reviewer should do. */
  readonly recommendation: string;
  /** Whether `enforce` acts on it (stale keys and console access of inactive users). */
  readonly enforceable: boolean;
  /** Set when the subject is a break-glass principal or the caller: never acted on. */
  readonly protectedAs?: 'break-glass' | 'caller';
}

export type ActionKind = 'deactivate-access-key' | 'delete-login-profile';

/**
 * - `planned`: a dry run would do it.
 * - `done`: enforce did it.
 * - `skipped`: enforce looked again and found it no longer stale, or already done.
 * - `failed`: the call failed; see `reason`.
 */
export type ActionOutcome = 'planned' | 'done' | 'skipped' | 'failed';

export interface EnforcementAction {
  readonly kind: ActionKind;
  readonly userName: string;
  /** The key's slot in the credential report, when the action is planned from it. */
  readonly keySlot?: 1 | 2;
  /** The last four characters of the access key id (the id is not written whole anywhere). */
  readonly accessKeyIdEnd?: string;
  readonly outcome: ActionOutcome;
  readonly reason: string;
}

export interface Enforcement {
  readonly mode: ReviewMode;
  readonly actions: readonly EnforcementAction[];
  /** Stale principals left alone because they are break-glass or the caller. */
  readonly protected: readonly {
    readonly userName: string;
    readonly as: 'break-glass' | 'caller';
  }[];
  /** Why nothing was attempted, when enforcement did not run. */
  readonly refused?: string;
}

export interface SourceFailure {
  /** `credential-report`, `authorization-details` or `secrets`. */
  readonly source: 'credential-report' | 'authorization-details' | 'secrets';
  readonly reason: string;
}

/** The review of one account: the JSON report. */
export interface AccessReview {
  readonly schemaVersion: typeof ACCESS_REVIEW_SCHEMA_VERSION;
  readonly accountId: string;
  readonly environment?: string;
  readonly caller: CallerIdentity;
  readonly operator: string;
  readonly mode: ReviewMode;
  /** ISO 8601. */
  readonly startedAt: string;
  readonly finishedAt: string;
  /** `complete` only when every source was read in full. */
  readonly status: 'complete' | 'incomplete';
  readonly failures: readonly SourceFailure[];
  /** Notes on scope (a section left out on purpose, a protected principal without a name). */
  readonly notes: readonly string[];
  readonly thresholds: AccessReviewThresholds;
  /** The next review is due by this date (DPP 1.2: every 90 days). */
  readonly nextReviewDue: string;
  readonly inventory: Inventory;
  readonly findings: readonly Finding[];
  readonly enforcement: Enforcement;
  /** IAM and Secrets Manager calls made, by operation, for the record. */
  readonly calls: Readonly<Record<string, number>>;
}
