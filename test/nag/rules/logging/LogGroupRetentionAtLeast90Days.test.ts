import { Fn, Token } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { LogGroupRetentionAtLeast90Days } from '../../../../lib/nag/rules/logging/LogGroupRetentionAtLeast90Days';
import { ruleFlags, ruleOutcome, threw, testStack } from '../../../helpers';

describe('DPP-LogGroupRetentionAtLeast90Days', () => {
  const stack = testStack();

  test('fails if a log group keeps events 30 days', () => {
    const group = new logs.LogGroup(stack, 'Short', { retention: logs.RetentionDays.ONE_MONTH });
    expect(ruleFlags(LogGroupRetentionAtLeast90Days, group)).toBe(true);
  });

  test('passes a log group kept 90 days', () => {
    const group = new logs.LogGroup(stack, 'Ninety', {
      retention: logs.RetentionDays.THREE_MONTHS,
    });
    expect(ruleFlags(LogGroupRetentionAtLeast90Days, group)).toBe(false);
  });

  test('passes a log group kept forever', () => {
    const group = new logs.LogGroup(stack, 'Forever', { retention: logs.RetentionDays.INFINITE });
    expect(ruleFlags(LogGroupRetentionAtLeast90Days, group)).toBe(false);
  });

  test('fails if the retention is not known at synth', () => {
    const group = new logs.CfnLogGroup(stack, 'Unknown', {
      retentionInDays: Token.asNumber(Fn.importValue('RetentionFromAnotherStack')),
    });
    expect(ruleOutcome(LogGroupRetentionAtLeast90Days, group)).toEqual(
      threw(
        /^RetentionInDays of \S+ is \{"Fn::ImportValue":"RetentionFromAnotherStack"\}, not a value known at synth$/,
      ),
    );
  });
});
