import { MIN_PII_LIVE_DAYS, piiTableLiveDays } from '../../lib/policy/bounds';

/**
 * How the PII stores turn a retention limit into expiry settings (DPP 2.1 Data
 * Retention: PII no longer than 30 days after order delivery, copies included).
 * The services delete asynchronously, so each store keeps a margin for its lag.
 */

/**
 * Days S3 may take to remove an object once a lifecycle rule has expired it (S3 queues
 * expired objects and removes them asynchronously).
 */
export const S3_LIFECYCLE_LAG_DAYS = 1;
/** Days a PII object survives as a noncurrent version after it expired or was deleted. */
export const PII_NONCURRENT_VERSION_DAYS = 1;

/**
 * Days after creation at which a PII object expires, so that its noncurrent version
 * is gone too, lags included, within `retentionDays`. S3 counts from the object's
 * creation, which the write path keeps at or before order delivery.
 */
export function piiObjectExpirationDays(retentionDays: number): number {
  const days = retentionDays - PII_NONCURRENT_VERSION_DAYS - 2 * S3_LIFECYCLE_LAG_DAYS;
  if (days < 1) {
    throw new Error(`a PII retention of ${retentionDays} days leaves no day for live objects`);
  }
  return days;
}

/**
 * Days after order delivery that a PII item stays live in the table: what is left of
 * the retention after DynamoDB's TTL deletion lag and the point-in-time-recovery
 * window, during which a deleted item can still be restored.
 */
export function piiItemLiveDays(retentionDays: number, pitrRecoveryPeriodDays: number): number {
  const days = piiTableLiveDays(retentionDays, pitrRecoveryPeriodDays);
  if (days < MIN_PII_LIVE_DAYS) {
    throw new Error(
      `a PII retention of ${retentionDays} days with ${pitrRecoveryPeriodDays} days of point-in-time recovery leaves no day for live items`,
    );
  }
  return days;
}
