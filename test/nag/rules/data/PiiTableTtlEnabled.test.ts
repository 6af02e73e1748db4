import { Fn } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { IConstruct } from 'constructs';
import { DATA_CLASSIFICATION_TAG, classify } from '../../../../constructs/data/classification';
import {
  PII_TABLE_PARTITION_KEY,
  PII_TABLE_TTL_ATTRIBUTE,
} from '../../../../constructs/data/layout';
import { PiiTableTtlEnabled } from '../../../../lib/nag/rules/data/PiiTableTtlEnabled';
import { ruleFlags, ruleOutcome, threw, testStack } from '../../../helpers';

describe('DPP-PiiTableTtlEnabled', () => {
  const stack = testStack();
  const partitionKey = { name: PII_TABLE_PARTITION_KEY, type: dynamodb.AttributeType.STRING };
  const piiTable = (id: string, props: Partial<dynamodb.TableProps> = {}) => {
    const table = new dynamodb.Table(stack, id, { partitionKey, ...props });
    classify(table, 'pii');
    return table;
  };
  /** A global table's tags sit on its replicas, where `classify()` cannot set them yet. */
  const piiGlobalTable = (id: string, props: Partial<dynamodb.TablePropsV2> = {}) =>
    new dynamodb.TableV2(stack, id, {
      partitionKey,
      tags: [{ key: DATA_CLASSIFICATION_TAG, value: 'pii' }],
      ...props,
    });
  const flags = (table: IConstruct) => ruleFlags(PiiTableTtlEnabled, table);

  test('passes a PII table with Time to Live', () => {
    expect(flags(piiTable('Expiring', { timeToLiveAttribute: PII_TABLE_TTL_ATTRIBUTE }))).toBe(
      false,
    );
  });

  test('passes a PII global table with Time to Live', () => {
    const table = piiGlobalTable('GlobalExpiring', {
      timeToLiveAttribute: PII_TABLE_TTL_ATTRIBUTE,
    });
    expect(flags(table)).toBe(false);
  });

  test('fails if a PII table has no Time to Live', () => {
    expect(flags(piiTable('Forever'))).toBe(true);
  });

  test('fails if a PII global table has no Time to Live', () => {
    expect(flags(piiGlobalTable('GlobalForever'))).toBe(true);
  });

  test('fails if Time to Live is disabled', () => {
    const table = new dynamodb.CfnTable(stack, 'Disabled', {
      keySchema: [{ attributeName: PII_TABLE_PARTITION_KEY, keyType: 'HASH' }],
      attributeDefinitions: [{ attributeName: PII_TABLE_PARTITION_KEY, attributeType: 'S' }],
      billingMode: 'PAY_PER_REQUEST',
      timeToLiveSpecification: { attributeName: PII_TABLE_TTL_ATTRIBUTE, enabled: false },
    });
    classify(table, 'pii');
    expect(flags(table)).toBe(true);
  });

  test('fails if whether Time to Live is enabled is not known at synth', () => {
    const table = piiTable('Imported', { timeToLiveAttribute: PII_TABLE_TTL_ATTRIBUTE });
    (table.node.defaultChild as dynamodb.CfnTable).addPropertyOverride(
      'TimeToLiveSpecification.Enabled',
      Fn.importValue('TtlEnabled'),
    );
    expect(ruleOutcome(PiiTableTtlEnabled, table)).toEqual(
      threw(
        /^TimeToLiveSpecification\.Enabled of \S+ is \{"Fn::ImportValue":"TtlEnabled"\}, not a value known at synth$/,
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
