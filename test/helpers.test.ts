import { CfnResource } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { acknowledge } from '../lib/nag/acknowledge';
import { DppRule } from '../lib/nag/rule';
import { ruleFlags, ruleOutcome, testStack, threw } from './helpers';

/** A rule that decides as `decide` says, on log groups only. */
function fakeRule(decide: (node: CfnResource) => NagRuleResult): DppRule {
  return {
    name: 'FakeRule',
    clauses: ['DPP 2.6'],
    finding: 'The fake rule found something.',
    check: (node) =>
      node.cfnResourceType === 'AWS::Logs::LogGroup'
        ? decide(node)
        : NagRuleCompliance.NOT_APPLICABLE,
  };
}

describe('rule test helpers', () => {
  const stack = testStack();
  const group = new logs.LogGroup(stack, 'Group');
  const crashing = fakeRule((node) => {
    const missing = (node as unknown as { missing?: { field: string } }).missing;
    return missing!.field === 'x' ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  });

  test('tell a rule that crashed from a finding, with the message', () => {
    expect(ruleOutcome(crashing, group)).toEqual(threw(/^Cannot read properties of undefined/));
    expect(() => ruleFlags(crashing, group)).toThrow(
      /DPP-FakeRule threw on TestStack\/Group\/Resource instead of deciding: Cannot read properties of undefined/,
    );
  });

  test('report a finding with its id, or per detail', () => {
    const flagging = fakeRule(() => NagRuleCompliance.NON_COMPLIANT);
    expect(ruleOutcome(flagging, group)).toEqual({
      result: 'non-compliant',
      findings: ['DPP-FakeRule'],
    });
    expect(ruleFlags(flagging, group)).toBe(true);
    expect(
      ruleOutcome(
        fakeRule(() => ['a', 'b']),
        group,
      ),
    ).toEqual({
      result: 'non-compliant',
      findings: ['DPP-FakeRule[a]', 'DPP-FakeRule[b]'],
    });
  });

  test('report compliant and not-applicable alike', () => {
    expect(
      ruleOutcome(
        fakeRule(() => NagRuleCompliance.COMPLIANT),
        group,
      ),
    ).toEqual({
      result: 'compliant',
    });
    const other = new logs.CfnLogStream(stack, 'Stream', { logGroupName: 'g' });
    expect(
      ruleFlags(
        fakeRule(() => NagRuleCompliance.NON_COMPLIANT),
        other,
      ),
    ).toBe(false);
  });

  test('honour acknowledgements as the pack does', () => {
    const acknowledged = new logs.LogGroup(stack, 'Acknowledged');
    acknowledge(acknowledged, {
      ruleId: 'DPP-FakeRule',
      reason: 'The fake rule is acknowledged here to test the helper.',
      basis: { engineering: 'test' },
    });
    expect(
      ruleFlags(
        fakeRule(() => NagRuleCompliance.NON_COMPLIANT),
        acknowledged,
      ),
    ).toBe(false);
  });
});
