import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { declareControl } from '../../lib/nag/controls';
import { ClauseId } from '../../lib/policy/clauses';
import { RunbookSection, describeAlarm } from './runbook';
import { SecurityAlarmTopic } from './security-alarm-topic';

/** What every security alarm has: where it publishes, a name, what it means, where to go. */
export interface SecurityAlarmOptions {
  readonly topic: SecurityAlarmTopic;
  /** The alarm's name after the environment's prefix, e.g. `root-account-use`. */
  readonly name: string;
  /** What the alarm means, in a sentence the person woken by it reads first. */
  readonly meaning: string;
  /** The runbook section that handles it. */
  readonly section: RunbookSection;
  /**
   * The clauses the alarm monitors, for the compliance report.
   * @default ['DPP 2.6'] ("trigger investigative alarms on suspicious actions")
   */
  readonly clauses?: readonly ClauseId[];
}

/** Declares what the alarm monitors, for the compliance report (lib/nag/controls). */
function declareAlarm(alarm: cloudwatch.Alarm, options: SecurityAlarmOptions): void {
  declareControl(alarm, { clauses: options.clauses ?? ['DPP 2.6'], summary: options.meaning });
}

/** The default period over which a security metric is summed before it is compared. */
export const SECURITY_ALARM_PERIOD = Duration.minutes(5);

/**
 * An alarm on `metric` that publishes to the security topic when the metric reaches
 * `threshold` in one period. Missing data is not breaching: most security metrics
 * exist only when something happened.
 */
export function thresholdAlarm(
  scope: Construct,
  id: string,
  options: SecurityAlarmOptions & {
    readonly metric: cloudwatch.IMetric;
    readonly threshold: number;
  },
): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, id, {
    alarmName: options.topic.alarmName(options.name),
    alarmDescription: describeAlarm(options.meaning, options.section),
    metric: options.metric,
    threshold: options.threshold,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(options.topic.alarmAction);
  declareAlarm(alarm, options);
  return alarm;
}

/**
 * An anomaly-detection alarm: it publishes when `metric` rises above the band that
 * CloudWatch learns from its history (DPP 2.6 "unexpected request rate and data
 * retrieval volume"). Two of three periods above the band, so that one burst does
 * not page anyone. The model needs about two weeks of data before it is useful.
 */
export function anomalyAlarm(
  scope: Construct,
  id: string,
  options: SecurityAlarmOptions & {
    readonly metric: cloudwatch.IMetric;
    readonly bandWidth: number;
  },
): cloudwatch.AnomalyDetectionAlarm {
  const alarm = new cloudwatch.AnomalyDetectionAlarm(scope, id, {
    alarmName: options.topic.alarmName(options.name),
    alarmDescription: describeAlarm(options.meaning, options.section),
    metric: options.metric,
    stdDevs: options.bandWidth,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_UPPER_THRESHOLD,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(options.topic.alarmAction);
  declareAlarm(alarm, options);
  return alarm;
}

export interface LogPatternAlarmProps extends SecurityAlarmOptions {
  /** The log group whose events are matched. */
  readonly logGroup: logs.ILogGroup;
  readonly pattern: logs.IFilterPattern;
  /** The metric's name in the topic's namespace, e.g. `RootAccountUse`. */
  readonly metricName: string;
  /**
   * Matches in one period that raise the alarm.
   * @default 1
   */
  readonly threshold?: number;
  /**
   * The period the matches are summed over.
   * @default SECURITY_ALARM_PERIOD
   */
  readonly period?: Duration;
}

/**
 * A metric filter that counts the log events matching `pattern`, and a threshold alarm
 * on the count that publishes to the security topic.
 */
export class LogPatternAlarm extends Construct {
  public readonly filter: logs.MetricFilter;
  public readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: LogPatternAlarmProps) {
    super(scope, id);
    this.filter = new logs.MetricFilter(this, 'Filter', {
      logGroup: props.logGroup,
      filterPattern: props.pattern,
      metricNamespace: props.topic.metricNamespace,
      metricName: props.metricName,
      metricValue: '1',
    });
    this.alarm = thresholdAlarm(this, 'Alarm', {
      ...props,
      metric: this.filter.metric({
        statistic: cloudwatch.Stats.SUM,
        period: props.period ?? SECURITY_ALARM_PERIOD,
      }),
      threshold: props.threshold ?? 1,
    });
  }
}
