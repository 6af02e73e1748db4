import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { loadConfig } from '../../../lib/config/load';
import { RULE_RESULTS_FILE } from '../../../lib/nag/rule-results';
import { synthesizeAndGate } from '../../../lib/report/gate';
import {
  ComplianceReport,
  COMPLIANCE_REPORT_SCHEMA_FILE,
  complianceReportSchemaText,
} from '../../../lib/report/model';
import {
  COMPLIANCE_DIRECTORY,
  REPORT_FILES,
  RETIRED_FILES,
} from '../../../lib/report/report-files';
import { runNpmScript } from '../../helpers';
import { baselineTestApp } from '../../baseline-app';

/**
 * The compliance report of the real baseline app, written by the synth gate: the four
 * formats and the record of processing in cdk.out/compliance/, the JSON against its
 * schema, the SARIF against the SARIF 2.1.0 subset, the Markdown short enough for a
 * pull request, and `npm run report` writing the same bytes from the same cdk.out.
 */
const ROOT = path.join(__dirname, '../../..');

let outdir: string;
let printed = '';
let files: Record<string, Buffer>;
let report: ComplianceReport;

beforeAll(() => {
  outdir = fs.mkdtempSync('/tmp/compliance-files-');
  // A stale file of an earlier version, which the gate must remove.
  fs.writeFileSync(path.join(outdir, 'clause-coverage.md'), 'stale');
  const { app } = baselineTestApp(loadConfig().config, { outdir });
  synthesizeAndGate(app, (text) => (printed += text));
  const directory = path.join(outdir, COMPLIANCE_DIRECTORY);
  files = Object.fromEntries(
    fs.readdirSync(directory).map((name) => [name, fs.readFileSync(path.join(directory, name))]),
  );
  report = JSON.parse(files[REPORT_FILES.json].toString('utf8'));
});

const env = (id: string) => report.environments.find((e) => e.id === id)!;
const result = (id: string, clause: string) => env(id).clauses.find((c) => c.clause === clause)!;

describe('compliance report files of the baseline app', () => {
  test('the synth leaves the four formats and the record of processing, and nothing stale', () => {
    expect(Object.keys(files).sort()).toEqual(Object.values(REPORT_FILES).sort());
    for (const retired of RETIRED_FILES)
      expect(fs.existsSync(path.join(outdir, retired))).toBe(false);
    expect(fs.existsSync(path.join(outdir, RULE_RESULTS_FILE))).toBe(true);
  });

  test('the terminal summary is short and points to the Markdown and the HTML', () => {
    const summary = printed.slice(printed.indexOf('Checks: '));
    expect(summary.split('\n').length).toBeLessThanOrEqual(5);
    expect(summary).toMatch(/^Compliance Test \(75 clauses\): .*\.$/m);
    expect(summary).toMatch(/^Compliance Prod \(75 clauses\): .*\.$/m);
    expect(summary).toContain(`compliance/${REPORT_FILES.markdown} and `);
    expect(summary).toContain(`compliance/${REPORT_FILES.html}`);
  });

  test('the JSON validates against the schema, which is the one the model generates', () => {
    const committed = fs.readFileSync(path.join(ROOT, COMPLIANCE_REPORT_SCHEMA_FILE), 'utf8');
    expect(committed).toBe(complianceReportSchemaText()); // else: npm run report:schema
    const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(committed));
    const valid = validate(report);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  test("the constructs' declarations name what implements each clause, in each environment", () => {
    for (const id of ['Test', 'Prod']) {
      const keys = result(id, 'DPP 2.4');
      expect(keys.status).toBe('met');
      expect(keys.implementedBy).toEqual(
        expect.arrayContaining([
          `${id}/Baseline/Keys/Pii/Resource`,
          `${id}/Baseline/Data/PiiTable/Resource/Resource`,
        ]),
      );
      const network = result(id, 'DPP 1.1').implementedBy;
      for (const part of [
        'Network/Vpc/Resource',
        'Network/EgressFirewall/Firewall',
        'Network/PrivateAcl/Resource',
        'Network/Vpc/S3Endpoint/Resource',
      ]) {
        expect(network).toContain(`${id}/Baseline/${part}`);
      }
      expect(result(id, 'DPP 2.6').implementedBy).toEqual(
        expect.arrayContaining([
          `${id}/Baseline/Network/Vpc/FlowLog/FlowLog`,
          `${id}/Baseline/Network/FlowLogs/Resource/Resource`,
        ]),
      );
      expect(result(id, 'DPP 2.2').implementedBy).toHaveLength(3);
      expect(result(id, 'DPP 1.7').runbooks).toEqual(['docs/runbooks/deletion-request.md']);
    }
  });

  test('every acknowledgement hides a finding, and every hidden finding has its acknowledgement', () => {
    for (const e of report.environments) {
      expect(
        e.acknowledgements.filter(
          (a) => a.findings.length === 0 && !a.ruleId.startsWith('CloudFormation-'),
        ),
      ).toEqual([]);
      for (const f of e.findings.filter((x) => x.state === 'acknowledged')) {
        expect(e.acknowledgements.map((a) => a.id)).toContain(f.acknowledgement);
      }
      expect(
        e.acknowledgements.every((a) => a.justified && a.location?.file.startsWith('constructs/')),
      ).toBe(true);
    }
  });

  describe('SARIF', () => {
    let sarif: {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string; help: { text: string } }[] } };
        results: {
          ruleId: string;
          ruleIndex: number;
          level: string;
          message: { text: string };
          locations: {
            physicalLocation?: { artifactLocation: { uri: string }; region: { startLine: number } };
          }[];
          suppressions?: { kind: string; justification: string }[];
          properties: { resource: string };
        }[];
      }[];
    };
    beforeAll(() => {
      sarif = JSON.parse(files[REPORT_FILES.sarif].toString('utf8'));
    });

    test('passes the structural check of SARIF 2.1.0', () => {
      const schema = JSON.parse(
        fs.readFileSync(path.join(ROOT, 'test/fixtures/sarif-2.1.0-subset.schema.json'), 'utf8'),
      );
      const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(
        schema,
      );
      const valid = validate(sarif);
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
      expect(sarif.version).toBe('2.1.0');
      const [run] = sarif.runs;
      for (const r of run.results) {
        expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
        for (const l of r.locations) {
          const uri = l.physicalLocation?.artifactLocation.uri;
          if (uri) expect(uri).toMatch(/^(constructs|lib|bin|test)\/[\w./-]+\.ts$/);
        }
      }
    });

    test('one result per open finding, located at the line of the construct, the rule with its clause', () => {
      const [run] = sarif.runs;
      const open = report.environments.flatMap((e) => e.findings.filter((f) => f.state === 'open'));
      const results = run.results.filter((r) => !r.suppressions);
      expect(results).toHaveLength(open.length);
      for (const finding of open) {
        const r = results.find(
          (x) => x.properties.resource === finding.resource && x.ruleId === finding.ruleId,
        )!;
        expect(r.level).toBe(finding.severity === 'warning' ? 'warning' : 'error');
        expect(r.locations[0].physicalLocation?.artifactLocation.uri).toBe(finding.location?.file);
        expect(r.locations[0].physicalLocation?.region.startLine).toBe(finding.location?.line);
      }
      const cited = run.tool.driver.rules.find((r) => r.id === 'DPP-KMSKeyRotationEnabled')!;
      expect(cited.help.text).toMatch(
        /^Checks: DPP 2\.4 Encryption at Rest; DUP 3\.4 Regular key rotation and account recycling\./,
      );
    });

    test('an acknowledged finding is located where acknowledge() was called', () => {
      const [run] = sarif.runs;
      const acl = run.results.find(
        (r) =>
          r.ruleId === 'AwsSolutions-VPC3' &&
          r.properties.resource === 'Prod/Baseline/Network/PrivateAcl/Resource',
      )!;
      expect(acl.suppressions).toHaveLength(1);
      expect(acl.locations[0].physicalLocation?.artifactLocation.uri).toBe(
        'constructs/network/baseline-network.ts',
      );
      const line = fs
        .readFileSync(path.join(ROOT, 'constructs/network/baseline-network.ts'), 'utf8')
        .split('\n')[acl.locations[0].physicalLocation!.region.startLine - 1];
      expect(line).toMatch(/acknowledge\(acl, \{/);
    });

    test('acknowledged findings are suppressed results with their justification', () => {
      const [run] = sarif.runs;
      const suppressed = run.results.filter((r) => r.suppressions);
      const acknowledged = report.environments.flatMap((e) =>
        e.findings.filter((f) => f.state === 'acknowledged'),
      );
      expect(suppressed).toHaveLength(acknowledged.length);
      expect(suppressed.length).toBeGreaterThan(0);
      for (const r of suppressed) {
        expect(r.suppressions).toEqual([
          expect.objectContaining({
            kind: 'inSource',
            justification: expect.stringMatching(/^\[(DPP|AUP|DUP|Engineering)/),
          }),
        ]);
      }
    });
  });

  test('the Markdown fits a pull-request comment: counts first, then what needs attention, then links', () => {
    const markdown = files[REPORT_FILES.markdown].toString('utf8');
    expect(markdown.length).toBeLessThan(20_000);
    const counts = markdown.indexOf('| status | Test | Prod |');
    const attention = markdown.indexOf('## Needs attention');
    const detail = markdown.indexOf('## Detail');
    expect(counts).toBeGreaterThan(0);
    expect(attention).toBeGreaterThan(counts);
    expect(detail).toBeGreaterThan(attention);
    expect(markdown).toContain('](compliance-report.html#');
  });

  test('the files hold nothing of the machine or the moment they were built', () => {
    for (const [name, content] of Object.entries(files)) {
      const text = content.toString('utf8');
      expect({ name, root: text.includes(ROOT) }).toEqual({ name, root: false });
      expect({ name, tmp: text.includes(outdir) }).toEqual({ name, tmp: false });
      expect({ name, date: /20\d\d-\d\d-\d\dT\d\d:\d\d/.test(text) }).toEqual({
        name,
        date: false,
      });
    }
  });

  test('npm run report writes the same bytes from the same cdk.out, without synthesizing', () => {
    const directory = path.join(outdir, COMPLIANCE_DIRECTORY);
    fs.rmSync(directory, { recursive: true });
    const templates = fs.statSync(path.join(outdir, 'manifest.json')).mtimeMs;
    const run = runNpmScript('report', ['--cdk-out', outdir]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Checks: ');
    for (const [name, content] of Object.entries(files)) {
      expect({ name, same: fs.readFileSync(path.join(directory, name)).equals(content) }).toEqual({
        name,
        same: true,
      });
    }
    expect(fs.statSync(path.join(outdir, 'manifest.json')).mtimeMs).toBe(templates);
  });
});
