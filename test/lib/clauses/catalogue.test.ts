import * as fs from 'fs';
import * as path from 'path';
import { CLAUSES, ClauseId, cite, clause } from '../../../lib/clauses/catalogue';
import { clauseCoverage } from '../../../lib/clauses/coverage';
import { ruleId } from '../../../lib/nag/rule';
import { DPP_RULES } from '../../../lib/nag/rules';
import { coverageMarkdown } from '../../../lib/report/coverage-report';

const ROOT = path.join(__dirname, '../../..');
const DPP_TEXT = path.join(ROOT, '../shared/policies/sp-api-data-protection-policy.txt');
/** The numbered clauses of the DPP and their headings, as the policy text gives them. */
const DPP_NUMBERED_CLAUSES: { id: ClauseId; title: string }[] = JSON.parse(
  fs.readFileSync(path.join(ROOT, 'test/fixtures/dpp-numbered-clauses.json'), 'utf8'),
);

describe('clause catalogue', () => {
  test('lists every numbered clause of the DPP under its own title', () => {
    for (const { id, title } of DPP_NUMBERED_CLAUSES) {
      expect(cite(id)).toBe(`${id} ${title}`);
    }
  });

  // The policy texts live beside the project (../shared/policies), not in it; where they
  // are present, the fixture above is checked against the DPP itself.
  (fs.existsSync(DPP_TEXT) ? test : test.skip)(
    'takes its DPP clause list from the policy text',
    () => {
      const text = fs.readFileSync(DPP_TEXT, 'utf8');
      const headings = [...text.matchAll(/^(\d\.\d)\.? ([A-Z][A-Za-z ]+?)\./gm)].map((m) => ({
        id: `DPP ${m[1]}`,
        title: m[2],
      }));
      expect([...headings, { id: 'DPP 3', title: 'Audit and Assessment' }]).toEqual(
        DPP_NUMBERED_CLAUSES,
      );
    },
  );

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
    const unchecked = clauseCoverage()
      .filter(
        (c) =>
          c.clause.kind === 'enforced' && c.status === 'partial' && c.clause.constructs.length > 0,
      )
      .filter((c) => ['foundation', 'network', 'data', 'credentials'].includes(c.clause.capability))
      .map((c) => c.clause.id);
    expect(unchecked).toEqual([]);
  });

  test('keeps clauses nobody covers yet in the report as gaps', () => {
    const coverage = clauseCoverage();
    expect(coverage.find((c) => c.clause.id === 'DPP 2.7')?.status).toBe('gap');
    expect(coverage).toHaveLength(CLAUSES.length);
    expect(coverageMarkdown(coverage)).toContain(
      '| DPP 2.7 Vulnerability Management | organizational | quality | gap |',
    );
  });
});
