import { createHash } from 'crypto';
import { cite, ClauseId, isClauseId } from '../policy/clauses';
import type {
  ComplianceReport,
  EnvironmentReport,
  ReportAcknowledgement,
  ReportFinding,
  ReportRule,
  SourceLocation,
} from './model';

/**
 * The compliance report as SARIF 2.1.0, for code-scanning tools: one result per open
 * finding (per resource), located at the source line of the code that created the
 * resource when the stack traces have it; one suppressed result per acknowledged
 * finding, with the acknowledgement's reason as justification and located where
 * `acknowledge()` was called. Each rule's help text names the clauses it checks.
 */

export const SARIF_VERSION = '2.1.0';
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

type Level = 'error' | 'warning' | 'note';

const LEVELS: Readonly<Record<ReportFinding['severity'], Level>> = {
  fatal: 'error',
  error: 'error',
  warning: 'warning',
  info: 'note',
};

interface SarifLocation {
  physicalLocation?: {
    artifactLocation: { uri: string; uriBaseId: string };
    region?: { startLine: number; startColumn?: number };
  };
  logicalLocations: { fullyQualifiedName: string; kind: string }[];
}

function clauseText(clauses: readonly string[]): string {
  return clauses.map((id) => (isClauseId(id) ? cite(id as ClauseId) : id)).join('; ');
}

function ruleDescriptor(rule: ReportRule, report: ComplianceReport) {
  const clauses = rule.clauses.length > 0 ? clauseText(rule.clauses) : 'no clause (unmapped)';
  const requirements = rule.clauses
    .map((id) => report.clauses.find((c) => c.id === id))
    .filter((c) => c !== undefined)
    .map((c) => `${c.id} ${c.title}: ${c.requirement}`);
  const help = [
    `Checks: ${clauses}.`,
    rule.summary,
    ...(rule.help && !requirements.some((r) => rule.help.includes(r)) ? [rule.help] : []),
    ...requirements,
  ].join('\n\n');
  return {
    id: rule.id,
    name: rule.id.replace(/[^A-Za-z0-9]/g, ''),
    shortDescription: { text: `[${clauses}] ${rule.summary}`.slice(0, 1000) },
    fullDescription: { text: rule.summary || rule.id },
    help: {
      text: help,
      markdown: help
        .split('\n\n')
        .map((p, i) => (i === 0 ? `**${p}**` : p))
        .join('\n\n'),
    },
    properties: {
      pack: rule.pack,
      clauses: rule.clauses,
      tags: ['compliance', rule.pack, ...rule.clauses],
      ...(rule.source ? { source: rule.source } : {}),
    },
  };
}

function location(path: string, at: SourceLocation | undefined, kind: string): SarifLocation {
  return {
    ...(at
      ? {
          physicalLocation: {
            artifactLocation: { uri: at.file, uriBaseId: '%SRCROOT%' },
            region: { startLine: at.line, ...(at.column ? { startColumn: at.column } : {}) },
          },
        }
      : {}),
    logicalLocations: [{ fullyQualifiedName: path, kind }],
  };
}

/** A fingerprint that stays the same while the finding stays: rule, finding and resource. */
function fingerprint(environment: string, finding: ReportFinding): string {
  return createHash('sha256')
    .update(`${environment}\n${finding.findingId}\n${finding.resource}`)
    .digest('hex');
}

function result(
  environment: EnvironmentReport,
  finding: ReportFinding,
  ruleIndex: number,
  acknowledgement: ReportAcknowledgement | undefined,
) {
  const cited = finding.clauses.length > 0 && !finding.message.startsWith('[');
  const where = cited ? `[${clauseText(finding.clauses)}] ` : '';
  const suppressed = finding.state === 'acknowledged';
  const at = suppressed && acknowledgement?.location ? acknowledgement.location : finding.location;
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVELS[finding.severity],
    message: {
      text: `${environment.id}, ${finding.resource}: ${where}${finding.message}${suppressed ? '' : ` Fix: ${finding.fix}`}`,
    },
    locations: [location(finding.resource, at, 'resource')],
    partialFingerprints: { 'findingOnResource/v1': fingerprint(environment.id, finding) },
    properties: {
      environment: environment.id,
      findingId: finding.findingId,
      resource: finding.resource,
      clauses: finding.clauses,
      placedBy: finding.placedBy,
      reportId: finding.id,
    },
    ...(suppressed
      ? {
          suppressions: [
            {
              kind: 'inSource',
              status: 'accepted',
              justification: acknowledgement?.reason ?? 'Acknowledged.',
              ...(acknowledgement
                ? {
                    properties: {
                      acknowledgedAt: acknowledgement.scope,
                      reportId: acknowledgement.id,
                    },
                  }
                : {}),
            },
          ],
        }
      : {}),
  };
}

/** The compliance report as a SARIF 2.1.0 log. */
export function complianceSarif(report: ComplianceReport): Record<string, unknown> {
  const used = new Set(report.environments.flatMap((e) => e.findings.map((f) => f.ruleId)));
  const rules = report.rules.filter((r) => used.has(r.id) || r.clauses.length > 0);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = report.environments.flatMap((e) => {
    const acks = new Map(e.acknowledgements.map((a) => [a.id, a]));
    return e.findings.map((f) =>
      result(
        e,
        f,
        index.get(f.ruleId)!,
        f.acknowledgement ? acks.get(f.acknowledgement) : undefined,
      ),
    );
  });
  return {
    $schema: SARIF_SCHEMA,
    version: SARIF_VERSION,
    runs: [
      {
        tool: {
          driver: {
            name: 'spapi-dpp-baseline checks',
            semanticVersion: report.schemaVersion,
            rules: rules.map((r) => ruleDescriptor(r, report)),
          },
        },
        originalUriBaseIds: {
          '%SRCROOT%': { description: { text: 'The root of the project repository.' } },
        },
        results,
        properties: {
          gate: report.gate.passed ? 'passed' : 'failed',
          environments: report.environments.map((e) => e.id),
        },
      },
    ],
  };
}
