import * as fs from 'fs';
import * as path from 'path';
import { CDK_NAG_RULE_CLAUSES } from '../../../lib/nag/cdk-nag-clauses';
import { ruleId } from '../../../lib/nag/rule';
import { DPP_RULES } from '../../../lib/nag/rules';
import { BUILT_CAPABILITIES, CLAUSES, ClauseId, cite, clause } from '../../../lib/policy/clauses';

const ROOT = path.join(__dirname, '../../..');
const POLICIES = path.join(ROOT, '../shared/policies');
const DPP_TEXT = path.join(POLICIES, 'sp-api-data-protection-policy.txt');
const AUP_TEXT = path.join(POLICIES, 'sp-api-acceptable-use-policy.txt');
const DUP_TEXT = path.join(POLICIES, 'company-data-use-policy.txt');
/** The numbered clauses of the DPP and their headings, as the policy text gives them. */
const DPP_NUMBERED_CLAUSES: { id: ClauseId; title: string }[] = JSON.parse(
  fs.readFileSync(path.join(ROOT, 'test/fixtures/dpp-numbered-clauses.json'), 'utf8'),
);

/** The numbered clauses of the AUP (old numbering of the redline) and the DUP. */
const AUP_DUP_NUMBERED_CLAUSES: { AUP: string[]; DUP: string[] } = JSON.parse(
  fs.readFileSync(path.join(ROOT, 'test/fixtures/aup-dup-numbered-clauses.json'), 'utf8'),
);

/**
 * Clause numbers as the AUP redline gives them: `~~1.1~~ [1](#)—...` in sections 1 and
 * 2, `- 3.2 ~~2-~~ ...` or `4.8 Be transparent ...` at the start of a line after that.
 * Struck numbers without a digit after the dot (`~~3.—`) are deleted clauses.
 */
function aupClauseNumbers(text: string): string[] {
  return [...text.matchAll(/^(?:- )?(?:~~)?(\d\.\d{1,2})(?:~~)?[ \u2014]/gm)].map(
    (m) => `AUP ${m[1]}`,
  );
}

/** Clause numbers of the DUP, which puts some clauses mid-line (`... 3.4. The secret key`). */
function dupClauseNumbers(text: string): string[] {
  return [...text.matchAll(/(?:^|\s)(\d\.\d)[\u3001.]/g)].map((m) => `DUP ${m[1]}`);
}

const whenPresent = (file: string) => (fs.existsSync(file) ? test : test.skip);

describe('clause catalogue', () => {
  test('lists every numbered clause of the AUP and the DUP, organizational ones included', () => {
    const ids = new Set<string>(CLAUSES.map((c) => c.id));
    const missing = [...AUP_DUP_NUMBERED_CLAUSES.AUP, ...AUP_DUP_NUMBERED_CLAUSES.DUP].filter(
      (id) => !ids.has(id),
    );
    expect(missing).toEqual([]);
    expect(CLAUSES.map((c) => c.policy).filter((p) => p !== 'DPP')).toHaveLength(
      AUP_DUP_NUMBERED_CLAUSES.AUP.length + AUP_DUP_NUMBERED_CLAUSES.DUP.length,
    );
  });

  whenPresent(AUP_TEXT)('takes its AUP clause numbers from the policy text', () => {
    expect(aupClauseNumbers(fs.readFileSync(AUP_TEXT, 'utf8'))).toEqual(
      AUP_DUP_NUMBERED_CLAUSES.AUP,
    );
  });

  whenPresent(DUP_TEXT)('takes its DUP clause numbers from the policy text', () => {
    expect(dupClauseNumbers(fs.readFileSync(DUP_TEXT, 'utf8'))).toEqual(
      AUP_DUP_NUMBERED_CLAUSES.DUP,
    );
  });

  test('gives every clause a kind and a one-line reason for it', () => {
    for (const c of CLAUSES) {
      expect(c.rationale).toMatch(/^\S.*\.$/);
      expect(c.rationale).not.toContain('\n');
    }
    const kinds = new Set(CLAUSES.map((c) => c.kind));
    expect([...kinds].sort()).toEqual([
      'enforced',
      'monitored',
      'not-applicable',
      'organizational',
    ]);
  });

  test('lists every numbered clause of the DPP under its own title', () => {
    for (const { id, title } of DPP_NUMBERED_CLAUSES) {
      expect(cite(id)).toBe(`${id} ${title}`);
    }
  });

  // The policy texts live beside the project (../shared/policies), not in it; where they
  // are present, the fixture above is checked against the DPP itself.
  whenPresent(DPP_TEXT)('takes its DPP clause list from the policy text', () => {
    const text = fs.readFileSync(DPP_TEXT, 'utf8');
    const headings = [...text.matchAll(/^(\d\.\d)\.? ([A-Z][A-Za-z ]+?)\./gm)].map((m) => ({
      id: `DPP ${m[1]}`,
      title: m[2],
    }));
    expect([...headings, { id: 'DPP 3', title: 'Audit and Assessment' }]).toEqual(
      DPP_NUMBERED_CLAUSES,
    );
  });

  test('has unique ids and cites them with their title', () => {
    const ids = CLAUSES.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(cite('DPP 2.6')).toBe('DPP 2.6 Logging and Monitoring');
    expect(clause('DUP 4.7').policy).toBe('DUP');
  });

  test.each(CLAUSES.flatMap((c) => c.constructs.map((ref) => [c.id, ref])))(
    '%s names code that exists: %s',
    (_id, ref) => {
      const [modulePath, exportName] = ref.split('#');
      if (!exportName) {
        expect(fs.existsSync(path.join(ROOT, modulePath))).toBe(true);
        return;
      }
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const loaded = require(path.join(ROOT, modulePath));
      expect(typeof loaded[exportName]).toBe('function');
    },
  );

  test('every rule cites only catalogued clauses and has a unique name', () => {
    const names = DPP_RULES.map(ruleId);
    expect(new Set(names).size).toBe(names.length);
    for (const rule of DPP_RULES) {
      for (const id of rule.clauses) expect(() => clause(id)).not.toThrow();
    }
  });

  test('every enforced clause of a built capability is checked by at least one rule', () => {
    const checked = new Set<string>([
      ...DPP_RULES.flatMap((r) => r.clauses),
      ...CDK_NAG_RULE_CLAUSES.flatMap((r) => r.clauses),
    ]);
    const unchecked = CLAUSES.filter(
      (c) =>
        c.kind === 'enforced' &&
        c.constructs.length > 0 &&
        BUILT_CAPABILITIES.includes(c.capability) &&
        !checked.has(c.id),
    ).map((c) => c.id);
    expect(unchecked).toEqual([]);
  });

  test('the cdk-nag table places rules under catalogued clauses, once each', () => {
    const ids = CDK_NAG_RULE_CLAUSES.map((r) => r.ruleId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const entry of CDK_NAG_RULE_CLAUSES) {
      expect(entry.ruleId).toMatch(/^(AwsSolutions|NIST\.800\.53\.R5)-[A-Za-z0-9]+$/);
      for (const id of entry.clauses) expect(() => clause(id)).not.toThrow();
      expect(entry.why).toMatch(/^\S.*\.$/);
    }
  });
});
