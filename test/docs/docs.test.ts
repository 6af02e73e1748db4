import * as fs from 'fs';
import * as path from 'path';
import {
  SP_API_HOSTS,
  SP_API_SANDBOX_HOSTS,
  RESERVED_DENIED_CIDRS,
} from '../../constructs/network';
import { CDK_NAG_RULE_CLAUSES } from '../../lib/nag/cdk-nag-clauses';
import { ruleId } from '../../lib/nag/rule';
import { DPP_RULES } from '../../lib/nag/rules';
import { REPORT_FILES } from '../../lib/report/report-files';
import { MONITOR_RESOURCE_TYPES } from '../../lib/report/statuses';

/** The docs say what the code does: these tests fail when the two drift apart. */
const read = (file: string) => fs.readFileSync(path.join(__dirname, '../../docs', file), 'utf8');
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('docs', () => {
  test('checks.md lists every DPP rule with its clauses', () => {
    const checks = read('checks.md');
    for (const rule of DPP_RULES) {
      expect(checks).toMatch(
        new RegExp(`\`${ruleId(rule)}\`.*\\| ${literal(rule.clauses.join(', '))} +\\|`),
      );
    }
  });

  test('checks.md lists no DPP rule the registry lacks', () => {
    const listed = [...read('checks.md').matchAll(/^\| \[`(DPP-[A-Za-z0-9]+)`\]/gm)].map(
      (m) => m[1],
    );
    expect(listed.sort()).toEqual(DPP_RULES.map(ruleId).sort());
  });

  test("checks.md's table of cdk-nag rules is the one the report places findings by", () => {
    const rows = [
      ...read('checks.md').matchAll(
        /^\| `((?:AwsSolutions|NIST\.800\.53\.R5)-[^`]+)` +\| ([^|]+?) +\| ([^|]+?) +\|$/gm,
      ),
    ].map((m) => ({ ruleId: m[1], clauses: m[2].split(', '), why: m[3] }));
    expect(rows).toEqual(CDK_NAG_RULE_CLAUSES.map((e) => ({ ...e, clauses: [...e.clauses] })));
  });

  test('compliance-report.md names every resource type that counts as a monitor', () => {
    const doc = read('compliance-report.md');
    for (const type of MONITOR_RESOURCE_TYPES) expect(doc).toContain(`\`${type}\``);
  });

  test("the README's output section shows the report's files and its screenshot", () => {
    const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf("## Read the checks' output"));
    for (const file of Object.values(REPORT_FILES)) expect(section).toContain(file);
    expect(section).toContain('](docs/compliance-report.png)');
  });

  test('network.md lists every allow-listed host with its reason, and every reserved range', () => {
    const network = read('network.md');
    for (const { host, reason } of [...SP_API_HOSTS, ...SP_API_SANDBOX_HOSTS]) {
      expect(network).toMatch(
        new RegExp(`\\| \`${literal(host)}\` +\\|[^|]+\\| ${literal(reason)} +\\|`),
      );
    }
    for (const { cidr, reason } of RESERVED_DENIED_CIDRS) {
      expect(network).toMatch(new RegExp(`\\| \`${literal(cidr)}\` +\\| ${literal(reason)} +\\|`));
    }
  });

  test('every relative link in the docs and the README points at a file that exists', () => {
    const root = path.join(__dirname, '../..');
    const files = [
      path.join(root, 'README.md'),
      ...fs
        .readdirSync(path.join(root, 'docs'), { recursive: true })
        .map((f) => path.join(root, 'docs', String(f)))
        .filter((f) => f.endsWith('.md')),
    ];
    const broken = files.flatMap((file) =>
      [...fs.readFileSync(file, 'utf8').matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)]
        .map((m) => m[1])
        .filter((link) => !/^[a-z]+:/.test(link))
        .filter((link) => !fs.existsSync(path.resolve(path.dirname(file), link)))
        .map((link) => `${path.relative(root, file)} -> ${link}`),
    );
    expect(broken).toEqual([]);
  });
});
