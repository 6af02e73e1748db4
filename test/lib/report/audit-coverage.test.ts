import { clauseCoverage } from '../../../lib/report/clause-coverage';

describe('clause coverage of the audit capability', () => {
  const status = (id: string) => clauseCoverage().find((c) => c.clause.id === id)?.status;

  test('shows DPP 2.6 as checked by the DPP pack', () => {
    expect(status('DPP 2.6')).toBe('checked');
  });

  test('shows DPP 1.6 and DPP 2.7 as supported by their runbooks and constructs', () => {
    expect(status('DPP 1.6')).toBe('supported');
    expect(status('DPP 2.7')).toBe('supported');
  });
});
