import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { CLAUSES } from '../../../lib/policy/clauses';
import { complianceMarkdown } from '../../../lib/report/compliance-markdown';
import { complianceHtml } from '../../../lib/report/compliance-html';
import {
  COMPLIANCE_REPORT_SCHEMA_FILE,
  ClauseResult,
  EnvironmentReport,
  ReportFinding,
} from '../../../lib/report/model';
import { REPORT_FILES } from '../../../lib/report/report-files';
import { STATUSES } from '../../../lib/report/statuses';
import { HOSTILE_REASON, StatusApp, synthesizeStatusApp } from './status-app';

/**
 * The status of each clause per environment, on a small app in which every status
 * shows (test/lib/report/status-app.ts says how), and the unmapped section.
 */

let app: StatusApp;
beforeAll(() => {
  app = synthesizeStatusApp();
});

const env = (id: string): EnvironmentReport => app.report.environments.find((e) => e.id === id)!;
const result = (id: string, clause: string): ClauseResult =>
  env(id).clauses.find((c) => c.clause === clause)!;
const finding = (id: string, findingId: string): ReportFinding =>
  env(id).findings.find((f) => f.id === findingId)!;

describe('compliance report: the status of each clause', () => {
  test('lists every clause of the catalogue in every environment, test before prod', () => {
    expect(app.report.environments.map((e) => e.id)).toEqual(['Test', 'Prod']);
    for (const e of app.report.environments) {
      expect(e.clauses.map((c) => c.clause)).toEqual(CLAUSES.map((c) => c.id));
      const total = STATUSES.reduce((n, s) => n + e.counts[s], 0);
      expect(total).toBe(CLAUSES.length);
    }
  });

  test('met: the rule that checks it passed on the resources, which are named', () => {
    const dpp24 = result('Prod', 'DPP 2.4');
    expect(dpp24.status).toBe('met');
    expect(dpp24.implementedBy).toEqual(['Prod/Baseline/Key/Resource']);
    expect(dpp24.checks).toEqual([
      { rule: 'DPP-KMSKeyRotationEnabled', resources: ['Prod/Baseline/Key/Resource'] },
    ]);
    expect(dpp24.summary).toBe(
      'DPP-KMSKeyRotationEnabled passed on 1 resource; implemented by 1 resource.',
    );
  });

  test('violated: names the resource, the rule and how to fix it', () => {
    const dpp15 = result('Prod', 'DPP 1.5');
    expect(dpp15.status).toBe('violated');
    expect(dpp15.findings).toHaveLength(1);
    const f = finding('Prod', dpp15.findings[0]);
    expect(f).toMatchObject({
      ruleId: 'DPP-S3BucketRequiresTls12',
      resource: 'Prod/Baseline/Bucket/Resource',
      state: 'open',
      placedBy: 'rule',
      clauses: ['DPP 1.5'],
    });
    expect(f.fix).toMatch(/^Set enforceSSL: true and minimumTLSVersion: 1\.2\./);
    expect(f.location).toEqual(
      expect.objectContaining({ file: 'test/lib/report/status-app.ts', line: expect.any(Number) }),
    );
  });

  test('acknowledged: the same finding accepted in test, with its reason, basis and resource', () => {
    const dpp15 = result('Test', 'DPP 1.5');
    expect(dpp15.status).toBe('acknowledged');
    expect(dpp15.findings).toEqual([]);
    const f = finding('Test', dpp15.acknowledgedFindings[0]);
    expect(f).toMatchObject({ state: 'acknowledged', resource: 'Test/Baseline/Bucket/Resource' });
    const ack = env('Test').acknowledgements.find((a) => a.id === f.acknowledgement)!;
    expect(ack).toMatchObject({
      ruleId: 'DPP-S3BucketRequiresTls12',
      scope: 'Test/Baseline/Bucket',
      basis: { clause: 'DPP 1.5' },
      justified: true,
      findings: [f.id],
    });
    expect(ack.reason).toBe(`[DPP 1.5 Encryption in Transit] ${HOSTILE_REASON}`);
    expect(ack.location?.file).toBe('test/lib/report/status-app.ts');
  });

  test('monitored: names the alarm deployed for it', () => {
    const dpp26 = result('Prod', 'DPP 2.6');
    expect(dpp26.status).toBe('monitored');
    expect(dpp26.monitors).toEqual(['Prod/Baseline/Alarm/Resource']);
    expect(dpp26.summary).toBe('Watched by 1 monitor: Alarm.');
    // A runbook carries DPP 2.6 too; the deployed monitor is the stronger evidence.
    expect(dpp26.runbooks).toEqual(['docs/runbooks/incident-response.md']);
  });

  test('organizational: names the runbook people follow', () => {
    const dpp16 = result('Prod', 'DPP 1.6');
    expect(dpp16.status).toBe('organizational');
    expect(dpp16.runbooks).toEqual(['docs/runbooks/incident-response.md']);
    expect(dpp16.summary).toBe(
      'People follow Runbook: a security incident; the evidence comes from them.',
    );
  });

  test('gap: a rule that applied to nothing is evidence of nothing, and the clause stays listed', () => {
    const dpp14 = result('Prod', 'DPP 1.4');
    expect(dpp14.status).toBe('gap');
    expect(dpp14.rulesNeverApplied).toEqual(['DPP-AccountPasswordPolicyMeetsDpp']);
    expect(dpp14.summary).toBe(
      'Its rules (DPP-AccountPasswordPolicyMeetsDpp) applied to no resource here: nothing implements it yet.',
    );
    expect(result('Prod', 'DPP 2.7').summary).toBe(
      'No runbook carries it yet; add a "Clauses:" line to the runbook that does.',
    );
  });

  test('not-applicable: by the catalogue, with its reason', () => {
    expect(result('Prod', 'AUP 1.2')).toMatchObject({ status: 'not-applicable' });
  });

  test('unmapped: a finding of a rule that checks no clause lands in its own section', () => {
    const [id] = env('Prod').unmapped.filter((u) => finding('Prod', u).state === 'open');
    expect(finding('Prod', id)).toMatchObject({
      findingId: 'TestPack-NoBuckets',
      pack: 'TestPack',
      placedBy: 'none',
      clauses: [],
      resource: 'Prod/Baseline/Bucket/Resource',
    });
    // Acknowledged on an engineering basis, it is still no clause's.
    const test = env('Test').unmapped.map((u) => finding('Test', u));
    expect(test).toEqual([
      expect.objectContaining({ findingId: 'TestPack-NoBuckets', state: 'acknowledged' }),
    ]);
    // Nothing placed under a clause is in the section.
    for (const e of app.report.environments) {
      for (const u of e.unmapped) expect(e.findings.find((f) => f.id === u)?.clauses).toEqual([]);
    }
  });

  test("another pack's finding acknowledged on a clause is placed under it, and does not change its status", () => {
    const dpp24 = result('Test', 'DPP 2.4');
    expect(dpp24.status).toBe('met');
    expect(dpp24.restingOnIt).toHaveLength(1);
    const ack = env('Test').acknowledgements.find((a) => a.id === dpp24.restingOnIt[0])!;
    expect(ack).toMatchObject({ ruleId: 'TestPack-NoKeys', basis: { clause: 'DPP 2.4' } });
    const hidden = finding('Test', ack.findings[0]);
    expect(hidden).toMatchObject({ placedBy: 'basis', clauses: ['DPP 2.4'] });
    expect(env('Test').unmapped).not.toContain(hidden.id);
  });

  test('the gate fails on the open error and says so in every view', () => {
    expect(app.report.gate).toMatchObject({ passed: false, errors: 2 });
    expect(complianceMarkdown(app.report)).toContain('Gate: **FAILED**: 2 open errors');
  });

  test('the JSON validates against the schema in the repository', () => {
    const schema = JSON.parse(
      fs.readFileSync(path.join(__dirname, '../../..', COMPLIANCE_REPORT_SCHEMA_FILE), 'utf8'),
    );
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const written = JSON.parse(
      fs.readFileSync(path.join(app.directory, REPORT_FILES.json), 'utf8'),
    );
    const valid = validate(written);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // The schema is strict: a field it does not document fails it.
    expect(validate({ ...written, unexpected: true })).toBe(false);
    const [first] = written.environments[0].findings;
    const tampered = structuredClone(written);
    tampered.environments[0].findings[0] = { ...first, state: 'ignored' };
    expect(validate(tampered)).toBe(false);
  });

  test('text from code and config stays text: no markup reaches the HTML', () => {
    const html = complianceHtml(app.report);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt; | not a | table cell');
  });
});
