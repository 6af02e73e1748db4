/**
 * What the canary records hold (DPP 2.6 "access to canary data records"). They must look
 * like the real records of the PII stores, so that whoever takes data takes them too,
 * and must carry no real PII. Every value below is fictitious by construction:
 * - the name is invented;
 * - the street is "Example", the e-mail domain is `example.com` (reserved by RFC 2606);
 * - the phone number is in 555-0100..0199, the range reserved for fiction in the
 *   North American Numbering Plan;
 * - the selling partner and order ids are derived from the stack, not issued by Amazon.
 */

/** Where the canary records are and what they are called. */
export interface CanarySpec {
  readonly bucketName: string;
  readonly objectKey: string;
  readonly tableName: string;
  readonly partitionKeyName: string;
  readonly sortKeyName: string;
  readonly ttlAttributeName: string;
  readonly sellingPartnerId: string;
  readonly amazonOrderId: string;
  /** Days after "delivery" the canary item stays live before its TTL; the table's own. */
  readonly liveDays: number;
}

/** The fictitious buyer of the canary order. */
export const CANARY_BUYER = {
  name: 'Avery Quinlan',
  addressLine1: '1200 Example Parkway',
  city: 'Anytown',
  stateOrRegion: 'WA',
  postalCode: '98000',
  countryCode: 'US',
  phone: '+1 206 555 0147',
  email: 'avery.quinlan@example.com',
} as const;

/** The document the canary object holds: a shipping label's data, as the PII bucket keeps them. */
export function canaryDocument(spec: CanarySpec): string {
  return JSON.stringify({
    amazonOrderId: spec.amazonOrderId,
    sellingPartnerId: spec.sellingPartnerId,
    shipTo: {
      name: CANARY_BUYER.name,
      addressLine1: CANARY_BUYER.addressLine1,
      city: CANARY_BUYER.city,
      stateOrRegion: CANARY_BUYER.stateOrRegion,
      postalCode: CANARY_BUYER.postalCode,
      countryCode: CANARY_BUYER.countryCode,
      phone: CANARY_BUYER.phone,
    },
    carrier: 'UPS',
    service: 'Ground',
  });
}

/**
 * The canary item, an order as the PII table keeps them, expiring like any other item:
 * `expiresAt` is set by the caller from the table's live days.
 */
export function canaryItem(spec: CanarySpec, expiresAt: number): Record<string, unknown> {
  return {
    [spec.partitionKeyName]: spec.sellingPartnerId,
    [spec.sortKeyName]: canaryRecordId(spec),
    [spec.ttlAttributeName]: expiresAt,
    amazonOrderId: spec.amazonOrderId,
    buyerName: CANARY_BUYER.name,
    buyerEmail: CANARY_BUYER.email,
    shippingAddress: {
      addressLine1: CANARY_BUYER.addressLine1,
      city: CANARY_BUYER.city,
      stateOrRegion: CANARY_BUYER.stateOrRegion,
      postalCode: CANARY_BUYER.postalCode,
      countryCode: CANARY_BUYER.countryCode,
      phone: CANARY_BUYER.phone,
    },
  };
}

/** The canary item's sort key, in the table's `order#<amazonOrderId>` form. */
export function canaryRecordId(spec: Pick<CanarySpec, 'amazonOrderId'>): string {
  return `order#${spec.amazonOrderId}`;
}
