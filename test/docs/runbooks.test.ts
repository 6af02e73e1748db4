import * as fs from 'fs';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import { RUNBOOK_SECTIONS, runbookReference } from '../../constructs/audit';
import { auditStack } from '../constructs/audit/audit-stack';

const ROOT = path.join(__dirname, '../..');

/** The anchors GitHub gives the headings of a Markdown file. */
function anchorsOf(runbook: string): Set<string> {
  const text = fs.readFileSync(path.join(ROOT, runbook), 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set(
    [...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) =>
      m[1]
        .trim()
        .toLowerCase()
        .replace(/[^a-z0-9 _-]/g, '')
        .replace(/ /g, '-'),
    ),
  );
}

const exists = (reference: string) => {
  const [runbook, anchor] = reference.split('#');
  return fs.existsSync(path.join(ROOT, runbook)) && anchorsOf(runbook).has(anchor);
};

describe('runbooks', () => {
  test('hold every section the audit capability refers to', () => {
    const missing = Object.values(RUNBOOK_SECTIONS)
      .map(runbookReference)
      .filter((reference) => !exists(reference));
    expect(missing).toEqual([]);
  });

  test('every alarm and finding route of an environment names a runbook section that exists', () => {
    const template = Template.fromStack(auditStack('Runbooks').stack);
    const descriptions = [
      ...Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
        (a) => a.Properties.AlarmDescription as string,
      ),
      ...Object.values(template.findResources('AWS::Events::Rule'))
        .filter((r) => r.Properties.EventPattern !== undefined)
        .map((r) => r.Properties.Description as string),
    ];
    expect(descriptions.length).toBeGreaterThan(25);
    const references = descriptions.map(
      (d) => /Runbook: (docs\/runbooks\/\S+)$/.exec(d ?? '')?.[1],
    );
    expect(references.filter((r) => r === undefined)).toEqual([]);
    expect(references.filter((r) => !exists(r!))).toEqual([]);
  });

  test('the incident response plan has what DPP 1.6 asks for', () => {
    const plan = fs.readFileSync(path.join(ROOT, 'docs/runbooks/incident-response.md'), 'utf8');
    const anchors = anchorsOf('docs/runbooks/incident-response.md');
    for (const section of [
      'roles-and-responsibilities',
      'incident-types-that-may-affect-amazon',
      'procedures-by-incident-type',
      'escalation-path-and-notifying-amazon',
      'evidence-and-chain-of-custody',
      'review',
    ]) {
      expect([section, anchors.has(section)]).toEqual([section, true]);
    }
    expect(plan).toContain('3p-security@amazon.com');
    expect(plan).toMatch(/T0 \+ 24 hours/);
    expect(plan).toMatch(/every six months/);
    expect(plan).toContain('aws cloudtrail validate-logs');
  });

  test('the vulnerability plan has the cadence and fix times of DPP 2.7 and the 2025-11-11 update', () => {
    const plan = fs.readFileSync(
      path.join(ROOT, 'docs/runbooks/vulnerability-management.md'),
      'utf8',
    );
    expect(plan).toMatch(/at least every 180 days/);
    expect(plan).toMatch(/\| \*\*Critical\*\* \(9\.0-10\.0\) +\| \*\*7 days\*\* +\|/);
    expect(plan).toMatch(/\| \*\*High\*\* \(7\.0-8\.9\) +\| \*\*30 days\*\* +\|/);
    expect(anchorsOf('docs/runbooks/vulnerability-management.md').has('the-pre-release-scan')).toBe(
      true,
    );
  });
});
