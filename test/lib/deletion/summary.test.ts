import { DeletionEvidence, evidenceFileName, formatSummary } from '../../../lib/deletion';
import { ARCHIVE, BUCKET, SP, TABLE } from './fakes';

const RETAINED = { store: 'tax-archive', resource: ARCHIVE, retained: 3, basis: 'law' } as const;

const COMPLETE: DeletionEvidence = {
  schemaVersion: 1,
  requestReference: 'AMZ-NOTICE-1',
  sellingPartnerId: SP,
  mode: 'delete',
  operator: 'jdoe',
  startedAt: '2024-05-01T10:00:00.000Z',
  finishedAt: '2024-05-01T10:00:09.000Z',
  stores: [
    { store: 'pii-table', resource: TABLE, found: 67, deleted: 67, notDeleted: [] },
    { store: 'pii-bucket', resource: BUCKET, found: 18, deleted: 18, notDeleted: [] },
  ],
  retainedArchive: RETAINED,
  outcome: 'complete',
  followUp: ['Run a dry run again.'],
};

describe('deletion summary', () => {
  test('prints each store, the archive, the outcome and the follow-up of a complete run', () => {
    expect(formatSummary(COMPLETE)).toBe(
      [
        `Deletion for selling partner ${SP}, request AMZ-NOTICE-1, operator jdoe`,
        '  2024-05-01T10:00:00.000Z to 2024-05-01T10:00:09.000Z',
        `  PII table ${TABLE}: found 67 item(s), deleted 67, not deleted 0`,
        `  PII bucket ${BUCKET}: found 18 object version(s) and delete marker(s), deleted 18, not deleted 0`,
        `  Tax archive ${ARCHIVE}: 3 object version(s) retained, not deleted (legal obligation)`,
        'Outcome: COMPLETE: every item and object version found was deleted.',
        'Follow-up:',
        '  - Run a dry run again.',
      ].join('\n'),
    );
  });

  test('shows what a dry run would delete and that nothing was deleted', () => {
    const text = formatSummary({
      ...COMPLETE,
      mode: 'dry-run',
      outcome: 'dry-run',
      stores: COMPLETE.stores.map((s) => ({ ...s, deleted: 0 })),
    });
    expect(text).toContain(`Dry run for selling partner ${SP}`);
    expect(text).toContain(`PII table ${TABLE}: found 67 item(s), would delete 67, not deleted 0`);
    expect(text).toContain('Outcome: DRY RUN: nothing was deleted.');
  });

  test('reports the failure and the first 20 not-deleted entries when a run is incomplete', () => {
    const notDeleted = Array.from({ length: 23 }, (_, i) => ({
      key: `${SP}/o${i}.json`,
      versionId: `v${i}`,
      reason: 'AccessDenied: Access Denied',
    }));
    const text = formatSummary({
      ...COMPLETE,
      outcome: 'incomplete',
      stores: [
        { ...COMPLETE.stores[0], found: 0, deleted: 0, error: 'AccessDeniedException: no' },
        { ...COMPLETE.stores[1], found: 30, deleted: 7, notDeleted },
      ],
      retainedArchive: { ...RETAINED, retained: 0, error: 'AccessDenied: no' },
    });
    expect(text).toContain(`PII table ${TABLE}: found 0 item(s) before the failure, deleted 0`);
    expect(text).toContain('    FAILED: AccessDeniedException: no');
    expect(text).toContain(
      `    not deleted: ${SP}/o0.json (version v0): AccessDenied: Access Denied`,
    );
    expect(text).toContain(`    not deleted: ${SP}/o19.json (version v19)`);
    expect(text).not.toContain(`${SP}/o20.json`);
    expect(text).toContain('    ... and 3 more in the evidence file');
    expect(text).toContain(
      `Tax archive ${ARCHIVE}: listing FAILED after 0 object version(s): AccessDenied: no`,
    );
    expect(text).toContain('Outcome: INCOMPLETE');
  });

  test('names the evidence file by request reference, selling partner, mode and start time, safe on any file system', () => {
    expect(evidenceFileName(COMPLETE)).toBe(
      `AMZ-NOTICE-1_${SP}_delete_2024-05-01T10-00-00.000Z.json`,
    );
    expect(
      evidenceFileName({ ...COMPLETE, requestReference: '../case 42/x:y', mode: 'dry-run' }),
    ).toBe(`.._case_42_x_y_${SP}_dry-run_2024-05-01T10-00-00.000Z.json`);
  });
});
