/**
 * The record of processing activities (DPP 2.2 Data Governance: "a record of data
 * processing activities such as specific data fields and how they are collected,
 * processed, stored, used, shared, and disposed for all PII"): what a PII store
 * declares of itself. The store carries its declaration in the template, as metadata
 * of its resource under `PROCESSING_METADATA_KEY`; the report reads it from there and
 * adds who may read and write the store from the policies the templates grant.
 */

/**
 * The purposes for which PII may be kept (DPP 2.1 (i)-(iii); AUP 4.1 and DUP 4.1
 * PII only for tax and merchant fulfillment). A field with any other purpose does
 * not type-check.
 */
export const PII_PURPOSES = [
  'merchant-fulfilled shipping',
  'tax calculation and remittance',
  'tax invoicing',
] as const;

export type PiiPurpose = (typeof PII_PURPOSES)[number];

export interface PiiField {
  /** Attribute or document name as stored. */
  readonly name: string;
  /** What the field holds. */
  readonly description: string;
  /** Where it comes from, e.g. `Orders API getOrderAddress (restricted data token)`. */
  readonly collectedFrom: string;
  readonly purposes: readonly PiiPurpose[];
}

/** What a PII store holds and who outside the company it is shared with. */
export interface ProcessingDeclaration {
  /** What the store is for, in a sentence. */
  readonly dataset: string;
  readonly fields: readonly PiiField[];
  /**
   * Parties outside the company the data is shared with (DUP 4.6 forbids disclosure
   * beyond what the selling partner's business requires).
   * @default - none
   */
  readonly sharedWith?: readonly string[];
}

/** How a store keeps and disposes of what it holds, in words a reviewer reads. */
export interface StoreDisposition {
  /** The kind of store, e.g. `DynamoDB table`. */
  readonly storeType: string;
  /** How long the data is kept and from when. */
  readonly retention: string;
  /** How the data is disposed of. */
  readonly disposal: string;
}

/** What a PII store's resource carries in the template under `PROCESSING_METADATA_KEY`. */
export interface StoreProcessingMetadata extends ProcessingDeclaration, StoreDisposition {}

/** The template metadata key of a PII store's declaration. */
export const PROCESSING_METADATA_KEY = 'spapi-dpp:record-of-processing';
