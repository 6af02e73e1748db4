import { spawnSync } from 'child_process';

/**
 * The dependency audit of the release check (DPP 2.7 Vulnerability Management: "scan
 * code for vulnerabilities prior to each release"): `npm audit` over the packages that
 * ship (`--omit=dev`), failing on high or critical advisories.
 *
 * An audit that could not run is a failure with its reason, never a pass: a registry
 * that refuses the advisory request (HTTP 405 here), a network error or an answer that
 * is not an audit report all stop the release.
 */

/** Severities that block a release. */
export const BLOCKING_SEVERITIES = ['high', 'critical'] as const;

export interface CommandOutcome {
  /** Exit status; `null` when the process was killed (e.g. by the timeout). */
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the command could not be started or timed out. */
  readonly error?: Error;
}

export interface Advisory {
  readonly name: string;
  readonly severity: string;
  readonly via: readonly string[];
}

export type AuditVerdict =
  | { readonly kind: 'passed'; readonly counts: Readonly<Record<string, number>> }
  | { readonly kind: 'blocked'; readonly advisories: readonly Advisory[] }
  | { readonly kind: 'unavailable'; readonly reason: string };

interface AuditReport {
  readonly auditReportVersion?: number;
  readonly vulnerabilities?: Record<
    string,
    { readonly severity?: string; readonly via?: readonly (string | { readonly title?: string })[] }
  >;
  readonly metadata?: { readonly vulnerabilities?: Record<string, number> };
  readonly message?: string;
  readonly error?: { readonly summary?: string };
}

function parseReport(stdout: string): AuditReport | undefined {
  try {
    const parsed: unknown = JSON.parse(stdout);
    return parsed !== null && typeof parsed === 'object' ? (parsed as AuditReport) : undefined;
  } catch {
    return undefined;
  }
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? ''
  );
}

/** What an `npm audit --json` run means for the release. */
export function judgeAudit(outcome: CommandOutcome): AuditVerdict {
  if (outcome.error) {
    return { kind: 'unavailable', reason: `npm audit did not run: ${outcome.error.message}` };
  }
  const report = parseReport(outcome.stdout);
  if (!report || report.auditReportVersion === undefined || !report.metadata?.vulnerabilities) {
    const said = report?.message ?? firstLine(outcome.stderr) ?? '';
    return {
      kind: 'unavailable',
      reason: `the npm advisory service gave no audit report (exit ${outcome.status}${said ? `: ${said}` : ''})`,
    };
  }
  const advisories = Object.entries(report.vulnerabilities ?? {})
    .filter(([, v]) => (BLOCKING_SEVERITIES as readonly string[]).includes(v.severity ?? ''))
    .map(([name, v]) => ({
      name,
      severity: v.severity ?? 'unknown',
      via: (v.via ?? []).map((via) => (typeof via === 'string' ? via : (via.title ?? 'advisory'))),
    }));
  if (advisories.length > 0) return { kind: 'blocked', advisories };
  return { kind: 'passed', counts: report.metadata.vulnerabilities };
}

/** The report a person reads; the exit code: 0 passed, 1 blocked, 2 could not audit. */
export function describeVerdict(verdict: AuditVerdict): { text: string; exitCode: number } {
  switch (verdict.kind) {
    case 'passed':
      return {
        text: `Dependency audit PASSED: no high or critical advisory in the packages that ship (${Object.entries(
          verdict.counts,
        )
          .map(([k, n]) => `${n} ${k}`)
          .join(', ')}).`,
        exitCode: 0,
      };
    case 'blocked':
      return {
        text: [
          `Dependency audit FAILED: ${verdict.advisories.length} package(s) with high or critical advisories (DPP 2.7 Vulnerability Management); fix them before the release:`,
          ...verdict.advisories.map((a) => `  - ${a.name} (${a.severity}): ${a.via.join('; ')}`),
        ].join('\n'),
        exitCode: 1,
      };
    case 'unavailable':
      return {
        text: `Dependency audit FAILED: ${verdict.reason}. DPP 2.7 Vulnerability Management requires a scan before each release, so the release check cannot pass without one; run it where the npm advisory service is reachable.`,
        exitCode: 2,
      };
  }
}

/** Runs `npm audit` for the shipped packages, in `cwd`. */
export function runNpmAudit(cwd: string, timeoutMs = 120_000): CommandOutcome {
  const result = spawnSync('npm', ['audit', '--omit=dev', '--json'], {
    cwd,
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  return {
    status: result.status,
    stdout: result.stdout ?? '',
    stderr: result.stderr ?? '',
    ...(result.error ? { error: result.error } : {}),
  };
}
