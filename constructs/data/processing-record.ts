import { IConstruct } from 'constructs';
import type { AccessLedger } from './access-ledger';

/**
 * The record of processing activities (DPP 2.2 Data Governance: "a record of data
 * processing activities such as specific data fields and how they are collected,
 * processed, stored, used, shared, and disposed for all PII"). Each PII store declares
 * what it holds; the app collects the declarations into `cdk.out`.
 */

/**
 * The purposes for which PII may be kept (DPP 2.1 (i)-(iii); AUP 4.1 and DUP 4.1
 * PII only for tax and merchant fulfillment). A field with any other purpose does
 * not type-check.
 */
export type PiiPurpose =
  'merchant-fulfilled shipping' | 'tax calculation and remittance' | 'tax invoicing';

export interface PiiField {
  /** Attribute or document name as stored. */
  readonly name: string;
  /** What the field holds. */
  readonly description: string;
  /** Where it comes from, e.g. `Orders API getOrderAddress (restricted data token)`. */
  readonly collectedFrom: string;
  readonly purposes: readonly PiiPurpose[];
}

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

/** One store's entry in the record of processing. */
export interface ProcessingRecord {
  /** Construct path of the store, e.g. `Prod/Baseline/Data/PiiTable`. */
  readonly store: string;
  readonly storeType: string;
  readonly dataset: string;
  readonly fields: readonly PiiField[];
  /** How long the data is kept and from when. */
  readonly retention: string;
  /** How the data is disposed of. */
  readonly disposal: string;
  /** Construct paths (or principal descriptions) of everything granted read access. */
  readonly readers: readonly string[];
  /** Construct paths (or principal descriptions) of everything granted write access. */
  readonly writers: readonly string[];
  readonly sharedWith: readonly string[];
}

/** A construct that contributes an entry to the record of processing. */
export interface IProcessingRecordSource extends IConstruct {
  readonly processingRecord: ProcessingRecord;
}

function isSource(c: IConstruct): c is IProcessingRecordSource {
  return (c as Partial<IProcessingRecordSource>).processingRecord !== undefined;
}

/** Every store's entry under `scope`, in construct-tree order. */
export function recordsOfProcessing(scope: IConstruct): ProcessingRecord[] {
  return scope.node
    .findAll()
    .filter(isSource)
    .map((c) => c.processingRecord);
}

/** What a store says of itself beyond its declaration and its grants. */
export interface StoreDisposition {
  readonly storeType: string;
  readonly retention: string;
  readonly disposal: string;
}

/** A store's entry: its declaration, how it keeps and disposes of data, and its grants. */
export function processingRecordOf(
  store: IConstruct,
  declaration: ProcessingDeclaration,
  ledger: AccessLedger,
  disposition: StoreDisposition,
): ProcessingRecord {
  return {
    store: store.node.path,
    ...disposition,
    dataset: declaration.dataset,
    fields: declaration.fields,
    readers: ledger.readers,
    writers: ledger.writers,
    sharedWith: declaration.sharedWith ?? [],
  };
}
