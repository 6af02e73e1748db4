import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { declareControl } from '../../lib/nag/controls';

/** The STS calls that start a session of a role, whichever way its principal signs in. */
export const ASSUME_ROLE_EVENTS = [
  'AssumeRole',
  'AssumeRoleWithSAML',
  'AssumeRoleWithWebIdentity',
] as const;

export interface BreakGlassAlarmProps {
  /** Name of the break-glass role (its ARN is built from it: the filter needs a literal). */
  readonly roleName: string;
  /** The log group CloudTrail delivers the account's management events to (a multi-region trail). */
  readonly trailLogGroup: logs.ILogGroup;
  /** Namespace of the metric, e.g. `spapi-dpp-prod/Access`. */
  readonly metricNamespace: string;
  /**
   * The topic the alarm notifies (the security topic).
   * @default - the metric is counted, no alarm
   */
  readonly alarmTopic?: sns.ITopic;
}

/**
 * Every attempt to assume the break-glass role, successful or refused, counted from
 * the trail (DPP 2.6: "trigger investigative alarms on suspicious actions"), and an
 * alarm on the security topic for the first one in any minute.
 *
 * STS logs the event in the region whose endpoint was called (us-east-1 for the
 * global endpoint), so the trail must be multi-region for the filter to see them all.
 */
export class BreakGlassAlarm extends Construct {
  public readonly metricFilter: logs.MetricFilter;
  public readonly metric: cloudwatch.Metric;
  public readonly alarm?: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: BreakGlassAlarmProps) {
    super(scope, id);
    const { partition, account } = Stack.of(this);
    const roleArn = `arn:${partition}:iam::${account}:role/${props.roleName}`;
    this.metricFilter = new logs.MetricFilter(this, 'AssumeRoleFilter', {
      logGroup: props.trailLogGroup,
      filterName: `${props.roleName}-assumed`,
      filterPattern: logs.FilterPattern.all(
        logs.FilterPattern.stringValue('$.eventSource', '=', 'sts.amazonaws.com'),
        logs.FilterPattern.any(
          ...ASSUME_ROLE_EVENTS.map((name) =>
            logs.FilterPattern.stringValue('$.eventName', '=', name),
          ),
        ),
        logs.FilterPattern.stringValue('$.requestParameters.roleArn', '=', roleArn),
      ),
      metricNamespace: props.metricNamespace,
      metricName: 'BreakGlassRoleAssumed',
      metricValue: '1',
      defaultValue: 0,
    });
    this.metric = this.metricFilter.metric({ statistic: 'Sum', period: Duration.minutes(1) });
    if (props.alarmTopic) {
      this.alarm = new cloudwatch.Alarm(this, 'Alarm', {
        alarmName: `${props.roleName}-assumed`,
        alarmDescription: `The break-glass role ${props.roleName} was assumed or someone tried to: confirm it was a declared emergency (DPP 2.6; docs/access.md).`,
        metric: this.metric,
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      this.alarm.addAlarmAction(new cloudwatchActions.SnsAction(props.alarmTopic));
      declareControl(this.alarm, {
        clauses: ['DPP 2.6', 'DPP 1.2'],
        summary: `Alarms on every attempt to assume the break-glass role ${props.roleName}`,
      });
    }
  }
}
