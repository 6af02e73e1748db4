import { Fn } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { IConstruct } from 'constructs';
import { DATA_CLASSIFICATION_TAG, classify } from '../../../../constructs/data/classification';
import { PII_TABLE_PARTITION_KEY } from '../../../../constructs/data/layout';
import { MAX_PII_PITR_RECOVERY_DAYS } from '../../../../lib/policy/bounds';
import { PiiTablePitrWithinRetention } from '../../../../lib/nag/rules/data/PiiTablePitrWithinRetention';
import { ruleFlags, ruleOutcome, threw, testStack } from '../../../helpers';

describe('DPP-PiiTablePitrWithinRetention', () => {
  const stack = testStack();
  const partitionKey = { name: PII_TABLE_PARTITION_KEY, type: dynamodb.AttributeType.STRING };
  const pitr = (recoveryPeriodInDays?: number): dynamodb.PointInTimeRecoverySpecification => ({
    pointInTimeRecoveryEnabled: true,
    recoveryPeriodInDays,
  });
  const piiTable = (
    id: string,
    pointInTimeRecoverySpecification?: dynamodb.PointInTimeRecoverySpecification,
  ) => {
    const table = new dynamodb.Table(stack, id, { partitionKey, pointInTimeRecoverySpecification });
    classify(table, 'pii');
    return table;
  };
  /** A global table's tags sit on its replicas, where `classify()` cannot set them yet. */
  const piiGlobalTable = (id: string, props: Partial<dynamodb.TablePropsV2>) =>
    new dynamodb.TableV2(stack, id, {
      partitionKey,
      tags: [{ key: DATA_CLASSIFICATION_TAG, value: 'pii' }],
      ...props,
    });
  const flags = (table: IConstruct) => ruleFlags(PiiTablePitrWithinRetention, table);

  test('passes a PII table with point-in-time recovery kept 7 days', () => {
    expect(flags(piiTable('Week', pitr(7)))).toBe(false);
  });

  test('passes a PII table whose recovery period is exactly the limit', () => {
    expect(flags(piiTable('AtLimit', pitr(MAX_PII_PITR_RECOVERY_DAYS)))).toBe(false);
  });

  test('fails if a PII table has no point-in-time recovery', () => {
    expect(flags(piiTable('NoPitr'))).toBe(true);
  });

  test('fails if point-in-time recovery is disabled', () => {
    expect(flags(piiTable('Disabled', { pointInTimeRecoveryEnabled: false }))).toBe(true);
  });

  test('fails if point-in-time recovery keeps the 35-day service default', () => {
    expect(flags(piiTable('DefaultPeriod', pitr()))).toBe(true);
  });

  test('fails if the recovery period is one day over the limit', () => {
    expect(flags(piiTable('OverLimit', pitr(MAX_PII_PITR_RECOVERY_DAYS + 1)))).toBe(true);
  });

  test('passes a PII global table whose replicas all keep 7 days', () => {
    const table = piiGlobalTable('GlobalWeek', {
      pointInTimeRecoverySpecification: pitr(7),
      replicas: [{ region: 'eu-central-1' }],
    });
    expect(flags(table)).toBe(false);
  });

  test('fails if one replica of a PII global table keeps 35 days', () => {
    const table = piiGlobalTable('GlobalLongReplica', {
      pointInTimeRecoverySpecification: pitr(7),
      replicas: [{ region: 'eu-central-1', pointInTimeRecoverySpecification: pitr(35) }],
    });
    expect(flags(table)).toBe(true);
  });

  test('fails if a PII global table has no point-in-time recovery', () => {
    expect(flags(piiGlobalTable('GlobalNoPitr', {}))).toBe(true);
  });

  test('fails if the recovery period is not known at synth', () => {
    const table = piiTable('Imported', pitr(7));
    (table.node.defaultChild as dynamodb.CfnTable).addPropertyOverride(
      'PointInTimeRecoverySpecification.RecoveryPeriodInDays',
      Fn.importValue('PitrDays'),
    );
    expect(ruleOutcome(PiiTablePitrWithinRetention, table)).toEqual(
      threw(
        /^PointInTimeRecoverySpecification\.RecoveryPeriodInDays of \S+ is \{"Fn::ImportValue":"PitrDays"\}, not a value known at synth$/,
      ),
    );
  });

  test('does not apply to an unclassified table', () => {
    expect(flags(new dynamodb.Table(stack, 'Unclassified', { partitionKey }))).toBe(false);
  });

  test('does not apply to a confidential table', () => {
    const table = new dynamodb.Table(stack, 'Confidential', { partitionKey });
    classify(table, 'confidential');
    expect(flags(table)).toBe(false);
  });
});
