import { escapeMarkdown, markdownItem, markdownTable } from './markdown';
import type { ReportRecordOfProcessing } from './model';

/**
 * The record of processing (DPP 2.2) as Markdown, one section per PII store. It
 * renders the record as the compliance report's model holds it, or as
 * `recordOfProcessing()` derives it: the same shape, read only here.
 */

type DeepReadonly<T> = T extends (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

type RecordOfProcessing = DeepReadonly<ReportRecordOfProcessing>;
type ProcessingRecord = RecordOfProcessing['stores'][number];
type StoreAccess = ProcessingRecord['access'][number];

function list(items: readonly string[], none: string): string {
  return items.length > 0 ? items.join('; ') : none;
}

function who(access: StoreAccess): string {
  return access.assumedBy && access.assumedBy.length > 0
    ? `${access.principal} (${access.kind}, assumed by ${access.assumedBy.join(', ')})`
    : `${access.principal} (${access.kind})`;
}

function fieldsRead(access: StoreAccess, record: ProcessingRecord): string {
  if (!access.can.includes('read')) return '-';
  const fields =
    access.readsFields.length === record.fields.length
      ? 'every field'
      : access.readsFields.length > 0
        ? access.readsFields.join(', ')
        : 'no declared field';
  return access.decrypts === false
    ? `${fields} (cannot decrypt: the store's key does not let it)`
    : fields;
}

function accessTable(record: ProcessingRecord): string[] {
  if (!record.accessAnalysed) {
    return [`Who may access a ${record.resourceType} is not read from the templates yet.`, ''];
  }
  if (record.access.length === 0) return ['Nobody is granted access in the templates.', ''];
  return [
    ...markdownTable(
      ['principal', 'can', 'fields it reads', 'granted by'],
      record.access.map((a) => [
        who(a),
        a.can.join(', '),
        fieldsRead(a, record),
        a.through.join('; '),
      ]),
    ),
    '',
  ];
}

function storeSection(record: ProcessingRecord): string[] {
  return [
    `## ${escapeMarkdown(record.store)}`,
    '',
    `${escapeMarkdown(record.storeType)}: ${escapeMarkdown(record.dataset)}.`,
    '',
    ...(record.fields.length > 0
      ? [
          ...markdownTable(
            ['field', 'what it holds', 'collected from', 'purposes'],
            record.fields.map((f) => [
              f.name,
              f.description,
              f.collectedFrom,
              f.purposes.join(', '),
            ]),
          ),
          '',
        ]
      : []),
    markdownItem('Retention', record.retention),
    markdownItem('Disposal', record.disposal),
    markdownItem('Read by', list(record.readers, 'nobody')),
    markdownItem('Written by', list(record.writers, 'nobody')),
    markdownItem('Deleted by', list(record.deleters, 'nobody')),
    ...(record.listers.length > 0
      ? [markdownItem('Keys listed by', list(record.listers, ''))]
      : []),
    markdownItem('Shared with', list(record.sharedWith, 'no one outside the company')),
    ...(record.outsideTheAccount.length > 0
      ? [markdownItem('Granted outside the account', list(record.outsideTheAccount, ''))]
      : []),
    '',
    ...accessTable(record),
  ];
}

/** The record of processing as Markdown: one section per PII store, under `title`. */
export function processingMarkdown(
  record: RecordOfProcessing,
  title = 'Record of processing activities (DPP 2.2 Data Governance)',
): string {
  return [
    `# ${escapeMarkdown(title)}`,
    '',
    'Generated at synth from the templates: each store tagged DataClassification=pii, what it declares it holds, and every principal the templates\u2019 policies (identity policies, bucket and table resource policies, key policies) let read, write, delete or list it.',
    '',
    ...(record.notInTemplates.length > 0
      ? [
          'Not in the templates, to be reviewed where it is defined:',
          '',
          ...record.notInTemplates.map((note) => `- ${escapeMarkdown(note)}`),
          '',
        ]
      : []),
    ...record.stores.flatMap(storeSection),
  ].join('\n');
}
