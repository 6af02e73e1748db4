import { Duration } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { TrailBucketLockedAndPrivate } from '../../../../lib/nag/rules/audit/TrailBucketLockedAndPrivate';
import { ruleFlags, testStack } from '../../../helpers';

describe('DPP-TrailBucketLockedAndPrivate', () => {
  const stack = testStack();
  const locked: s3.BucketProps = {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    versioned: true,
    objectLockEnabled: true,
    objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(365)),
  };
  /** A bucket a trail of the stack delivers to. */
  const trailBucket = (id: string, props: s3.BucketProps) => {
    const bucket = new s3.Bucket(stack, id, props);
    new cloudtrail.CfnTrail(stack, `${id}Trail`, {
      isLogging: true,
      s3BucketName: bucket.bucketName,
    });
    return bucket;
  };
  const flags = (id: string, props: s3.BucketProps) =>
    ruleFlags(TrailBucketLockedAndPrivate, trailBucket(id, props));

  test('passes a private bucket locked for a year', () => {
    expect(flags('Locked', locked)).toBe(false);
  });

  test('passes a governance lock of exactly 90 days', () => {
    expect(
      flags('Governance90', {
        ...locked,
        objectLockDefaultRetention: s3.ObjectLockRetention.governance(Duration.days(90)),
      }),
    ).toBe(false);
  });

  test('fails if the trail bucket has no Object Lock', () => {
    expect(
      flags('Unlocked', {
        ...locked,
        objectLockEnabled: undefined,
        objectLockDefaultRetention: undefined,
      }),
    ).toBe(true);
  });

  test('fails if Object Lock has no default retention', () => {
    expect(flags('NoRetention', { ...locked, objectLockDefaultRetention: undefined })).toBe(true);
  });

  test('fails if the lock is shorter than the 90 days logs must be kept', () => {
    expect(
      flags('Short', {
        ...locked,
        objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(30)),
      }),
    ).toBe(true);
  });

  test('fails if any public access is not blocked', () => {
    expect(
      flags('PublicPolicy', { ...locked, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ACLS_ONLY }),
    ).toBe(true);
    const noBlock = trailBucket('NoBlock', locked);
    (noBlock.node.defaultChild as s3.CfnBucket).addPropertyDeletionOverride(
      'PublicAccessBlockConfiguration',
    );
    expect(ruleFlags(TrailBucketLockedAndPrivate, noBlock)).toBe(true);
  });

  test('does not apply to a bucket no trail delivers to', () => {
    expect(ruleFlags(TrailBucketLockedAndPrivate, new s3.Bucket(stack, 'Other'))).toBe(false);
  });
});
