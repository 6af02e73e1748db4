/**
 * Where the PII stores keep one selling partner's data. The write path, the
 * deletion command (DPP 1.7) and the record of processing (DPP 2.2) all rely on it:
 * every item and object of a selling partner is found by its selling partner id.
 */

/** Partition key of the PII table: all of a selling partner's items share it. */
export const PII_TABLE_PARTITION_KEY = 'sellingPartnerId';
/** Sort key of the PII table, e.g. `order#<amazonOrderId>`. */
export const PII_TABLE_SORT_KEY = 'recordId';
/** TTL attribute of the PII table, epoch seconds (see `piiItemExpiry`). */
export const PII_TABLE_TTL_ATTRIBUTE = 'expiresAt';

/** The key prefix under which the PII bucket and the tax archive hold a selling partner's objects. */
export function sellingPartnerPrefix(sellingPartnerId: string): string {
  return `${sellingPartnerId}/`;
}

const SECONDS_PER_DAY = 24 * 60 * 60;

/**
 * The TTL value (epoch seconds) the write path stores in a PII item's `expiresAt`:
 * order delivery plus the live days of the table.
 */
export function piiItemExpiry(deliveredAt: Date, liveDays: number): number {
  return Math.floor(deliveredAt.getTime() / 1000) + liveDays * SECONDS_PER_DAY;
}
