import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { classify } from '../../../../constructs/data/classification';
import { PiiBucketNotReplicated } from '../../../../lib/nag/rules/data/PiiBucketNotReplicated';
import { ruleFlags, testStack } from '../../../helpers';

describe('DPP-PiiBucketNotReplicated', () => {
  const stack = testStack();
  const replica = new s3.Bucket(stack, 'Replica', { versioned: true });
  const replicated: s3.BucketProps = {
    versioned: true,
    replicationRules: [{ destination: replica, priority: 1 }],
  };
  const flags = (bucket: IConstruct) => ruleFlags(PiiBucketNotReplicated, bucket);

  test('fails if a PII bucket replicates to another bucket', () => {
    const bucket = new s3.Bucket(stack, 'Replicated', replicated);
    classify(bucket, 'pii');
    expect(flags(bucket)).toBe(true);
  });

  test('passes a PII bucket without replication', () => {
    const bucket = new s3.Bucket(stack, 'Single', { versioned: true });
    classify(bucket, 'pii');
    expect(flags(bucket)).toBe(false);
  });

  test('does not apply to an unclassified bucket', () => {
    expect(flags(new s3.Bucket(stack, 'Unclassified', replicated))).toBe(false);
  });

  test('does not apply to an internal bucket', () => {
    const bucket = new s3.Bucket(stack, 'Internal', replicated);
    classify(bucket, 'internal');
    expect(flags(bucket)).toBe(false);
  });
});
