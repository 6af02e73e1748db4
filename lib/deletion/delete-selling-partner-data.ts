import { cite } from '../../lib/policy/clauses';
import { DPP_MAX_PII_RETENTION_DAYS } from '../../lib/policy/bounds';
import { listRetainedArchive, processPiiBucket } from './bucket';
import { processPiiTable } from './table';
import {
  DeletionDependencies,
  DeletionEvidence,
  DeletionOptions,
  DeletionOutcome,
  EVIDENCE_SCHEMA_VERSION,
  RetainedArchive,
  StoreResult,
} from './types';
import { assertValidDeletionOptions } from './validate';

/** Why the tax archive is not deleted from, as the evidence record states it. */
export const ARCHIVE_RETENTION_BASIS = `Required to comply with law (tax records), which ${cite('DPP 1.7')} exempts from deletion. S3 Object Lock holds each version until its legal retention period ends; the archive's lifecycle rule then expires it.`;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Deletes one selling partner's data from the PII table and the PII bucket, and lists
 * (never deletes) what the tax archive retains for them, for
 * `DPP 1.7 Request for Deletion or Return`. A dry run unless `dryRun: false`.
 *
 * Throws `DeletionRequestError` before any call if the options are unsafe (an invalid
 * selling partner id above all). Otherwise it does not throw: a failed call is reported
 * in its store's result and the other stores are still processed. The evidence record
 * claims completion only when every item and version found was confirmed deleted.
 */
export async function deleteSellingPartnerData(
  options: DeletionOptions,
  deps: DeletionDependencies,
): Promise<DeletionEvidence> {
  assertValidDeletionOptions(options);
  const now = deps.now ?? (() => new Date());
  const dryRun = options.dryRun ?? true;
  const startedAt = now().toISOString();
  const { sellingPartnerId } = options;

  const stores: StoreResult[] = [
    await processPiiTable({
      dynamodb: deps.dynamodb,
      tableName: options.tableName,
      sellingPartnerId,
      dryRun,
      sleep: deps.sleep ?? realSleep,
      random: deps.random,
    }),
    await processPiiBucket({
      s3: deps.s3,
      bucketName: options.bucketName,
      sellingPartnerId,
      dryRun,
    }),
  ];
  const retainedArchive =
    options.archiveBucketName === undefined
      ? undefined
      : await listRetainedArchive(
          deps.s3,
          options.archiveBucketName,
          sellingPartnerId,
          ARCHIVE_RETENTION_BASIS,
        );
  const outcome = outcomeOf(dryRun, stores, retainedArchive);

  return {
    schemaVersion: EVIDENCE_SCHEMA_VERSION,
    requestReference: options.requestReference,
    sellingPartnerId,
    mode: dryRun ? 'dry-run' : 'delete',
    operator: options.operator,
    startedAt,
    finishedAt: now().toISOString(),
    stores,
    ...(retainedArchive ? { retainedArchive } : {}),
    outcome,
    followUp: followUpOf(outcome, stores, retainedArchive),
  };
}

function outcomeOf(
  dryRun: boolean,
  stores: readonly StoreResult[],
  archive: RetainedArchive | undefined,
): DeletionOutcome {
  const failed =
    archive?.error !== undefined ||
    stores.some((s) => s.error !== undefined || s.notDeleted.length > 0);
  if (failed) return 'incomplete';
  if (dryRun) return 'dry-run';
  return stores.every((s) => s.deleted === s.found) ? 'complete' : 'incomplete';
}

/** What remains after this run, per the runbook (docs/runbooks/deletion-request.md). */
function followUpOf(
  outcome: DeletionOutcome,
  stores: readonly StoreResult[],
  archive: RetainedArchive | undefined,
): string[] {
  const followUp: string[] = [];
  if (outcome === 'dry-run') {
    followUp.push(
      'Dry run: nothing was deleted. Review the counts, then run in delete mode for the same selling partner and request.',
    );
  }
  if (outcome === 'incomplete') {
    followUp.push(
      'Not everything was deleted or listed: see each store\'s "error" and "notDeleted". Fix the cause and run again until a run is complete and a following dry run finds nothing.',
    );
  }
  if (outcome === 'complete') {
    followUp.push(
      'Run a dry run again to confirm that nothing is found, and keep both evidence records.',
    );
  }
  const table = stores.find((s) => s.store === 'pii-table');
  if (table) {
    followUp.push(
      `Point-in-time recovery backups of the table ${table.resource} keep deleted items until they age out after the table's recovery period (config data.pitrRecoveryPeriodDays, inside the ${DPP_MAX_PII_RETENTION_DAYS}-day PII retention). Do not restore from a point in time before this run without deleting this selling partner's items from the restored table.`,
    );
  }
  followUp.push(
    'Noncurrent versions and delete markers in the PII bucket are deleted by this command itself, not left to the lifecycle rules.',
  );
  if (archive?.error) {
    followUp.push(
      `The tax archive ${archive.resource} could not be listed (${archive.error}): establish what it holds for this selling partner before certifying.`,
    );
  } else if (archive) {
    followUp.push(
      `The tax archive ${archive.resource} retains ${archive.retained} object version(s) for this selling partner, not deleted. ${archive.basis}`,
    );
  } else {
    followUp.push(
      "No tax archive bucket was given: establish whether the environment's tax archive holds copies for this selling partner.",
    );
  }
  followUp.push(
    'Logs hold no PII by design (DPP 2.6 Logging and Monitoring); there is nothing to delete from them.',
    `Every live instance must be gone 90 days after Amazon's notice at the latest; if Amazon asks, certify in writing that the data has been securely destroyed (${cite('DPP 1.7')}), with this record as evidence.`,
  );
  return followUp;
}
