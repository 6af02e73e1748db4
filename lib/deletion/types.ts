import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';

/**
 * Types of the deletion command (DPP 1.7 Request for Deletion or Return): what it is
 * asked to do, what it is given to do it, and the evidence record it returns.
 */

/** Version of the evidence record's shape; raise it when a field changes meaning. */
export const EVIDENCE_SCHEMA_VERSION = 1;

export interface DeletionOptions {
  /** The selling partner whose data goes; the key of every store (constructs/data/layout.ts). */
  readonly sellingPartnerId: string;
  /** The PII table (stack output `PiiTableName`). */
  readonly tableName: string;
  /** The PII bucket (stack output `PiiBucketName`). */
  readonly bucketName: string;
  /** The tax archive (stack output `TaxArchiveBucketName`): listed, never deleted from. */
  readonly archiveBucketName?: string;
  /** Amazon's notice id, so the evidence can be matched to the request. */
  readonly requestReference: string;
  /** Only list and count. Defaults to true: deleting has to be asked for. */
  readonly dryRun?: boolean;
  /** Who ran the command: a person's unique id (DPP 1.2), not a shared account. */
  readonly operator: string;
}

export interface DeletionDependencies {
  /** Document client of the PII table's account and region. */
  readonly dynamodb: DynamoDBDocumentClient;
  /** S3 client of the buckets' account and region. */
  readonly s3: S3Client;
  /** Waits between retries of a throttled delete; tests pass one that does not wait. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Jitter source of the retry backoff, a number in [0, 1); tests pass a fixed one. */
  readonly random?: () => number;
  /** The clock for startedAt / finishedAt. */
  readonly now?: () => Date;
}

/** The stores the command deletes from. */
export type DeletableStoreKind = 'pii-table' | 'pii-bucket';

/** Something found that was not deleted, and why. Keys are opaque ids, never PII. */
export interface NotDeleted {
  /** The item's sort key (`recordId`) or the object key. */
  readonly key: string;
  /** The object version, for bucket entries (`null` is S3's id of an unversioned object). */
  readonly versionId?: string;
  readonly reason: string;
}

/**
 * What happened in one store. In delete mode `found === deleted + notDeleted.length`;
 * when `error` is set the store stopped there, so more may remain than was found.
 */
export interface StoreResult {
  readonly store: DeletableStoreKind;
  /** Table or bucket name. */
  readonly resource: string;
  /** Items (table) or object versions and delete markers (bucket) under the selling partner's key. */
  readonly found: number;
  /** Confirmed deleted by the service. Always 0 in a dry run. */
  readonly deleted: number;
  readonly notDeleted: readonly NotDeleted[];
  /** Set when a call failed and the store could not be fully processed. */
  readonly error?: string;
}

/** What the tax archive holds for the selling partner; kept because law requires it. */
export interface RetainedArchive {
  readonly store: 'tax-archive';
  readonly resource: string;
  /** Object versions under the selling partner's prefix (delete markers hold no data and are not counted). */
  readonly retained: number;
  /** Why they are kept. */
  readonly basis: string;
  readonly error?: string;
}

/**
 * - `complete`: delete mode, and every item and version found was deleted.
 * - `dry-run`: nothing was deleted; every store was listed in full.
 * - `incomplete`: a store failed or something found was not deleted (either mode).
 */
export type DeletionOutcome = 'complete' | 'dry-run' | 'incomplete';

/** The evidence record of one run, serialised to JSON and kept (DPP 3). */
export interface DeletionEvidence {
  readonly schemaVersion: typeof EVIDENCE_SCHEMA_VERSION;
  readonly requestReference: string;
  readonly sellingPartnerId: string;
  readonly mode: 'dry-run' | 'delete';
  readonly operator: string;
  /** ISO 8601. */
  readonly startedAt: string;
  /** ISO 8601. */
  readonly finishedAt: string;
  readonly stores: readonly StoreResult[];
  /** Absent when no archive bucket was given. */
  readonly retainedArchive?: RetainedArchive;
  readonly outcome: DeletionOutcome;
  /** What remains to be done or to be known, in plain statements (see the runbook). */
  readonly followUp: readonly string[];
}
