import { CfnParameter } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { SecretRotationAtMost90Days } from '../../../../lib/nag/rules/credentials/SecretRotationAtMost90Days';
import { testStack } from '../../../helpers';
import { ruleFinds } from './flags';
import { UnresolvedValueError } from '../../../../lib/nag/rule';

describe('DPP-SecretRotationAtMost90Days', () => {
  const stack = testStack();
  const FUNCTION = 'arn:aws:lambda:eu-west-1:123456789012:function:rotate';
  let n = 0;
  const secretWith = (
    schedule?: Partial<secretsmanager.CfnRotationScheduleProps> & {
      rules?: secretsmanager.CfnRotationSchedule.RotationRulesProperty;
    },
  ) => {
    const secret = new secretsmanager.CfnSecret(stack, `Secret${n++}`, {
      generateSecretString: {},
    });
    if (schedule) {
      const { rules, ...rest } = schedule;
      new secretsmanager.CfnRotationSchedule(stack, `Schedule${n++}`, {
        secretId: secret.ref,
        rotationLambdaArn: FUNCTION,
        ...(rules ? { rotationRules: rules } : {}),
        ...rest,
      });
    }
    return secret;
  };
  const flags = (s: secretsmanager.CfnSecret) => ruleFinds(SecretRotationAtMost90Days, s);

  test('fails if the secret has no rotation schedule', () => {
    expect(flags(secretWith())).toBe(true);
  });

  test('fails if the schedule allows 91 days', () => {
    expect(flags(secretWith({ rules: { automaticallyAfterDays: 91 } }))).toBe(true);
  });

  test('fails if the schedule is a rate of 180 days (Amazon allows it; the DPP does not)', () => {
    expect(flags(secretWith({ rules: { scheduleExpression: 'rate(180 days)' } }))).toBe(true);
  });

  test('fails if a cron expression runs quarterly, which can leave 92 days between rotations', () => {
    expect(flags(secretWith({ rules: { scheduleExpression: 'cron(0 8 1 */3 ? *)' } }))).toBe(true);
  });

  test('fails if the schedule has no rotation function', () => {
    expect(
      flags(secretWith({ rotationLambdaArn: undefined, rules: { automaticallyAfterDays: 30 } })),
    ).toBe(true);
  });

  test.each([
    [{ automaticallyAfterDays: 90 }],
    [{ automaticallyAfterDays: 60 }],
    [{ scheduleExpression: 'rate(30 days)' }],
    [{ scheduleExpression: 'rate(12 hours)' }],
    [{ scheduleExpression: 'cron(0 8 1 * ? *)' }],
  ])('passes a schedule of %j', (rules) => {
    expect(flags(secretWith({ rules }))).toBe(false);
  });

  test('does not guess an interval known only at deploy time', () => {
    const days = new CfnParameter(stack, 'Days', { type: 'Number' });
    expect(() =>
      flags(secretWith({ rules: { automaticallyAfterDays: days.valueAsNumber } })),
    ).toThrow(UnresolvedValueError);
  });

  test('passes a hosted rotation function', () => {
    expect(
      flags(
        secretWith({
          rotationLambdaArn: undefined,
          hostedRotationLambda: { rotationType: 'PostgreSQLSingleUser' },
          rules: { automaticallyAfterDays: 30 },
        }),
      ),
    ).toBe(false);
  });
});
