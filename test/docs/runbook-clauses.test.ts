import { parseRunbook, readRunbooks } from '../../lib/report/runbooks';

/** The runbooks name the clauses they carry, which the compliance report reads. */
describe('runbooks', () => {
  test('every runbook in docs/runbooks names the clauses it carries, all in the catalogue', () => {
    const { runbooks, problems } = readRunbooks();
    expect(problems).toEqual([]);
    expect(runbooks.length).toBeGreaterThanOrEqual(2);
    for (const runbook of runbooks) {
      expect(runbook.file).toMatch(/^docs\/runbooks\/[a-z0-9-]+\.md$/);
      expect(runbook.clauses.length).toBeGreaterThan(0);
    }
    expect(runbooks.find((r) => r.file === 'docs/runbooks/deletion-request.md')?.clauses).toEqual([
      'DPP 1.7',
    ]);
  });

  test('reads only the Clauses: line, whatever else the text cites', () => {
    const problems: string[] = [];
    const runbook = parseRunbook(
      'docs/runbooks/x.md',
      '# Runbook: x\n\nClauses: DPP 1.6, DPP 2.6 and AUP 2.10.\n\nSee also DPP 1.2.\n',
      problems,
    );
    expect(runbook).toEqual({
      file: 'docs/runbooks/x.md',
      title: 'Runbook: x',
      clauses: ['DPP 1.6', 'DPP 2.6', 'AUP 2.10'],
    });
    expect(problems).toEqual([]);
  });

  test('fails if a runbook names no clause, or one the catalogue lacks', () => {
    const problems: string[] = [];
    parseRunbook('docs/runbooks/a.md', '# A\n\nMentions DPP 1.6 in passing.\n', problems);
    parseRunbook('docs/runbooks/b.md', '# B\n\nClauses: DPP 9.9, DPP 1.6\n', problems);
    parseRunbook('docs/runbooks/c.md', '# C\n\nClauses: none yet\n', problems);
    expect(problems).toEqual([
      'docs/runbooks/a.md names no clause: add a line "Clauses: DPP x.y, ..." under its title',
      'docs/runbooks/b.md names DPP 9.9, not in the clause catalogue',
      'docs/runbooks/c.md has a Clauses: line that names no clause',
    ]);
  });
});
