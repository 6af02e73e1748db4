/**
 * The numbers the policies set, and the few the baseline sets more strictly, each
 * with the clause it comes from. Config validation, constructs and the DPP pack's
 * rules all read them here, so a bound is written once; a rule still computes what
 * it checks on its own, from the template.
 */

// ---- DPP 2.1 Data Retention
/** The longest DPP 2.1 allows PII to be kept after order delivery. */
export const DPP_MAX_PII_RETENTION_DAYS = 30;

// ---- DPP 2.6 Logging and Monitoring
/** The log retention floor of DPP 2.6 ("retained for at least 90 days"). */
export const DPP_MIN_LOG_RETENTION_DAYS = 90;
/**
 * This baseline keeps prod logs a year, so that a Security Incident found late can
 * still be traced (stricter than DPP 2.6).
 */
export const BASELINE_PROD_LOG_RETENTION_DAYS = 365;

// ---- DPP 1.7 Request for Deletion or Return
/** Hours within which Information is deleted or returned after Amazon's request. */
export const DPP_DELETION_REQUEST_HOURS = 72;
/** Days after Amazon's notice by which every live instance of Information is deleted. */
export const DPP_LIVE_INSTANCES_DELETION_DAYS = 90;

// ---- DPP 1.2 Access Management, AUP 3.5, DUP 3.4
/** Days between reviews of the people and services with access to Information (DPP 1.2). */
export const DPP_ACCESS_REVIEW_DAYS = 90;
/** Days without a successful call after which Amazon deletes SP-API keys (AUP 3.5). */
export const AUP_UNUSED_KEY_DAYS = 90;

// ---- DPP 1.4 Password Management
/** Minimum password length of DPP 1.4. */
export const DPP_MIN_PASSWORD_LENGTH = 8;
/** The character classes DPP 1.4 requires in every password. */
export const DPP_PASSWORD_CHARACTER_CLASSES = [
  'upper case letters',
  'lower case letters',
  'numbers',
  'special characters',
] as const;
/**
 * The baseline's floor on password reuse prevention (stricter than DPP 1.4, which is
 * silent): without it, quarterly rotation could alternate between two passwords.
 */
export const BASELINE_MIN_PASSWORD_REUSE_PREVENTION = 10;
/** What IAM accepts for an account password policy. */
export const IAM_PASSWORD_POLICY_LIMITS = {
  maxMinimumLength: 128,
  maxReusePrevention: 24,
} as const;
/** "Rotated at least quarterly": the longest a password or system credential may live. */
export const DPP_MAX_CREDENTIAL_AGE_DAYS = 90;

// ---- Login with Amazon client secrets (Amazon's SP-API rules for applications)
/** Amazon requires the LWA client secret to be rotated at least this often. */
export const LWA_CLIENT_SECRET_MAX_AGE_DAYS = 180;
/** Days the previous LWA client secret keeps working after a rotation. */
export const LWA_OLD_SECRET_VALID_DAYS = 7;

// ---- DPP 1.5 Encryption in Transit
/** The lowest TLS version DPP 1.5 accepts. */
export const DPP_MIN_TLS_VERSION = '1.2';

// ---- DPP 2.7 Vulnerability Management
/** Days between vulnerability scans or penetration tests, at most. */
export const DPP_MAX_VULNERABILITY_SCAN_INTERVAL_DAYS = 180;
/** Days to fix a vulnerability, by severity (Amazon's policy update of 2025-11-11). */
export const VULNERABILITY_FIX_DAYS = { critical: 7, high: 30 } as const;

// ---- DPP 1.6 Incident Response Plan
/** Where and how fast Amazon is told of a Security Incident. */
export const SECURITY_INCIDENT_NOTICE = {
  email: '3p-security@amazon.com',
  withinHours: 24,
} as const;
/** Months between reviews of the incident response plan. */
export const DPP_INCIDENT_PLAN_REVIEW_MONTHS = 6;

// ---- DPP 3 Audit and Assessment
/** Months after the agreement ends that books and records are kept. */
export const DPP_RECORDS_AFTER_AGREEMENT_MONTHS = 12;

// ---- Facts of AWS services that turn the bounds above into settings
/**
 * Days DynamoDB may take to delete an item after its TTL has passed (AWS documents
 * "within a few days"; two is the planning figure).
 */
export const DYNAMODB_TTL_DELETION_LAG_DAYS = 2;
/** Point-in-time recovery periods DynamoDB accepts, in days. */
export const DYNAMODB_PITR_RECOVERY_DAYS = { min: 1, max: 35 } as const;
/** The fewest days a PII item must stay live: a table that holds nothing live is of no use. */
export const MIN_PII_LIVE_DAYS = 1;
/**
 * Days a PII item stays live in a table under a retention of `retentionDays`. DPP 2.1
 * counts backups as retention, so the item's time splits three ways: live, then up to
 * the TTL deletion lag until DynamoDB deletes it, then the point-in-time-recovery
 * window during which it can still be restored. The settings fit only if this is at
 * least `MIN_PII_LIVE_DAYS`. Config validation, the PII table construct and the DPP
 * pack's rule all use this one formula.
 */
export function piiTableLiveDays(retentionDays: number, pitrRecoveryPeriodDays: number): number {
  return retentionDays - DYNAMODB_TTL_DELETION_LAG_DAYS - pitrRecoveryPeriodDays;
}
/** The longest point-in-time recovery period that leaves a PII item its live days. */
export function maxPiiPitrRecoveryDays(retentionDays: number): number {
  return piiTableLiveDays(retentionDays, 0) - MIN_PII_LIVE_DAYS;
}
/** The longest point-in-time recovery period a PII table may keep under DPP 2.1. */
export const MAX_PII_PITR_RECOVERY_DAYS = maxPiiPitrRecoveryDays(DPP_MAX_PII_RETENTION_DAYS);
/** Retention values CloudWatch Logs accepts, in days. */
export const CLOUDWATCH_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;

/**
 * Days in a legal period of `years` years, leap days included: what a legally required
 * archive (DPP 2.1) must hold an object at least, and may keep it at most.
 */
export function legalPeriodDays(years: number): number {
  return Math.ceil(years * 365.25);
}
