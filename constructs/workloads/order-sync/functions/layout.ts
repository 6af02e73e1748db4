/**
 * How the order-sync workload lays out its items in the PII table, shared by the
 * construct (which grants exactly these attributes and declares the PII fields) and
 * the function (which writes them). The keys and `expiresAt` are the table's own
 * (`constructs/data/layout.ts`).
 */

/** The PII fields of an order's item: what the record of processing lists. */
export const ORDER_FIELDS = {
  /** The recipient's name on the shipping address. */
  shipToName: 'shipToName',
  /** Address lines, city, region, postal code and country (a map). */
  shippingAddress: 'shippingAddress',
} as const;

/** The attribute of the checkpoint item: the time up to which orders were synchronized. */
export const CHECKPOINT_ATTRIBUTE = 'syncedUntil';

/** Sort key of a selling partner's checkpoint item (no PII). */
export const CHECKPOINT_RECORD_ID = 'checkpoint#order-sync';

/** Sort key of an order's item, `order#<AmazonOrderId>`. */
export function orderRecordId(amazonOrderId: string): string {
  return `order#${amazonOrderId}`;
}

/** The environment variables the construct sets and the function reads. */
export const ORDER_SYNC_ENVIRONMENT = {
  spApiEndpoint: 'SP_API_ENDPOINT',
  lwaSecretArn: 'LWA_SECRET_ARN',
  sellingPartnerSecretPrefix: 'SELLING_PARTNER_SECRET_PREFIX',
  sellingPartnerIds: 'SELLING_PARTNER_IDS',
  marketplaceIds: 'MARKETPLACE_IDS',
  tableName: 'PII_TABLE_NAME',
  liveDays: 'PII_LIVE_DAYS',
  initialLookbackHours: 'INITIAL_LOOKBACK_HOURS',
} as const;
