import {
  AUP_UNUSED_KEY_DAYS,
  DPP_ACCESS_REVIEW_DAYS,
  DPP_MAX_CREDENTIAL_AGE_DAYS,
} from '../policy/bounds';
import { ClauseId, cite } from '../policy/clauses';

/**
 * The one place the access review's time limits live. Every limit is the 90 days that
 * the policies name; a finding, the report and the runbook all read them from here.
 *
 * - DPP 1.2 Access Management: review the people and services with access every 90
 *   days and remove accounts that no longer need it.
 * - DPP 1.4 Password Management: passwords rotated at least quarterly.
 * - AUP 3.5: keys that make no successful call in 90 days are deleted.
 * - DUP 3.4: secret keys updated and reset regularly; accounts not in use for a fixed
 *   period recycled (the company fixes the period at the DPP's 90 days).
 */
export const REVIEW_PERIOD_DAYS = DPP_ACCESS_REVIEW_DAYS;

export interface Threshold {
  /** More than this many whole days makes the thing stale. */
  readonly days: number;
  /** The clause that sets the limit. */
  readonly clause: ClauseId;
}

export interface AccessReviewThresholds {
  /** An access key created (rotated) longer ago than this is due for rotation. */
  readonly accessKeyMaxAge: Threshold;
  /** An access key not used for this long (or never, since its creation) is stale. */
  readonly accessKeyUnused: Threshold;
  /** A user with no sign-in, no key use and no new credential for this long is inactive. */
  readonly userInactive: Threshold;
  /** A console password not changed for this long has outlived the rotation period. */
  readonly passwordMaxAge: Threshold;
  /** A role not assumed for this long (or never, since its creation) is unused. */
  readonly roleUnused: Threshold;
  /** An SP-API credential secret not read for this long is an unused key. */
  readonly secretUnused: Threshold;
  /** An SP-API credential secret not rotated for this long is overdue. */
  readonly secretRotation: Threshold;
  /** The review itself is due again this many days after the last one. */
  readonly reviewInterval: Threshold;
}

export const ACCESS_REVIEW_THRESHOLDS: AccessReviewThresholds = {
  accessKeyMaxAge: { days: REVIEW_PERIOD_DAYS, clause: 'DUP 3.4' },
  accessKeyUnused: { days: REVIEW_PERIOD_DAYS, clause: 'DPP 1.2' },
  userInactive: { days: REVIEW_PERIOD_DAYS, clause: 'DUP 3.4' },
  passwordMaxAge: { days: DPP_MAX_CREDENTIAL_AGE_DAYS, clause: 'DPP 1.4' },
  roleUnused: { days: REVIEW_PERIOD_DAYS, clause: 'DPP 1.2' },
  secretUnused: { days: AUP_UNUSED_KEY_DAYS, clause: 'AUP 3.5' },
  secretRotation: { days: DPP_MAX_CREDENTIAL_AGE_DAYS, clause: 'DUP 3.4' },
  reviewInterval: { days: REVIEW_PERIOD_DAYS, clause: 'DPP 1.2' },
};

/** The limit as a reviewer reads it: `90 days (DUP 3.4 Regular key rotation and account recycling)`. */
export function describeThreshold(threshold: Threshold): string {
  return `${threshold.days} days (${cite(threshold.clause)})`;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from `then` to `now`; 0 when `then` is in the future (clock skew). */
export function daysSince(then: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - then.getTime()) / DAY_MS));
}

/** Whether more than `threshold.days` whole days separate `then` from `now`. */
export function isOlderThan(then: Date, now: Date, threshold: Threshold): boolean {
  return now.getTime() - then.getTime() > threshold.days * DAY_MS;
}

/** `date` plus `days`, for the next review's due date. */
export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}
