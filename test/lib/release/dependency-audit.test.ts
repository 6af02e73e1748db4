import { describeVerdict, judgeAudit } from '../../../lib/release/dependency-audit';

const report = (vulnerabilities: Record<string, unknown>, counts: Record<string, number>) =>
  JSON.stringify({
    auditReportVersion: 2,
    vulnerabilities,
    metadata: {
      vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, ...counts },
    },
  });

describe('release check: dependency audit (DPP 2.7)', () => {
  test('passes when no shipped package has a high or critical advisory', () => {
    const verdict = judgeAudit({
      status: 1,
      stdout: report(
        { minimist: { severity: 'moderate', via: ['prototype pollution'] } },
        { moderate: 1 },
      ),
      stderr: '',
    });
    expect(verdict.kind).toBe('passed');
    expect(describeVerdict(verdict).exitCode).toBe(0);
  });

  test('fails if a shipped package has a high or critical advisory, naming it', () => {
    const verdict = judgeAudit({
      status: 1,
      stdout: report(
        {
          'fast-xml-parser': { severity: 'critical', via: [{ title: 'Prototype pollution' }] },
          semver: { severity: 'high', via: ['ReDoS'] },
        },
        { high: 1, critical: 1 },
      ),
      stderr: '',
    });
    const { text, exitCode } = describeVerdict(verdict);
    expect(exitCode).toBe(1);
    expect(text).toContain('fast-xml-parser (critical): Prototype pollution');
    expect(text).toContain('semver (high): ReDoS');
  });

  test('fails if the advisory service refuses the request, saying so (never a silent pass)', () => {
    // What this machine's registry answers: HTTP 405 to the bulk advisory request.
    const verdict = judgeAudit({
      status: 1,
      stdout: JSON.stringify({
        message:
          '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
        statusCode: 405,
      }),
      stderr: 'npm error audit endpoint returned an error\n',
    });
    const { text, exitCode } = describeVerdict(verdict);
    expect(exitCode).toBe(2);
    expect(text).toContain('405 Method Not Allowed');
    expect(text).toMatch(/cannot pass without one/);
  });

  test('fails if npm cannot run at all or prints no report', () => {
    expect(
      describeVerdict(
        judgeAudit({
          status: null,
          stdout: '',
          stderr: '',
          error: new Error('spawnSync npm ETIMEDOUT'),
        }),
      ).exitCode,
    ).toBe(2);
    expect(
      describeVerdict(
        judgeAudit({ status: 1, stdout: '', stderr: 'npm error network ENOTFOUND\n' }),
      ).text,
    ).toContain('ENOTFOUND');
  });
});
