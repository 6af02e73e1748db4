import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, NagPackProps } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { DPP_PACK_NAME, DppRule, ruleExplanation, ruleId, ruleInfo } from './rule';
import { DPP_RULES } from './rules';

/**
 * The SP-API Data Protection Policy pack: a cdk-nag v3 `NagPack` whose rules each
 * name the clause they enforce. Register it with
 * `Validations.of(app).addPlugins(new DppChecks(app))`.
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
