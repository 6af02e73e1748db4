import { Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { classify } from '../../../../constructs/data/classification';
import { PiiBucketAccessLogged } from '../../../../lib/nag/rules/data/PiiBucketAccessLogged';
import { ruleFlags, testStack } from '../../../helpers';

describe('DPP-PiiBucketAccessLogged', () => {
  const stack = testStack();
  const piiBucket = (scope: Stack, id: string, props: s3.BucketProps = {}) => {
    const bucket = new s3.Bucket(scope, id, props);
    classify(bucket, 'pii');
    return bucket;
  };
  const flags = (bucket: IConstruct) => ruleFlags(PiiBucketAccessLogged, bucket);

  /** A trail covers every bucket of its stack, so each trail test has a stack of its own. */
  const bucketWithTrail = (
    stackId: string,
    addSelectors: (trail: cloudtrail.Trail, bucket: s3.Bucket) => void,
  ) => {
    const own = testStack(stackId);
    const bucket = piiBucket(own, 'Pii');
    addSelectors(new cloudtrail.Trail(own, 'Trail'), bucket);
    return bucket;
  };

  test('passes a PII bucket with server access logging', () => {
    const logs = new s3.Bucket(stack, 'AccessLogs');
    const bucket = piiBucket(stack, 'ServerLogged', {
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'pii/',
    });
    expect(flags(bucket)).toBe(false);
  });

  test('fails if a PII bucket has no access logging and no trail logs its data events', () => {
    expect(flags(piiBucket(stack, 'Unlogged'))).toBe(true);
  });

  test('passes a PII bucket whose data events a trail in the stack logs', () => {
    const bucket = bucketWithTrail('Trailed', (trail, b) =>
      trail.addS3EventSelector([{ bucket: b }]),
    );
    expect(flags(bucket)).toBe(false);
  });

  test('passes a PII bucket when a trail logs the data events of every bucket', () => {
    const bucket = bucketWithTrail('AllBuckets', (trail) => trail.logAllS3DataEvents());
    expect(flags(bucket)).toBe(false);
  });

  test('passes a PII bucket when an advanced event selector logs S3 object events', () => {
    const own = testStack('AdvancedStack');
    const bucket = piiBucket(own, 'Pii');
    new cloudtrail.CfnTrail(own, 'Trail', {
      isLogging: true,
      s3BucketName: 'trail-logs',
      advancedEventSelectors: [
        {
          fieldSelectors: [
            { field: 'eventCategory', equalTo: ['Data'] },
            { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
            { field: 'resources.ARN', startsWith: [`${bucket.bucketArn}/`] },
          ],
        },
      ],
    });
    expect(flags(bucket)).toBe(false);
  });

  test('fails if the trail logs the data events of another bucket only', () => {
    const bucket = bucketWithTrail('OtherBucket', (trail) =>
      trail.addS3EventSelector([{ bucket: new s3.Bucket(trail, 'Other') }]),
    );
    expect(flags(bucket)).toBe(true);
  });

  test('fails if the trail logs one prefix of the bucket only', () => {
    const bucket = bucketWithTrail('OnePrefix', (trail, b) =>
      trail.addS3EventSelector([{ bucket: b, objectPrefix: 'exports/' }]),
    );
    expect(flags(bucket)).toBe(true);
  });

  test('fails if the trail logs writes only', () => {
    const bucket = bucketWithTrail('WritesOnly', (trail, b) =>
      trail.addS3EventSelector([{ bucket: b }], {
        readWriteType: cloudtrail.ReadWriteType.WRITE_ONLY,
      }),
    );
    expect(flags(bucket)).toBe(true);
  });

  test('fails if the trail does not log', () => {
    const own = testStack('StoppedStack');
    const bucket = piiBucket(own, 'Pii');
    new cloudtrail.CfnTrail(own, 'Trail', {
      isLogging: false,
      s3BucketName: 'trail-logs',
      eventSelectors: [
        { dataResources: [{ type: 'AWS::S3::Object', values: [`${bucket.bucketArn}/`] }] },
      ],
    });
    expect(flags(bucket)).toBe(true);
  });

  test('does not apply to an unclassified bucket', () => {
    expect(flags(new s3.Bucket(stack, 'Unclassified'))).toBe(false);
  });
});
