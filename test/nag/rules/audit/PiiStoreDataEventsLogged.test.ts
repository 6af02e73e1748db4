import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { classify, markLegalArchive } from '../../../../constructs/data/classification';
import { PiiStoreDataEventsLogged } from '../../../../lib/nag/rules/audit/PiiStoreDataEventsLogged';
import { ruleFlags, testStack } from '../../../helpers';

type Selectors = (
  bucket: s3.Bucket,
  table: dynamodb.Table,
) => cloudtrail.CfnTrail.AdvancedEventSelectorProperty[];

describe('DPP-PiiStoreDataEventsLogged', () => {
  /** PII stores and a trail with the given selectors, in a stack of their own. */
  const environment = (id: string, selectors?: Selectors, isLogging = true) => {
    const stack = testStack(id);
    const bucket = new s3.Bucket(stack, 'PiiBucket');
    classify(bucket, 'pii');
    const table = new dynamodb.Table(stack, 'PiiTable', {
      partitionKey: { name: 'sellingPartnerId', type: dynamodb.AttributeType.STRING },
    });
    classify(table, 'pii');
    if (selectors) {
      new cloudtrail.CfnTrail(stack, 'Trail', {
        isLogging,
        s3BucketName: 'trail',
        advancedEventSelectors: selectors(bucket, table),
      });
    }
    return { stack, bucket, table };
  };
  type FieldSelector = cloudtrail.CfnTrail.AdvancedFieldSelectorProperty;
  const data = (
    type: string,
    arn: Omit<FieldSelector, 'field'>,
    extra: FieldSelector[] = [],
  ): cloudtrail.CfnTrail.AdvancedEventSelectorProperty => ({
    fieldSelectors: [
      { field: 'eventCategory', equalTo: ['Data'] },
      { field: 'resources.type', equalTo: [type] },
      { field: 'resources.ARN', ...arn },
      ...extra,
    ],
  });
  const both: Selectors = (bucket, table) => [
    data('AWS::S3::Object', { startsWith: [`${bucket.bucketArn}/`] }),
    data('AWS::DynamoDB::Table', { equalTo: [table.tableArn] }),
  ];
  const flags = (store: s3.Bucket | dynamodb.Table) => ruleFlags(PiiStoreDataEventsLogged, store);

  test('passes PII stores whose data events a trail records', () => {
    const { bucket, table } = environment('Logged', both);
    expect(flags(bucket)).toBe(false);
    expect(flags(table)).toBe(false);
  });

  test('passes a trail that records every bucket and table', () => {
    const { bucket, table } = environment('Everything', () => [
      data('AWS::S3::Object', { startsWith: ['arn:aws:s3:::'] }),
      {
        fieldSelectors: [
          { field: 'eventCategory', equalTo: ['Data'] },
          { field: 'resources.type', equalTo: ['AWS::DynamoDB::Table'] },
        ],
      },
    ]);
    expect(flags(bucket)).toBe(false);
    expect(flags(table)).toBe(false);
  });

  test('passes basic event selectors with all reads and writes', () => {
    const stack = testStack('Basic');
    const table = new dynamodb.Table(stack, 'PiiTable', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    });
    classify(table, 'pii');
    new cloudtrail.CfnTrail(stack, 'Trail', {
      isLogging: true,
      s3BucketName: 'trail',
      eventSelectors: [
        { dataResources: [{ type: 'AWS::DynamoDB::Table', values: [table.tableArn] }] },
      ],
    });
    expect(flags(table)).toBe(false);
  });

  test('fails if no trail of the stack records the stores', () => {
    const { bucket, table } = environment('NoTrail');
    expect(flags(bucket)).toBe(true);
    expect(flags(table)).toBe(true);
  });

  test('fails if the trail records only other stores', () => {
    const { bucket, table } = environment('Others', () => [
      data('AWS::S3::Object', { startsWith: ['arn:aws:s3:::another-bucket/'] }),
      data('AWS::DynamoDB::Table', {
        equalTo: ['arn:aws:dynamodb:eu-west-1:123456789012:table/other'],
      }),
    ]);
    expect(flags(bucket)).toBe(true);
    expect(flags(table)).toBe(true);
  });

  test('fails if the trail records writes only, or some events only', () => {
    const { table } = environment('WritesOnly', (_b, t) => [
      data('AWS::DynamoDB::Table', { equalTo: [t.tableArn] }, [
        { field: 'readOnly', equalTo: ['false'] },
      ]),
    ]);
    expect(flags(table)).toBe(true);
    const { bucket } = environment('SomeEvents', (b) => [
      data('AWS::S3::Object', { startsWith: [`${b.bucketArn}/`] }, [
        { field: 'eventName', equalTo: ['PutObject'] },
      ]),
    ]);
    expect(flags(bucket)).toBe(true);
  });

  test('fails if the trail excludes the store', () => {
    const { bucket } = environment('Excluded', (b) => [
      data('AWS::S3::Object', { notStartsWith: [`${b.bucketArn}/`] }),
    ]);
    expect(flags(bucket)).toBe(true);
  });

  test('fails if the trail is stopped', () => {
    const { bucket } = environment('Stopped', both, false);
    expect(flags(bucket)).toBe(true);
  });

  test('applies to legal archives too, and not to internal buckets', () => {
    const stack = testStack('Archive');
    const archive = new s3.Bucket(stack, 'Archive');
    classify(archive, 'pii');
    markLegalArchive(archive, 'tax');
    const internal = new s3.Bucket(stack, 'Internal');
    classify(internal, 'internal');
    expect(flags(archive)).toBe(true);
    expect(flags(internal)).toBe(false);
  });
});
