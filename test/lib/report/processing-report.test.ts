import * as fs from 'fs';
import * as path from 'path';
import { createBaselineApp } from '../../../lib/app';
import { loadConfig } from '../../../lib/config/load';
import { processingMarkdown, writeProcessingReport } from '../../../lib/report/processing-report';
import { recordsOfProcessing } from '../../../constructs/data';
import { projectContext } from '../../helpers';

describe('record of processing', () => {
  const { app } = createBaselineApp({ config: loadConfig().config, context: projectContext() });
  const records = recordsOfProcessing(app);

  test('lists every PII store of both environments', () => {
    expect(records.map((r) => r.store)).toEqual([
      'Test/Baseline/Data/PiiTable',
      'Test/Baseline/Data/PiiBucket',
      'Test/Baseline/Data/TaxArchive',
      'Prod/Baseline/Data/PiiTable',
      'Prod/Baseline/Data/PiiBucket',
      'Prod/Baseline/Data/TaxArchive',
    ]);
  });

  test('says per field why it is kept, for tax and merchant fulfillment only', () => {
    const table = records[3];
    expect(table.fields.map((f) => [f.name, f.purposes])).toEqual([
      ['shipToName', ['merchant-fulfilled shipping', 'tax invoicing']],
      [
        'shippingAddress',
        ['merchant-fulfilled shipping', 'tax calculation and remittance', 'tax invoicing'],
      ],
      ['shipToPhone', ['merchant-fulfilled shipping']],
      ['buyerTaxRegistration', ['tax calculation and remittance', 'tax invoicing']],
    ]);
    expect(table.writers).toEqual(['Prod/Baseline/Data/DeletionRole']);
    // The deletion role lists the archive's keys to report what it retains.
    expect(records[5].readers).toEqual([
      'Prod/Baseline/Data/TaxArchive/ReaderRole',
      'Prod/Baseline/Data/DeletionRole',
    ]);
  });

  test('renders a section per store with its fields, retention and access', () => {
    const markdown = processingMarkdown(records);
    expect(markdown).toContain('## Prod/Baseline/Data/PiiTable');
    expect(markdown).toContain(
      '| shipToPhone | Phone number of the recipient, for the carrier | Orders API getOrderAddress, obtained with a restricted data token | merchant-fulfilled shipping |',
    );
    expect(markdown).toContain(
      '- Retention: 30 days after order delivery, point-in-time backups included (DPP 2.1)',
    );
    expect(markdown).toContain('- Shared with: no one outside the company');
  });

  test('writes the record next to the templates', () => {
    const dir = fs.mkdtempSync('/tmp/processing-report-');
    expect(writeProcessingReport(dir, app)).toBe(
      `Record of processing: 6 PII stores; see ${path.join(dir, 'record-of-processing.md')}`,
    );
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'record-of-processing.json'), 'utf8'));
    expect(json).toHaveLength(6);
  });
});
