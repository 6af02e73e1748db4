import { Fn } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AlarmHasAction } from '../../../../lib/nag/rules/audit/AlarmHasAction';
import { ruleFlags, ruleOutcome, testStack, threw } from '../../../helpers';

describe('DPP-AlarmHasAction', () => {
  const stack = testStack();
  const topic = new sns.Topic(stack, 'Topic');
  const metric = new cloudwatch.Metric({ namespace: 'Security', metricName: 'RootAccountUse' });
  const alarm = (id: string, props: Partial<cloudwatch.AlarmProps> = {}) =>
    new cloudwatch.Alarm(stack, id, { metric, threshold: 1, evaluationPeriods: 1, ...props });

  test('passes an alarm that publishes to a topic', () => {
    const withAction = alarm('WithAction');
    withAction.addAlarmAction(new actions.SnsAction(topic));
    expect(ruleFlags(AlarmHasAction, withAction)).toBe(false);
  });

  test('passes a composite alarm with an action', () => {
    const child = alarm('Child');
    const composite = new cloudwatch.CompositeAlarm(stack, 'Composite', {
      alarmRule: cloudwatch.AlarmRule.fromAlarm(child, cloudwatch.AlarmState.ALARM),
    });
    composite.addAlarmAction(new actions.SnsAction(topic));
    expect(ruleFlags(AlarmHasAction, composite)).toBe(false);
  });

  test('fails if the alarm has no action', () => {
    expect(ruleFlags(AlarmHasAction, alarm('Silent'))).toBe(true);
  });

  test('fails if its actions are disabled', () => {
    const disabled = alarm('Disabled', { actionsEnabled: false });
    disabled.addAlarmAction(new actions.SnsAction(topic));
    expect(ruleFlags(AlarmHasAction, disabled)).toBe(true);
  });

  test('fails if it only acts when the alarm clears', () => {
    const okOnly = alarm('OkOnly');
    okOnly.addOkAction(new actions.SnsAction(topic));
    expect(ruleFlags(AlarmHasAction, okOnly)).toBe(true);
  });

  test('fails if its actions are not known at synth', () => {
    const unknown = alarm('Unknown');
    (unknown.node.defaultChild as cloudwatch.CfnAlarm).alarmActions = Fn.split(
      ',',
      Fn.importValue('Actions'),
    );
    expect(ruleOutcome(AlarmHasAction, unknown)).toEqual(
      threw(/AlarmActions of TestStack\/Unknown\/Resource is not a list known at synth/),
    );
  });
});
