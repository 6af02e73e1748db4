import { BASIS_PATTERN } from '../nag/acknowledge';
import { baseRuleId } from '../nag/cdk-nag-clauses';
import { declaredControls } from '../nag/controls';
import { DppRule } from '../nag/rule';
import { DPP_RULES } from '../nag/rules';
import { Clause, CLAUSES } from '../policy/clauses';
import { Assembly, AssemblyStack } from './assembly';
import { clauseStatus } from './clause-status';
import { evaluateAssembly } from './evaluation';
import type {
  ClauseResult,
  ComplianceReport,
  EnvironmentReport,
  ReportAcknowledgement,
  ReportFinding,
  ReportResource,
  ReportRecordOfProcessing,
  ReportRule,
  SourceLocation,
} from './model';
import { RecordOfProcessing, recordOfProcessing } from './record-of-processing';
import { RuleCatalogue } from './rule-catalogue';
import { PROJECT_ROOT, readRunbooks, Runbook, Runbooks } from './runbooks';
import { projectLocation } from './source-locations';
import {
  COMPLIANCE_REPORT_SCHEMA_VERSION,
  isMonitorType,
  Status,
  STATUS_MEANINGS,
  STATUSES,
} from './statuses';

/**
 * Builds the compliance report's one model from a synthesized assembly: per
 * environment, every clause of the catalogue with its status and the evidence for it
 * (resources that declare a control, rules that passed, findings open and
 * acknowledged, monitors, runbooks), every finding placed under its clauses or in the
 * unmapped section, every acknowledgement with its reason and basis, and the record
 * of processing. Every view renders this value; nothing else counts anything.
 */

export interface ComplianceInputs {
  readonly assembly: Assembly;
  /** @default the runbooks of docs/runbooks */
  readonly runbooks?: Runbooks;
  /** Where source locations are made relative to. @default the project root */
  readonly root?: string;
  /** @default the DPP pack's registry */
  readonly rules?: readonly DppRule[];
  /** @default the clause catalogue */
  readonly clauses?: readonly Clause[];
}

/** Files acknowledgements are made through; a location skips them to the caller. */
const ACKNOWLEDGE_HELPERS = ['lib/nag/acknowledge.ts'];

const ACKNOWLEDGE_HINT =
  'If it is acceptable here, acknowledge it on the narrowest construct with acknowledge() (lib/nag/acknowledge.ts), giving the reason and the clause or engineering basis.';

const SEVERITIES = ['fatal', 'error', 'warning', 'info'] as const;
type Severity = (typeof SEVERITIES)[number];

function severityOf(value: string): Severity {
  return (SEVERITIES as readonly string[]).includes(value) ? (value as Severity) : 'warning';
}

/** `[DPP 1.3 Least Privilege Principle] ...` -> `{ clause: 'DPP 1.3' }`; `[Engineering: x] ...` -> `{ engineering: 'x' }`. */
function basisOf(reason: string): ReportAcknowledgement['basis'] {
  const clause = /^\[((?:DPP|AUP|DUP) [0-9.]+) [^\]]+\]/.exec(reason);
  if (clause) return { clause: clause[1] };
  const engineering = /^\[Engineering: ([^\]]+)\]/.exec(reason);
  return engineering ? { engineering: engineering[1] } : undefined;
}

/** Whether `path` is `scope` or below it. */
function isAtOrBelow(path: string, scope: string): boolean {
  return path === scope || path.startsWith(`${scope}/`);
}

const key = (scope: string, ruleId: string) => `${scope}\u0000${ruleId}`;

/** A finding before it is numbered. */
interface DraftFinding {
  readonly pack: string;
  readonly findingId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly resource: string;
  readonly state: 'open' | 'acknowledged';
  /** `key(scope, ruleId)` of the acknowledgement that hid it. */
  readonly decision?: string;
  readonly suggestedFix?: string;
  readonly location?: SourceLocation;
}

interface DraftDecision {
  readonly scope: string;
  readonly ruleId: string;
  readonly reason: string;
  readonly location?: SourceLocation;
}

/** The report under construction: what every environment shares. */
class ReportBuilder {
  private readonly root: string;
  private readonly clauses: readonly Clause[];
  private readonly runbooks: Runbooks;
  private readonly catalogue: RuleCatalogue;
  private readonly environments: string[];
  private readonly compliant = new Map<string, string[]>();
  private readonly notes: string[] = [];
  private record?: ReportRecordOfProcessing;

  constructor(
    private readonly assembly: Assembly,
    inputs: ComplianceInputs,
  ) {
    this.root = inputs.root ?? PROJECT_ROOT;
    this.clauses = inputs.clauses ?? CLAUSES;
    this.runbooks = inputs.runbooks ?? readRunbooks();
    this.catalogue = new RuleCatalogue(inputs.rules ?? DPP_RULES, assembly.ruleResults);
    this.environments = deploymentOrder([...new Set(assembly.stacks.map((s) => s.environment))]);
    for (const pack of assembly.ruleResults?.packs ?? []) {
      for (const rule of pack.rules) this.compliant.set(rule.ruleId, rule.compliant);
    }
    this.notes.push(...this.runbooks.problems);
    if (!assembly.ruleResults) {
      this.notes.push(
        'The packs recorded no results (rule-results.json is missing): where rules passed is unknown, so a clause is met on the resources that declare it. Register the checks with registerChecks() (lib/checks.ts) and synthesize with the gate (npm run synth).',
      );
    }
  }

  public build(): ComplianceReport {
    const gate = evaluateAssembly(this.assembly);
    const environments = this.environments.map((id) => this.environment(id));
    return {
      schemaVersion: COMPLIANCE_REPORT_SCHEMA_VERSION,
      gate: {
        passed: gate.passed,
        errors: gate.errors.reduce((n, f) => n + f.constructPaths.length, 0),
        warnings: gate.warnings.reduce((n, f) => n + f.constructPaths.length, 0),
        acknowledgementsRecorded: gate.acknowledgements.length,
        unjustified: gate.unjustified.map(
          (a) => `${a.ruleId} on ${a.template} ${a.logicalId}: reason ${JSON.stringify(a.reason)}`,
        ),
        missingPacks: [...gate.missingPacks],
      },
      statuses: STATUSES.map((status) => ({ status, meaning: STATUS_MEANINGS[status] })),
      clauses: this.clauses.map((c) => ({
        id: c.id,
        policy: c.policy,
        title: c.title,
        policyVersion: c.policyVersion,
        kind: c.kind,
        rationale: c.rationale,
        capability: c.capability,
        requirement: c.requirement,
        ...(c.organizationalNote ? { organizationalNote: c.organizationalNote } : {}),
        code: [...c.constructs],
        rules: this.catalogue.checking(c.id).map((r) => r.id),
      })),
      rules: this.catalogue.all(),
      runbooks: this.runbooks.runbooks.map((r) => ({
        file: r.file,
        title: r.title,
        clauses: [...r.clauses],
      })),
      environments,
      notes: this.notes,
    };
  }

  /**
   * The record of processing of one environment: derived once for the whole assembly
   * (the grants of every stack), then each store and note where it belongs. A note
   * that names no environment's construct goes to every environment.
   */
  private recordOf(environment: string): ReportRecordOfProcessing {
    this.record ??= recordForReport(recordOfProcessing(this.assembly));
    const names = (note: string, env: string) => note.includes(`${env}/`);
    return {
      stores: this.record.stores.filter((s) => this.environmentOf(s.store) === environment),
      notInTemplates: this.record.notInTemplates.filter(
        (note) => names(note, environment) || !this.environments.some((env) => names(note, env)),
      ),
    };
  }

  /** The environment a construct path belongs to. */
  private environmentOf(path: string): string {
    const first = path.split('/')[0];
    if (this.environments.includes(first)) return first;
    return this.environments.includes('App') ? 'App' : this.environments[0];
  }

  private stacksOf(environment: string): AssemblyStack[] {
    return this.assembly.stacks.filter((s) => s.environment === environment);
  }

  private environment(id: string): EnvironmentReport {
    const stacks = this.stacksOf(id);
    const resources = this.resources(stacks);
    const locations = new Map(resources.map((r) => [r.path, r.location]));
    const decisions = this.decisions(id, stacks);
    const acknowledgements = this.numberDecisions(id, decisions);
    const findings = this.findings(id, locations, acknowledgements);
    for (const ack of acknowledgements) {
      ack.findings = findings.filter((f) => f.acknowledgement === ack.id).map((f) => f.id);
    }
    this.noteIdleAcknowledgements(acknowledgements);
    const clauses = this.clauses.map((c) =>
      this.clauseResult(c, id, resources, findings, acknowledgements),
    );
    const counts = Object.fromEntries(
      STATUSES.map((s) => [s, clauses.filter((c) => c.status === s).length]),
    ) as Record<Status, number>;
    return {
      id,
      stacks: stacks.map((s) => ({
        path: s.path,
        stackName: s.stackName,
        account: s.account,
        region: s.region,
        templateFile: s.templateFile.split('\\').join('/'),
      })),
      counts,
      clauses,
      findings,
      unmapped: findings.filter((f) => f.placedBy === 'none').map((f) => f.id),
      acknowledgements,
      resources,
      recordOfProcessing: this.recordOf(id),
    };
  }

  private resources(stacks: readonly AssemblyStack[]): ReportResource[] {
    return stacks.flatMap((stack) =>
      Object.entries(stack.template.Resources ?? {}).map(([logicalId, resource]) => {
        const path = stack.constructPaths.get(logicalId) ?? `${stack.path}/${logicalId}`;
        const location = projectLocation(stack.creationTraces.get(path) ?? [], this.root);
        return {
          path,
          stack: stack.path,
          logicalId,
          type: resource.Type,
          controls: declaredControls(resource.Metadata).map((c) => ({
            clauses: [...c.clauses],
            summary: c.summary,
          })),
          ...(location ? { location } : {}),
        };
      }),
    );
  }

  /**
   * The acknowledgements made in the environment: as made on constructs (with the code
   * that made them), then any the packs honoured or the templates record that were
   * made where no stack records them (above a stack, on a stage).
   */
  private decisions(environment: string, stacks: readonly AssemblyStack[]): DraftDecision[] {
    const decisions = new Map<string, DraftDecision>();
    for (const made of stacks.flatMap((s) => s.acknowledgementsMade)) {
      const location = projectLocation(made.trace, this.root, ACKNOWLEDGE_HELPERS);
      decisions.set(key(made.scope, made.ruleId), {
        scope: made.scope,
        ruleId: made.ruleId,
        reason: made.reason,
        ...(location ? { location } : {}),
      });
    }
    for (const hidden of this.hiddenFindings(environment)) {
      const k = key(hidden.acknowledgedAt, hidden.ruleId);
      if (!decisions.has(k)) {
        decisions.set(k, {
          scope: hidden.acknowledgedAt,
          ruleId: hidden.ruleId,
          reason: hidden.reason,
        });
      }
    }
    const made = [...decisions.values()];
    for (const recorded of this.assembly.acknowledgements) {
      const stack = stacks.find((s) => s.templateFile === recorded.template);
      if (!stack) continue;
      const path =
        stack.constructPaths.get(recorded.logicalId) ?? `${stack.path}/${recorded.logicalId}`;
      const explained = made.some(
        (d) => d.ruleId === recorded.ruleId && isAtOrBelow(path, d.scope),
      );
      if (!explained && !decisions.has(key(path, recorded.ruleId))) {
        decisions.set(key(path, recorded.ruleId), {
          scope: path,
          ruleId: recorded.ruleId,
          reason: recorded.reason,
        });
      }
    }
    return [...decisions.values()]
      .filter((d) => !this.overridden(d, stacks))
      .sort((a, b) => a.scope.localeCompare(b.scope) || a.ruleId.localeCompare(b.ruleId));
  }

  /**
   * Whether a closer acknowledgement of the same finding overrides `decision` on every
   * resource below it: the templates record the finding there, always with another
   * reason (aws-cdk-lib acknowledges some findings of its own constructs without a
   * basis; the project acknowledges them again, resource by resource, with one).
   */
  private overridden(decision: DraftDecision, stacks: readonly AssemblyStack[]): boolean {
    const records = this.assembly.acknowledgements.filter((r) => {
      if (r.ruleId !== decision.ruleId) return false;
      const stack = stacks.find((s) => s.templateFile === r.template);
      const path = stack?.constructPaths.get(r.logicalId);
      return path !== undefined && isAtOrBelow(path, decision.scope);
    });
    return records.length > 0 && records.every((r) => r.reason !== decision.reason);
  }

  private numberDecisions(
    environment: string,
    decisions: readonly DraftDecision[],
  ): ReportAcknowledgement[] {
    return decisions.map((d, i) => {
      const basis = basisOf(d.reason);
      return {
        id: `${environment}-A${i + 1}`,
        ruleId: d.ruleId,
        scope: d.scope,
        reason: d.reason,
        ...(basis ? { basis } : {}),
        justified: BASIS_PATTERN.test(d.reason),
        findings: [],
        ...(d.location ? { location: d.location } : {}),
      };
    });
  }

  /** Findings that acknowledgements hid in the environment, from the packs and from CDK. */
  private hiddenFindings(
    environment: string,
  ): { ruleId: string; acknowledgedAt: string; reason: string; draft: DraftFinding }[] {
    const fromPacks = (this.assembly.ruleResults?.packs ?? []).flatMap((pack) =>
      pack.rules.flatMap((rule) =>
        rule.acknowledged.map((a) => ({
          ruleId: a.findingId,
          acknowledgedAt: a.acknowledgedAt,
          reason: a.reason,
          draft: {
            pack: pack.pack,
            findingId: a.findingId,
            severity: severityOf(rule.level),
            message: rule.info,
            resource: a.resource,
            state: 'acknowledged' as const,
            decision: key(a.acknowledgedAt, a.findingId),
          },
        })),
      ),
    );
    const fromCdk = this.assembly.suppressedFindings.flatMap((f) =>
      f.constructs.map((c) => ({
        ruleId: f.acknowledgedId,
        acknowledgedAt: f.acknowledgedAt,
        reason: f.reason,
        draft: {
          pack: f.plugin,
          findingId: f.ruleId,
          severity: severityOf(f.severity),
          message: f.description,
          resource: c.path,
          state: 'acknowledged' as const,
          decision: key(f.acknowledgedAt, f.acknowledgedId),
          ...(f.suggestedFix ? { suggestedFix: f.suggestedFix } : {}),
        },
      })),
    );
    return [...fromPacks, ...fromCdk].filter(
      (h) => this.environmentOf(h.draft.resource) === environment,
    );
  }

  private findings(
    environment: string,
    locations: ReadonlyMap<string, SourceLocation | undefined>,
    acknowledgements: readonly ReportAcknowledgement[],
  ): ReportFinding[] {
    const open: DraftFinding[] = this.assembly.findings.flatMap((f) =>
      f.constructs
        .filter((c) => this.environmentOf(c.path) === environment)
        .map((c) => {
          const location = projectLocation(c.stackTraces, this.root) ?? locations.get(c.path);
          return {
            pack: f.plugin,
            findingId: f.ruleId,
            severity: severityOf(f.severity),
            message: f.description,
            resource: c.path,
            state: 'open' as const,
            ...(f.suggestedFix ? { suggestedFix: f.suggestedFix } : {}),
            ...(location ? { location } : {}),
          };
        }),
    );
    const hidden = this.hiddenFindings(environment).map((h) => {
      const location = locations.get(h.draft.resource);
      return { ...h.draft, ...(location ? { location } : {}) };
    });
    const byKey = new Map(acknowledgements.map((a) => [key(a.scope, a.ruleId), a]));
    return [...open, ...hidden]
      .sort(
        (a, b) =>
          a.resource.localeCompare(b.resource) ||
          a.findingId.localeCompare(b.findingId) ||
          a.state.localeCompare(b.state),
      )
      .map((draft, i) => this.finding(`${environment}-F${i + 1}`, draft, byKey));
  }

  private finding(
    id: string,
    draft: DraftFinding,
    acknowledgements: ReadonlyMap<string, ReportAcknowledgement>,
  ): ReportFinding {
    const rule = this.catalogue.ruleOf(draft.findingId, draft.pack, draft.message);
    const ack = draft.decision ? acknowledgements.get(draft.decision) : undefined;
    const byBasis = ack?.basis && 'clause' in ack.basis ? [ack.basis.clause] : [];
    const placedBy =
      rule.clauses.length > 0
        ? (rule.placedBy as 'rule' | 'table')
        : byBasis.length > 0
          ? 'basis'
          : 'none';
    return {
      id,
      pack: draft.pack,
      ruleId: rule.id,
      findingId: draft.findingId,
      severity: draft.severity,
      message: draft.message,
      resource: draft.resource,
      clauses: rule.clauses.length > 0 ? [...rule.clauses] : byBasis,
      placedBy,
      state: draft.state,
      ...(ack ? { acknowledgement: ack.id } : {}),
      fix: this.fixOf(rule, draft.suggestedFix),
      ...(draft.location ? { location: draft.location } : {}),
    };
  }

  private fixOf(rule: ReportRule, suggestedFix: string | undefined): string {
    if (rule.placedBy === 'rule') {
      const clause = this.clauses.find((c) => c.id === rule.clauses[0]);
      const code =
        clause && clause.constructs.length > 0
          ? ` The baseline's code for ${clause.id}: ${clause.constructs.join(', ')}.`
          : '';
      return `${remedyOf(rule.summary)}${code} ${ACKNOWLEDGE_HINT}`;
    }
    const advice = suggestedFix ?? rule.help;
    return `${advice ? `${advice} ` : ''}${ACKNOWLEDGE_HINT}`;
  }

  /** Whether the rule's pack ran and recorded its results (when none recorded, every rule counts). */
  private ran(rule: ReportRule): boolean {
    const packs = this.assembly.ruleResults?.packs;
    return !packs || packs.some((p) => p.pack === rule.pack);
  }

  /** Notes each acknowledgement that hid nothing in a pack that recorded its results. */
  private noteIdleAcknowledgements(acknowledgements: readonly ReportAcknowledgement[]): void {
    const recordedPacks = new Set((this.assembly.ruleResults?.packs ?? []).map((p) => p.pack));
    for (const ack of acknowledgements) {
      const pack = this.catalogue.ruleOf(ack.ruleId).pack;
      if (ack.findings.length === 0 && recordedPacks.has(pack)) {
        this.notes.push(
          `${ack.id}: the acknowledgement of ${ack.ruleId} on ${ack.scope} hides no finding; remove it or make it name the finding it is for.`,
        );
      }
    }
  }

  private clauseResult(
    clause: Clause,
    environment: string,
    resources: readonly ReportResource[],
    findings: readonly ReportFinding[],
    acknowledgements: readonly ReportAcknowledgement[],
  ): ClauseResult {
    // The rules that check the clause and ran: a pack that recorded nothing (not
    // registered, or registered without recording) says nothing either way.
    const rules = this.catalogue.checking(clause.id).filter((r) => this.ran(r));
    const ruleIds = rules.map((r) => r.id);
    const placed = (f: ReportFinding) =>
      f.clauses.includes(clause.id) && (f.placedBy === 'rule' || f.placedBy === 'table');
    const open = findings.filter((f) => f.state === 'open' && placed(f));
    const acknowledged = findings.filter((f) => f.state === 'acknowledged' && placed(f));
    const checks = rules
      .map((r) => ({
        rule: r.id,
        resources: (this.compliant.get(r.id) ?? [])
          .filter((p) => this.environmentOf(p) === environment)
          .sort(),
      }))
      .filter((c) => c.resources.length > 0);
    const withFindings = new Set([...open, ...acknowledged].map((f) => f.ruleId));
    const declaring = resources.filter((r) =>
      r.controls.some((c) => c.clauses.includes(clause.id)),
    );
    const implementedBy = declaring.filter((r) => !isMonitorType(r.type)).map((r) => r.path);
    const monitors = declaring.filter((r) => isMonitorType(r.type)).map((r) => r.path);
    const runbooks = this.runbooks.runbooks.filter((r) => r.clauses.includes(clause.id as never));
    const checking = this.catalogue.checking(clause.id).map((r) => r.id);
    const restingOnIt = acknowledgements.filter(
      (a) =>
        a.basis &&
        'clause' in a.basis &&
        a.basis.clause === clause.id &&
        !checking.includes(baseRuleId(a.ruleId)),
    );
    const uniq = (items: readonly string[]) => [...new Set(items)];
    const { status, summary } = clauseStatus({
      kind: clause.kind,
      rationale: clause.rationale,
      rules: ruleIds,
      openFindings: open.length,
      openRules: uniq(open.map((f) => f.ruleId)),
      openResources: uniq(open.map((f) => f.resource)).length,
      acknowledgedFindings: acknowledged.length,
      acknowledgedRules: uniq(acknowledged.map((f) => f.ruleId)),
      acknowledgements: uniq(acknowledged.map((f) => f.acknowledgement ?? '')).length,
      checkedResources: uniq(checks.flatMap((c) => c.resources)).length,
      passingRules: checks.map((c) => c.rule),
      implementedBy: implementedBy.length,
      monitors: monitors.map(shortName),
      runbooks: runbooks.map((r: Runbook) => r.title),
      resultsRecorded: this.assembly.ruleResults !== undefined,
    });
    return {
      clause: clause.id,
      status,
      summary,
      implementedBy,
      monitors,
      checks,
      rulesNeverApplied: ruleIds.filter(
        (id) => !withFindings.has(id) && !checks.some((c) => c.rule === id),
      ),
      findings: open.map((f) => f.id),
      acknowledgedFindings: acknowledged.map((f) => f.id),
      restingOnIt: restingOnIt.map((a) => a.id),
      runbooks: runbooks.map((r) => r.file),
    };
  }
}

/**
 * What a DPP rule's finding says to do: its sentences after the first, which says
 * what is wrong (`... Apply the baseline's boundary.`), or the whole finding when it
 * is one sentence.
 */
function remedyOf(finding: string): string {
  const sentences = finding.split(/(?<=[.)])\s+(?=[A-Z])/);
  return sentences.length > 1 ? sentences.slice(1).join(' ') : finding;
}

/**
 * Environments in the order they are deployed: test-like first (test, dev, staging,
 * sandbox, qa), prod-like last, others between, each group alphabetical.
 */
function deploymentOrder(environments: readonly string[]): string[] {
  const rank = (id: string) =>
    /prod/i.test(id) ? 2 : /test|dev|stag|sandbox|qa/i.test(id) ? 0 : 1;
  return [...environments].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** The record of processing as the model holds it (its own copies of every list). */
function recordForReport(record: RecordOfProcessing): ReportRecordOfProcessing {
  return {
    stores: record.stores.map((s) => ({
      ...s,
      fields: s.fields.map((f) => ({ ...f, purposes: [...f.purposes] })),
      sharedWith: [...s.sharedWith],
      access: s.access.map(({ assumedBy, ...a }) => ({
        ...a,
        ...(assumedBy ? { assumedBy: [...assumedBy] } : {}),
        can: [...a.can],
        readsFields: [...a.readsFields],
        through: [...a.through],
      })),
      readers: [...s.readers],
      writers: [...s.writers],
      deleters: [...s.deleters],
      listers: [...s.listers],
      outsideTheAccount: [...s.outsideTheAccount],
    })),
    notInTemplates: [...record.notInTemplates],
  };
}

/** A construct path without its environment, stack and trailing `/Resource`s. */
export function shortName(path: string): string {
  const parts = path.split('/');
  const inStack = parts.length > 2 ? parts.slice(2) : parts;
  while (inStack.length > 1 && inStack[inStack.length - 1] === 'Resource') inStack.pop();
  return inStack.join('/');
}

/** The compliance report of the assembly. */
export function buildComplianceReport(inputs: ComplianceInputs): ComplianceReport {
  return new ReportBuilder(inputs.assembly, inputs).build();
}
