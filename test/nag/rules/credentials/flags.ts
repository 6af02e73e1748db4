import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { DppRule } from '../../../../lib/nag/rule';

/**
 * Whether `rule` finds `resource` non-compliant, deciding on it alone. Unlike
 * `ruleFlags` (which runs the pack, where a rule that throws is reported like a
 * finding), a rule that throws here fails the test: a failing-case test must fail for
 * the reason it names, and a test of "does not guess" expects the throw.
 */
export function ruleFinds(rule: DppRule, resource: IConstruct): boolean {
  const node =
    resource instanceof CfnResource ? resource : (resource.node.defaultChild as CfnResource);
  return rule.check(node) === NagRuleCompliance.NON_COMPLIANT;
}
