import { DeletionEvidence, StoreResult } from './types';

/** How many not-deleted entries the summary lists per store; the evidence file holds all. */
const NOT_DELETED_SHOWN = 20;

const STORE_LABELS: Record<StoreResult['store'], string> = {
  'pii-table': 'PII table',
  'pii-bucket': 'PII bucket',
};

const OUTCOME_LINES: Record<DeletionEvidence['outcome'], string> = {
  complete: 'COMPLETE: every item and object version found was deleted.',
  'dry-run': 'DRY RUN: nothing was deleted.',
  incomplete: 'INCOMPLETE: not everything was deleted or listed; see below.',
};

/** The evidence as the operator reads it on the terminal. */
export function formatSummary(evidence: DeletionEvidence): string {
  const lines = [
    `${evidence.mode === 'dry-run' ? 'Dry run' : 'Deletion'} for selling partner ${evidence.sellingPartnerId}, request ${evidence.requestReference}, operator ${evidence.operator}`,
    `  ${evidence.startedAt} to ${evidence.finishedAt}`,
  ];
  for (const store of evidence.stores) lines.push(...storeLines(store, evidence.mode));
  const archive = evidence.retainedArchive;
  if (archive) {
    const counted = archive.error
      ? `listing FAILED after ${archive.retained} object version(s): ${archive.error}`
      : `${archive.retained} object version(s) retained, not deleted (legal obligation)`;
    lines.push(`  Tax archive ${archive.resource}: ${counted}`);
  }
  lines.push(`Outcome: ${OUTCOME_LINES[evidence.outcome]}`, 'Follow-up:');
  lines.push(...evidence.followUp.map((statement) => `  - ${statement}`));
  return lines.join('\n');
}

function storeLines(store: StoreResult, mode: DeletionEvidence['mode']): string[] {
  const unit = store.store === 'pii-table' ? 'item(s)' : 'object version(s) and delete marker(s)';
  const done =
    mode === 'dry-run'
      ? `would delete ${store.found - store.notDeleted.length}`
      : `deleted ${store.deleted}`;
  const found = store.error
    ? `found ${store.found} ${unit} before the failure`
    : `found ${store.found} ${unit}`;
  const lines = [
    `  ${STORE_LABELS[store.store]} ${store.resource}: ${found}, ${done}, not deleted ${store.notDeleted.length}`,
  ];
  if (store.error) lines.push(`    FAILED: ${store.error}`);
  for (const entry of store.notDeleted.slice(0, NOT_DELETED_SHOWN)) {
    const version = entry.versionId === undefined ? '' : ` (version ${entry.versionId})`;
    lines.push(`    not deleted: ${entry.key}${version}: ${entry.reason}`);
  }
  if (store.notDeleted.length > NOT_DELETED_SHOWN) {
    lines.push(
      `    ... and ${store.notDeleted.length - NOT_DELETED_SHOWN} more in the evidence file`,
    );
  }
  return lines;
}

/**
 * The evidence file's name: request reference, selling partner, mode and start time,
 * safe on any file system (`REF-1_A2EUQ1WTGCTBG2_delete_2024-05-01T10-00-00.000Z.json`).
 */
export function evidenceFileName(evidence: DeletionEvidence): string {
  const reference = evidence.requestReference.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100);
  const time = evidence.startedAt.replace(/:/g, '-');
  return `${reference}_${evidence.sellingPartnerId}_${evidence.mode}_${time}.json`;
}
