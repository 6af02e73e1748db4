import { Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IConstruct } from 'constructs';
import { classify, markLegalArchive } from '../../../../constructs/data/classification';
import { PiiStoreHasCanaryAlarm } from '../../../../lib/nag/rules/audit/PiiStoreHasCanaryAlarm';
import { ruleFlags, testStack } from '../../../helpers';

const F = logs.FilterPattern;

describe('DPP-PiiStoreHasCanaryAlarm', () => {
  /** A canary filter of a store, and an alarm on it; each case in a stack of its own. */
  const withCanary = (
    id: string,
    store: (stack: Stack) => { construct: IConstruct; pattern: logs.IFilterPattern },
    alarm: Partial<cloudwatch.AlarmProps> & { action?: boolean; metricName?: string } = {},
  ) => {
    const stack = testStack(id);
    const { construct, pattern } = store(stack);
    const filter = new logs.MetricFilter(stack, 'Canary', {
      logGroup: new logs.LogGroup(stack, 'Trail'),
      filterPattern: pattern,
      metricNamespace: 'Security',
      metricName: 'CanaryAccessed',
    });
    const { action = true, metricName, ...props } = alarm;
    const watched = metricName
      ? new cloudwatch.Metric({ namespace: 'Security', metricName, statistic: 'Sum' })
      : filter.metric({ statistic: 'Sum' });
    const created = new cloudwatch.Alarm(stack, 'Alarm', {
      metric: watched,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      ...props,
    });
    if (action) created.addAlarmAction(new actions.SnsAction(new sns.Topic(stack, 'Topic')));
    return construct;
  };
  const piiBucket = (stack: Stack) => {
    const bucket = new s3.Bucket(stack, 'Pii');
    classify(bucket, 'pii');
    return {
      construct: bucket,
      pattern: F.all(
        F.stringValue('$.requestParameters.bucketName', '=', bucket.bucketName),
        F.stringValue('$.requestParameters.key', '=', 'A1CANARY/label.json'),
      ),
    };
  };
  const piiTable = (stack: Stack) => {
    const table = new dynamodb.Table(stack, 'Pii', {
      partitionKey: { name: 'sellingPartnerId', type: dynamodb.AttributeType.STRING },
    });
    classify(table, 'pii');
    return {
      construct: table,
      pattern: F.all(
        F.stringValue('$.requestParameters.tableName', '=', table.tableName),
        F.stringValue('$.requestParameters.key.sellingPartnerId', '=', 'A1CANARY'),
      ),
    };
  };
  const flags = (store: IConstruct) => ruleFlags(PiiStoreHasCanaryAlarm, store);

  test('passes a PII bucket with a canary object alarm', () => {
    expect(flags(withCanary('Bucket', piiBucket))).toBe(false);
  });

  test('passes a PII table with a canary item alarm', () => {
    expect(flags(withCanary('Table', piiTable))).toBe(false);
  });

  test('passes an alarm that fires above zero matches', () => {
    const store = withCanary('AboveZero', piiBucket, {
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
    expect(flags(store)).toBe(false);
  });

  test('fails if the PII bucket has no canary alarm at all', () => {
    const stack = testStack('NoCanary');
    const bucket = new s3.Bucket(stack, 'Pii');
    classify(bucket, 'pii');
    expect(flags(bucket)).toBe(true);
  });

  test('fails if the canary alarm tells nobody', () => {
    expect(flags(withCanary('NoAction', piiBucket, { action: false }))).toBe(true);
  });

  test('fails if the alarm waits for several accesses or several periods', () => {
    expect(flags(withCanary('Threshold5', piiBucket, { threshold: 5 }))).toBe(true);
    expect(flags(withCanary('TwoPeriods', piiBucket, { evaluationPeriods: 2 }))).toBe(true);
  });

  test('fails if the alarm watches another metric than the canary filter', () => {
    expect(flags(withCanary('OtherMetric', piiBucket, { metricName: 'SomethingElse' }))).toBe(true);
  });

  test('fails if the filter watches the store but no single record of it', () => {
    const store = withCanary('WholeBucket', (stack) => ({
      ...piiBucket(stack),
      pattern: F.stringValue('$.requestParameters.bucketName', '=', 'x'),
    }));
    expect(flags(store)).toBe(true);
  });

  test('fails if the canary filter watches another store', () => {
    const watched = withCanary('OtherStore', piiBucket);
    const unwatched = new s3.Bucket(Stack.of(watched), 'Unwatched');
    classify(unwatched, 'pii');
    expect(flags(watched)).toBe(false);
    expect(flags(unwatched)).toBe(true);
  });

  test('does not apply to a legal archive or an internal bucket', () => {
    const stack = testStack('NotLive');
    const archive = new s3.Bucket(stack, 'Archive');
    classify(archive, 'pii');
    markLegalArchive(archive, 'tax');
    const internal = new s3.Bucket(stack, 'Internal');
    classify(internal, 'internal');
    expect(flags(archive)).toBe(false);
    expect(flags(internal)).toBe(false);
  });
});
