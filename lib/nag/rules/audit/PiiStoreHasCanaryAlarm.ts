import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import {
  CfnObject,
  DppRule,
  cfnProperties,
  cfnProperty,
  objectList,
  objectValue,
  resolveLiteral,
} from '../../rule';
import { refersTo, stackResourcesOfType } from '../../template';
import { isPiiBucket, isPiiTable } from '../data/pii-stores';
import { alarmNotifies } from './AlarmHasAction';

/**
 * How a CloudTrail record names one record of a store: an S3 object by its key
 * (`$.requestParameters.key`), a DynamoDB item by its key attributes
 * (`$.requestParameters.key.<attribute>`).
 */
const RECORD_SELECTOR: Readonly<Record<string, RegExp>> = {
  'AWS::S3::Bucket': /\$\.requestParameters\.key\s*=/,
  'AWS::DynamoDB::Table': /\$\.requestParameters\.key\.\w+/,
  'AWS::DynamoDB::GlobalTable': /\$\.requestParameters\.key\.\w+/,
};

/** Statistics under which one matching event makes a data point of at least 1. */
const COUNTING_STATISTICS = ['Sum', 'SampleCount', 'Maximum'];

/** Every literal string inside a resolved value, an intrinsic's arguments included. */
function literalText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') return '';
  return Object.values(value).map(literalText).join('');
}

/** The metric (namespace and name) a metric filter emits, if it watches one record of `store`. */
function canaryMetricOf(filter: CfnResource, store: CfnResource): string | undefined {
  const pattern = cfnProperty(filter, 'FilterPattern');
  if (
    !refersTo(pattern, store) ||
    !RECORD_SELECTOR[store.cfnResourceType].test(literalText(pattern))
  ) {
    return undefined;
  }
  const [transformation] = objectList(
    filter,
    cfnProperty(filter, 'MetricTransformations'),
    'MetricTransformations',
  );
  if (transformation === undefined) return undefined;
  const namespace = resolveLiteral(filter, transformation.MetricNamespace, 'MetricNamespace');
  const name = resolveLiteral(filter, transformation.MetricName, 'MetricName');
  return `${namespace}/${name}`;
}

/** The metric an alarm watches, whether given directly or as the one `MetricStat` of `Metrics`. */
function alarmMetric(alarm: CfnResource): { metric: string; statistic: unknown } | undefined {
  const p = cfnProperties(alarm);
  const literal = (value: unknown, what: string) => resolveLiteral(alarm, value, what);
  if (p.MetricName !== undefined) {
    return {
      metric: `${literal(p.Namespace, 'Namespace')}/${literal(p.MetricName, 'MetricName')}`,
      statistic: literal(p.Statistic, 'Statistic'),
    };
  }
  const stats = objectList(alarm, p.Metrics, 'Metrics')
    .map((m) => objectValue(alarm, m.MetricStat, 'Metrics[].MetricStat'))
    .filter((s): s is CfnObject => s !== undefined);
  if (stats.length !== 1) return undefined;
  const metric = objectValue(alarm, stats[0].Metric, 'Metrics[].MetricStat.Metric');
  return {
    metric: `${literal(metric?.Namespace, 'Namespace')}/${literal(metric?.MetricName, 'MetricName')}`,
    statistic: literal(stats[0].Stat, 'Metrics[].MetricStat.Stat'),
  };
}

/** Whether an alarm goes off, and tells someone, on the first event its metric counts. */
function firesOnFirstAccess(alarm: CfnResource, metric: string): boolean {
  const watched = alarmMetric(alarm);
  if (watched?.metric !== metric) return false;
  const p = cfnProperties(alarm);
  const threshold = Number(resolveLiteral(alarm, p.Threshold, 'Threshold'));
  const operator = resolveLiteral(alarm, p.ComparisonOperator, 'ComparisonOperator');
  const periods = Number(
    resolveLiteral(alarm, p.DatapointsToAlarm ?? p.EvaluationPeriods, 'DatapointsToAlarm'),
  );
  const onOne =
    (operator === 'GreaterThanOrEqualToThreshold' && threshold <= 1) ||
    (operator === 'GreaterThanThreshold' && threshold < 1);
  return (
    onOne &&
    periods === 1 &&
    COUNTING_STATISTICS.includes(String(watched.statistic)) &&
    alarmNotifies(alarm)
  );
}

/**
 * DPP 2.6: "trigger investigative alarms on suspicious actions (e.g., ... access to
 * canary data records)". Every live PII store (a bucket or table classified `pii`, not
 * a legal archive) has a canary: a metric filter in the stack that watches one record
 * of that store (its object key, or its item's key attribute, in CloudTrail's data
 * events) and an alarm on the filter's metric that goes off on the first access and
 * has an action.
 */
export const PiiStoreHasCanaryAlarm: DppRule = {
  name: 'PiiStoreHasCanaryAlarm',
  clauses: ['DPP 2.6'],
  finding:
    'The PII store has no canary alarm: no metric filter watches a canary record of the store (by object key or item key) with an alarm that goes off, with an action, on the first access.',
  check(node: CfnResource) {
    if (!isPiiBucket(node) && !isPiiTable(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const metrics = stackResourcesOfType(node, 'AWS::Logs::MetricFilter')
      .map((filter) => canaryMetricOf(filter, node))
      .filter((m): m is string => m !== undefined);
    const alarmed = stackResourcesOfType(node, 'AWS::CloudWatch::Alarm').some((alarm) =>
      metrics.some((metric) => firesOnFirstAccess(alarm, metric)),
    );
    return alarmed ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
