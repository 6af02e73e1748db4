import { CfnResource, PolicyValidationPluginReport } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, NagPackProps } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { DPP_PACK_NAME, DppRule, ruleExplanation, ruleId, ruleInfo } from './rule';
import { DPP_RULES } from './rules';
import { duringValidationRun } from './validation-run';

/**
 * The SP-API Data Protection Policy pack: a cdk-nag v3 `NagPack` whose rules each
 * name the clause they enforce. `registerChecks` (lib/checks.ts) registers it on the
 * app with the other packs: `Validations.of(app).addPlugins(new DppChecks(), ...)`.
 */
export class DppChecks extends NagPack {
  public readonly name = DPP_PACK_NAME;
  public override readonly ruleIds: string[];
  private readonly rules: readonly DppRule[];

  /**
   * @param scope where to register the suppression-writing aspect, if asked for
   * @param props cdk-nag pack options
   * @param rules the rules to apply; the full registry unless a test narrows it
   */
  constructor(scope?: IConstruct, props?: NagPackProps, rules: readonly DppRule[] = DPP_RULES) {
    super(scope, props);
    this.packName = DPP_PACK_NAME;
    this.rules = rules;
    this.ruleIds = rules.map(ruleId);
  }

  /**
   * Validates the tree under `scope` (cdk-nag's `validate` comes here too), with what
   * the rules read of each stack computed once for the run (see `validation-run.ts`).
   */
  public override validateScope(scope: IConstruct): PolicyValidationPluginReport {
    return duringValidationRun(() => super.validateScope(scope));
  }

  protected checkResource(node: CfnResource): void {
    for (const rule of this.rules) {
      this.applyRule({
        ruleSuffixOverride: rule.name,
        info: ruleInfo(rule),
        explanation: ruleExplanation(rule),
        level: rule.level ?? NagMessageLevel.ERROR,
        rule: (resource) => rule.check(resource),
        node,
      });
    }
  }
}
