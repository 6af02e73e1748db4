import * as logs from 'aws-cdk-lib/aws-logs';
import { DppChecks } from '../../../lib/nag/dpp-pack';
import { testStack, violationsOf } from '../../helpers';

describe('DPP pack', () => {
  test('holds exactly the registered rules', () => {
    expect(new DppChecks().ruleIds).toEqual([
      'DPP-NoHardcodedCredentials',
      'DPP-LogGroupRetentionAtLeast90Days',
      'DPP-LogGroupEncryptedWithCMK',
    ]);
  });

  test('reports findings with the clause citation from the catalogue', () => {
    const stack = testStack();
    new logs.LogGroup(stack, 'Plain', { retention: logs.RetentionDays.ONE_WEEK });
    const violations = violationsOf(new DppChecks(), stack);
    expect(violations.map((v) => v.ruleId).sort()).toEqual([
      'DPP-LogGroupEncryptedWithCMK',
      'DPP-LogGroupRetentionAtLeast90Days',
    ]);
    expect(violations[0].description).toMatch(/^\[DPP 2\.6 Logging and Monitoring\] /);
  });

  test('explains a finding with the clause wording when verbose', () => {
    const stack = testStack();
    new logs.LogGroup(stack, 'Plain', { retention: logs.RetentionDays.ONE_WEEK });
    const [first] = violationsOf(new DppChecks(undefined, { verbose: true }), stack);
    expect(first.description).toContain(
      'DPP 2.6 Logging and Monitoring: Log security events on all channels',
    );
  });
});
