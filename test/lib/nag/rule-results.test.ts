import { CfnResource, Validations } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NagMessageLevel, NagPack, NagRuleCompliance } from 'cdk-nag';
import { Construct } from 'constructs';
import { acknowledge } from '../../../lib/nag/acknowledge';
import { DppChecks } from '../../../lib/nag/dpp-pack';
import { ruleResultsOf, trackRuleResults, withRuleResults } from '../../../lib/nag/rule-results';
import { LogGroupRetentionAtLeast90Days } from '../../../lib/nag/rules/logging/LogGroupRetentionAtLeast90Days';
import { testApp, testStack } from '../../helpers';

/** A pack whose one rule reports a finding per detail, like AwsSolutions-IAM5. */
class DetailPack extends NagPack {
  public readonly name = 'Detail';
  constructor() {
    super();
    this.packName = 'Detail';
  }
  protected checkResource(node: CfnResource): void {
    this.applyRule({
      info: 'Every key has two details.',
      explanation: 'For the test.',
      level: NagMessageLevel.WARN,
      rule: function KeyDetails(resource: CfnResource) {
        return resource.cfnResourceType === 'AWS::KMS::Key'
          ? ['one', 'two']
          : NagRuleCompliance.NOT_APPLICABLE;
      },
      node,
    });
  }
}

describe('packs that record their results', () => {
  const app = testApp();
  const stack = testStack('Recorded', app);
  new logs.LogGroup(stack, 'Kept', { retention: logs.RetentionDays.ONE_YEAR });
  const canaries = new Construct(stack, 'Canaries');
  const short = new logs.LogGroup(canaries, 'Short', { retention: logs.RetentionDays.ONE_WEEK });
  acknowledge(canaries, {
    ruleId: 'DPP-LogGroupRetentionAtLeast90Days',
    reason: 'Acknowledged on the group above it, for the test of where it was made.',
    basis: { clause: 'DPP 2.6' },
  });
  new logs.LogGroup(stack, 'Unacknowledged', { retention: logs.RetentionDays.ONE_DAY });
  Validations.of(short).acknowledge({ id: 'Other-Rule', reason: 'unrelated' });
  const key = new kms.Key(stack, 'Key');
  acknowledge(key, {
    ruleId: 'Detail-KeyDetails[two]',
    reason: 'Only the second detail is acceptable, on this key.',
    basis: { engineering: 'test' },
  });

  const rules = [LogGroupRetentionAtLeast90Days];
  const recording = new (withRuleResults(DppChecks))(undefined, undefined, rules);
  const detail = new (withRuleResults(DetailPack))();
  trackRuleResults(app, [recording, detail, new DppChecks()]);
  const reported = recording.validateScope(stack);
  const detailReport = detail.validateScope(stack);
  const results = ruleResultsOf(app)!;

  test('validate exactly as the plain pack does', () => {
    const plain = new DppChecks(undefined, undefined, rules).validateScope(stack);
    expect(reported).toEqual(plain);
    expect(
      reported.violations.map((v) => v.violatingResources.map((r) => r.constructPath)),
    ).toEqual([['Recorded/Unacknowledged/Resource']]);
  });

  test('record where a rule that checks a clause passed', () => {
    const [dpp] = results.packs;
    expect(dpp.pack).toBe('DPP');
    expect(dpp.rules).toHaveLength(1);
    expect(dpp.rules[0]).toMatchObject({
      ruleId: 'DPP-LogGroupRetentionAtLeast90Days',
      level: 'error',
      compliant: ['Recorded/Kept/Resource'],
    });
    expect(dpp.rules[0].info).toMatch(/^\[DPP 2\.6 Logging and Monitoring\] The log group/);
  });

  test('record which findings an acknowledgement hid, on which resource, made where', () => {
    expect(results.packs[0].rules[0].acknowledged).toEqual([
      {
        findingId: 'DPP-LogGroupRetentionAtLeast90Days',
        resource: 'Recorded/Canaries/Short/Resource',
        acknowledgedAt: 'Recorded/Canaries',
        reason:
          '[DPP 2.6 Logging and Monitoring] Acknowledged on the group above it, for the test of where it was made.',
      },
    ]);
  });

  test('record per-detail findings by their exact id, keeping the rule name', () => {
    expect(detailReport.violations.map((v) => v.ruleName)).toEqual(['Detail-KeyDetails[one]']);
    const [rule] = results.packs[1].rules;
    expect(rule).toMatchObject({ ruleId: 'Detail-KeyDetails', level: 'warning', compliant: [] });
    expect(rule.acknowledged.map((a) => a.findingId)).toEqual(['Detail-KeyDetails[two]']);
  });

  test('leave out packs that do not record, and start afresh on each validation', () => {
    expect(results.packs.map((p) => p.pack)).toEqual(['DPP', 'Detail']);
    recording.validateScope(key);
    expect(ruleResultsOf(app)!.packs[0].rules).toEqual([]);
    expect(ruleResultsOf(testApp())).toBeUndefined();
  });
});
