import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  DATA_CLASSIFICATIONS,
  DATA_CLASSIFICATION_TAG,
  classify,
} from '../../../../constructs/data/classification';
import { DataStoreClassified } from '../../../../lib/nag/rules/data/DataStoreClassified';
import { ruleFlags, testStack } from '../../../helpers';

describe('DPP-DataStoreClassified', () => {
  const stack = testStack();

  /** A bucket whose L1 carries DataClassification = `value`, as written. */
  const bucketTagged = (id: string, value: string) => {
    const bucket = new s3.Bucket(stack, id);
    (bucket.node.defaultChild as s3.CfnBucket).tags.setTag(DATA_CLASSIFICATION_TAG, value);
    return bucket;
  };

  test('fails if a bucket has no DataClassification tag', () => {
    const bucket = new s3.Bucket(stack, 'Unclassified');
    expect(ruleFlags(DataStoreClassified, bucket)).toBe(true);
  });

  test('fails if a secret has no DataClassification tag', () => {
    const secret = new secretsmanager.Secret(stack, 'UnclassifiedSecret');
    expect(ruleFlags(DataStoreClassified, secret)).toBe(true);
  });

  test('fails if the classification is not a known value', () => {
    expect(ruleFlags(DataStoreClassified, bucketTagged('Secret', 'secret'))).toBe(true);
  });

  test('fails if the classification is in upper case', () => {
    expect(ruleFlags(DataStoreClassified, bucketTagged('UpperCase', 'PII'))).toBe(true);
  });

  test.each(DATA_CLASSIFICATIONS)('passes a bucket classified %s', (classification) => {
    const bucket = new s3.Bucket(stack, `Classified-${classification}`);
    classify(bucket, classification);
    expect(ruleFlags(DataStoreClassified, bucket)).toBe(false);
  });

  test('passes a table classified with classify()', () => {
    const table = new dynamodb.Table(stack, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    });
    classify(table, 'confidential');
    expect(ruleFlags(DataStoreClassified, table)).toBe(false);
  });

  test('does not apply to resources that are not data stores', () => {
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    expect(ruleFlags(DataStoreClassified, key)).toBe(false);
  });
});
