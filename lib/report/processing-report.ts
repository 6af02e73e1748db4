import * as fs from 'fs';
import * as path from 'path';
import { IConstruct } from 'constructs';
import { ProcessingRecord, recordsOfProcessing } from '../../constructs/data/processing-record';

/** File names of the record of processing, written next to the templates. */
export const PROCESSING_MARKDOWN = 'record-of-processing.md';
export const PROCESSING_JSON = 'record-of-processing.json';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function storeSection(record: ProcessingRecord): string[] {
  const list = (items: readonly string[]) => (items.length > 0 ? items.join(', ') : 'nobody');
  return [
    `## ${record.store}`,
    '',
    `${record.storeType}: ${record.dataset}.`,
    '',
    '| field | what it holds | collected from | purposes |',
    '| --- | --- | --- | --- |',
    ...record.fields.map(
      (f) =>
        `| ${cell(f.name)} | ${cell(f.description)} | ${cell(f.collectedFrom)} | ${f.purposes.join(', ')} |`,
    ),
    '',
    `- Retention: ${record.retention}`,
    `- Disposal: ${record.disposal}`,
    `- Read by: ${list(record.readers)}`,
    `- Written by: ${list(record.writers)}`,
    `- Shared with: ${record.sharedWith.length > 0 ? record.sharedWith.join(', ') : 'no one outside the company'}`,
    '',
  ];
}

/** The record of processing as Markdown: one section per PII store. */
export function processingMarkdown(records: readonly ProcessingRecord[]): string {
  return [
    '# Record of processing activities (DPP 2.2 Data Governance)',
    '',
    'Generated at synth from the declarations of the PII stores (lib/stage/processing-declarations.ts) and the grants the app makes.',
    '',
    ...records.flatMap(storeSection),
  ].join('\n');
}

/** Writes the record of processing of every store under `scope` into `directory`; returns a one-line summary. */
export function writeProcessingReport(directory: string, scope: IConstruct): string {
  const records = recordsOfProcessing(scope);
  fs.writeFileSync(path.join(directory, PROCESSING_MARKDOWN), processingMarkdown(records));
  fs.writeFileSync(path.join(directory, PROCESSING_JSON), JSON.stringify(records, undefined, 2));
  return `Record of processing: ${records.length} PII stores; see ${path.join(directory, PROCESSING_MARKDOWN)}`;
}
