import { CfnResource, IPolicyValidationContext, PolicyValidationPluginReport } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, NagPackProps, NagRuleResult } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { DPP_PACK_NAME, DppRule, ruleExplanation, ruleId, ruleInfo } from './rule';
import { DPP_RULES } from './rules';
import { duringValidationRun, TemplateFiles } from './validation-run';

/** What the pack tells cdk-nag about a rule, worked out once rather than per resource. */
interface AppliedRule {
  readonly rule: DppRule;
  readonly info: string;
  readonly explanation: string;
  readonly level: NagMessageLevel;
  readonly check: (node: CfnResource) => NagRuleResult;
}

/**
 * The SP-API Data Protection Policy pack: a cdk-nag v3 `NagPack` whose rules each
 * name the clause they enforce. `registerChecks` (lib/checks.ts) registers it on the
 * app with the other packs: `Validations.of(app).addPlugins(new DppChecks(), ...)`.
 */
export class DppChecks extends NagPack {
  public readonly name = DPP_PACK_NAME;
  public override readonly ruleIds: string[];
  private readonly rules: readonly AppliedRule[];

  /**
   * @param scope where to register the suppression-writing aspect, if asked for
   * @param props cdk-nag pack options
   * @param rules the rules to apply; the full registry unless a test narrows it
   */
  constructor(scope?: IConstruct, props?: NagPackProps, rules: readonly DppRule[] = DPP_RULES) {
    super(scope, props);
    this.packName = DPP_PACK_NAME;
    this.rules = rules.map((rule) => ({
      rule,
      info: ruleInfo(rule),
      explanation: ruleExplanation(rule),
      level: rule.level ?? NagMessageLevel.ERROR,
      check: (node: CfnResource) => rule.check(node),
    }));
    this.ruleIds = rules.map(ruleId);
  }

  /**
   * Validates the tree under `scope` on its own (tests, tools), with what the rules
   * read of each stack computed once for the run (see `validation-run.ts`).
   */
  public override validateScope(scope: IConstruct): PolicyValidationPluginReport {
    return duringValidationRun(() => super.validateScope(scope));
  }

  /**
   * Validates the app as part of its synthesis (the validation plugin's entry point):
   * the rules read each resource from the templates the synthesis just wrote.
   */
  public override validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const templates: TemplateFiles = new Map(
      context.stackTemplates.map((s) => [s.stackConstructPath, s.templatePath]),
    );
    // As cdk-nag's `validate` does, without a second run that would not know the templates.
    if (!context.appConstruct) return super.validate(context);
    return duringValidationRun(() => super.validateScope(context.appConstruct), templates);
  }

  /**
   * Runs every rule on `node` through cdk-nag's `applyRule`, compliant results too:
   * `withRuleResults` (rule-results.ts) records where each rule passed from there,
   * which the compliance report shows as evidence. Texts are worked out once a pack.
   */
  protected checkResource(node: CfnResource): void {
    for (const { rule, info, explanation, level, check } of this.rules) {
      this.applyRule({
        ruleSuffixOverride: rule.name,
        info,
        explanation,
        level,
        rule: check,
        node,
      });
    }
  }
}
