import * as fs from 'fs';
import * as path from 'path';
import {
  SP_API_HOSTS,
  SP_API_SANDBOX_HOSTS,
  RESERVED_DENIED_CIDRS,
} from '../../constructs/network';
import { ruleId } from '../../lib/nag/rule';
import { DPP_RULES } from '../../lib/nag/rules';

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
