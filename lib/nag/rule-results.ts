import { CfnResource, PolicyValidationPluginReport, Validations } from 'aws-cdk-lib';
import { IApplyRule, NagMessageLevel, NagPack, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { cdkNagRuleClauses } from './cdk-nag-clauses';
import { DPP_PACK_NAME } from './rule';

/**
 * What the packs decided beyond their findings. CDK's `validation-report.json` holds
 * only the findings nobody acknowledged; a compliance report also needs where each
 * rule that checks a clause passed ("met on these resources", and never "met" by a
 * rule that applied to nothing) and which findings an acknowledgement hid, on which
 * resource, by which acknowledgement. A pack built with `withRuleResults` records
 * both while it validates; the synth gate writes them to `RULE_RESULTS_FILE` next to
 * the validation report, where the compliance report reads them.
 */

/** File the packs' results are written to, at the root of the cloud assembly. */
export const RULE_RESULTS_FILE = 'rule-results.json';

/** A finding that an acknowledgement hid from the validation report. */
export interface AcknowledgedFinding {
  /** The finding id, with its detail for per-detail rules (`AwsSolutions-IAM5[Resource::*]`). */
  readonly findingId: string;
  /** Construct path of the resource the rule found. */
  readonly resource: string;
  /** Construct path the acknowledgement was made on (the resource or an ancestor). */
  readonly acknowledgedAt: string;
  readonly reason: string;
}

/** One rule's results in one validation run. */
export interface RuleResult {
  readonly ruleId: string;
  /** What a finding means (cdk-nag's `info`). */
  readonly info: string;
  /** Why the rule exists (cdk-nag's `explanation`). */
  readonly explanation: string;
  readonly level: 'error' | 'warning' | 'info';
  /**
   * Resources the rule passed on, by construct path. Recorded for the rules that
   * check a clause (the DPP pack's, and cdk-nag's in `CDK_NAG_RULE_CLAUSES`); empty for others.
   */
  readonly compliant: string[];
  readonly acknowledged: AcknowledgedFinding[];
}

export interface PackResults {
  readonly pack: string;
  /** The rules that applied to at least one resource, by id. */
  readonly rules: RuleResult[];
}

export interface RuleResultsFile {
  readonly version: 1;
  readonly packs: PackResults[];
}

/** A rule's results while they are recorded: `applied` once it decided on a resource. */
type RecordedRule = RuleResult & { applied: boolean };

interface RuleRecorder {
  readonly entry: RecordedRule;
  readonly check: (node: CfnResource) => NagRuleResult;
}

/** A pack that records its results. */
export interface RecordsRuleResults {
  ruleResults(): PackResults;
}

const LEVELS: Readonly<Record<NagMessageLevel, RuleResult['level']>> = {
  [NagMessageLevel.ERROR]: 'error',
  [NagMessageLevel.WARN]: 'warning',
  [NagMessageLevel.INFO]: 'info',
};

/** Whether the rule checks a clause, so that where it passed is evidence for the report. */
function citesAClause(ruleId: string): boolean {
  return ruleId.startsWith(`${DPP_PACK_NAME}-`) || cdkNagRuleClauses(ruleId) !== undefined;
}

/**
 * The acknowledgement that covers `findingId` on `node`: on the node or its nearest
 * ancestor, as cdk-nag honours it (the same walk, the same `annotation::` prefix).
 */
function acknowledgementOf(
  node: IConstruct,
  findingId: string,
): { acknowledgedAt: string; reason: string } | undefined {
  for (let current: IConstruct | undefined = node; current; current = current.node.scope) {
    for (const entry of current.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) continue;
      for (const [key, reason] of Object.entries(entry.data as Record<string, string>)) {
        if (key.replace(/^annotation::/i, '') === findingId) {
          return { acknowledgedAt: current.node.path, reason };
        }
      }
    }
  }
  return undefined;
}

// A mixin's constructor type must accept any arguments (TypeScript's rule for mixins).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type PackClass = new (...args: any[]) => NagPack;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type RecordingPackClass = new (...args: any[]) => RecordsRuleResults;

/**
 * `Base` (a cdk-nag pack class) recording what its rules decide on every resource,
 * for the compliance report. It validates exactly as `Base` does: the rule, its
 * result and the acknowledgements it honours are untouched.
 */
export function withRuleResults<T extends PackClass>(Base: T): T & RecordingPackClass {
  // Abstract only to TypeScript, which cannot see that `Base` implements NagPack's
  // abstract members; the class is as concrete as the `Base` it extends.
  abstract class RecordingPack extends Base implements RecordsRuleResults {
    /** This run's recorder per rule suffix, made at the rule's first application. */
    private recorders = new Map<string, RuleRecorder>();
    /** The check of the rule being applied (a pack may pass a new closure each time). */
    private checking: IApplyRule['rule'] = () => NagRuleCompliance.NOT_APPLICABLE;

    public override validateScope(scope: IConstruct): PolicyValidationPluginReport {
      this.recorders = new Map();
      return super.validateScope(scope);
    }

    public ruleResults(): PackResults {
      const rules = [...this.recorders.values()]
        .map((r) => r.entry)
        .filter((entry) => entry.applied)
        .map(({ applied: _applied, ...entry }) => entry)
        .sort((a, b) => a.ruleId.localeCompare(b.ruleId));
      return { pack: this.readPackName, rules };
    }

    /**
     * Applies the rule through a recorder made once per rule and run: the pack builds
     * `params` afresh for every resource, so it is updated in place rather than
     * copied (this runs for every rule on every resource, a few hundred thousand times
     * on the baseline's synth).
     */
    protected override applyRule(params: IApplyRule): void {
      const suffix = params.ruleSuffixOverride ?? params.rule.name;
      let recorder = this.recorders.get(suffix);
      if (!recorder) {
        recorder = this.recorderFor(`${this.readPackName}-${suffix}`, params);
        this.recorders.set(suffix, recorder);
      }
      this.checking = params.rule;
      params.ruleSuffixOverride = suffix;
      params.rule = recorder.check;
      super.applyRule(params);
    }

    private recorderFor(ruleId: string, params: IApplyRule): RuleRecorder {
      const entry: RecordedRule = {
        ruleId,
        info: params.info,
        explanation: params.explanation,
        level: LEVELS[params.level] ?? 'error',
        compliant: [],
        acknowledged: [],
        applied: false,
      };
      const keepsPasses = citesAClause(ruleId);
      const noteFindings = (node: CfnResource, findings: readonly string[]) => {
        entry.applied = true;
        for (const findingId of findings) {
          const ack = acknowledgementOf(node, findingId);
          if (ack) entry.acknowledged.push({ findingId, resource: node.node.path, ...ack });
        }
      };
      const check = (node: CfnResource): NagRuleResult => {
        let result: NagRuleResult;
        try {
          result = this.checking(node);
        } catch (error) {
          noteFindings(node, [ruleId]);
          throw error;
        }
        if (result === NagRuleCompliance.NOT_APPLICABLE) return result;
        if (result === NagRuleCompliance.COMPLIANT) {
          entry.applied = true;
          if (keepsPasses) entry.compliant.push(node.node.path);
        } else if (result === NagRuleCompliance.NON_COMPLIANT) noteFindings(node, [ruleId]);
        else if (Array.isArray(result)) {
          if (result.length === 0) {
            entry.applied = true;
            if (keepsPasses) entry.compliant.push(node.node.path);
          } else
            noteFindings(
              node,
              result.map((finding) => `${ruleId}[${finding}]`),
            );
        }
        return result;
      };
      return { entry, check };
    }
  }
  return RecordingPack as unknown as T & RecordingPackClass;
}

/** Whether a validation plugin records its results. */
export function recordsRuleResults(plugin: unknown): plugin is RecordsRuleResults {
  return typeof (plugin as Partial<RecordsRuleResults>)?.ruleResults === 'function';
}

const TRACKED = new WeakMap<IConstruct, readonly RecordsRuleResults[]>();

/** Remembers the recording packs registered on `app`, for the gate to collect after synth. */
export function trackRuleResults(app: IConstruct, packs: readonly unknown[]): void {
  TRACKED.set(app, packs.filter(recordsRuleResults));
}

/** What the packs registered on `app` recorded in its last synth; `undefined` when none records. */
export function ruleResultsOf(app: IConstruct): RuleResultsFile | undefined {
  const packs = TRACKED.get(app);
  if (!packs || packs.length === 0) return undefined;
  return { version: 1, packs: packs.map((pack) => pack.ruleResults()) };
}
