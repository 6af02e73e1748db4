import * as fs from 'fs';
import * as path from 'path';
import { RecordedAcknowledgement } from './assembly';
import { markdownTable } from './markdown';

/** File name of the acknowledgement report, written next to the templates. */
export const ACKNOWLEDGEMENTS_MARKDOWN = 'acknowledgements.md';

interface Group {
  readonly ruleId: string;
  readonly reason: string;
  readonly resources: string[];
}

/** Acknowledgements grouped by rule and reason: one decision, and every resource it covers. */
function grouped(acknowledgements: readonly RecordedAcknowledgement[]): Group[] {
  const groups = new Map<string, Group>();
  for (const ack of acknowledgements) {
    const key = `${ack.ruleId}\n${ack.reason}`;
    const group = groups.get(key) ?? { ruleId: ack.ruleId, reason: ack.reason, resources: [] };
    group.resources.push(`${ack.template} ${ack.logicalId}`);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => a.ruleId.localeCompare(b.ruleId));
}

/** What was acknowledged and why, for a reviewer: one row per decision. */
export function acknowledgementsMarkdown(
  acknowledgements: readonly RecordedAcknowledgement[],
): string {
  const groups = grouped(acknowledgements);
  return [
    '# Acknowledged findings',
    '',
    `Generated at synth from the templates' \`cdk_nag\` metadata: ${groups.length} decisions covering ${acknowledgements.length} resource findings. Each reason starts with the clause or engineering constraint it rests on.`,
    '',
    ...markdownTable(
      ['rule', 'basis and reason', 'resources'],
      groups.map((g) => [
        g.ruleId,
        g.reason,
        `${g.resources.length}: ${g.resources.slice(0, 3).join(', ')}${g.resources.length > 3 ? ', ...' : ''}`,
      ]),
    ),
    '',
  ].join('\n');
}

/** Writes the acknowledgement report into `directory`; returns its one-line summary. */
export function writeAcknowledgementReport(
  directory: string,
  acknowledgements: readonly RecordedAcknowledgement[],
): string {
  fs.writeFileSync(
    path.join(directory, ACKNOWLEDGEMENTS_MARKDOWN),
    acknowledgementsMarkdown(acknowledgements),
  );
  return `Acknowledgements: ${grouped(acknowledgements).length} decisions; see ${path.join(directory, ACKNOWLEDGEMENTS_MARKDOWN)}`;
}
