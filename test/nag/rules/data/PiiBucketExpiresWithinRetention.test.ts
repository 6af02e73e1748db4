import { Duration, Fn, Token } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { classify, markLegalArchive } from '../../../../constructs/data/classification';
import { DPP_MAX_PII_RETENTION_DAYS } from '../../../../lib/policy/bounds';
import { PiiBucketExpiresWithinRetention } from '../../../../lib/nag/rules/data/PiiBucketExpiresWithinRetention';
import { ruleFlags, ruleOutcome, threw, testStack } from '../../../helpers';

describe('DPP-PiiBucketExpiresWithinRetention', () => {
  const stack = testStack();
  const piiBucket = (id: string, props: s3.BucketProps) => {
    const bucket = new s3.Bucket(stack, id, props);
    classify(bucket, 'pii');
    return bucket;
  };
  const versionedPiiBucket = (id: string, lifecycleRules: s3.LifecycleRule[]) =>
    piiBucket(id, { versioned: true, lifecycleRules });
  const flags = (bucket: IConstruct) => ruleFlags(PiiBucketExpiresWithinRetention, bucket);

  const expiry: s3.LifecycleRule = {
    expiration: Duration.days(20),
    noncurrentVersionExpiration: Duration.days(DPP_MAX_PII_RETENTION_DAYS - 20),
    abortIncompleteMultipartUploadAfter: Duration.days(1),
  };
  const deleteMarkers: s3.LifecycleRule = { expiredObjectDeleteMarker: true };

  test('passes a versioned PII bucket whose objects and old versions go within the retention', () => {
    expect(flags(versionedPiiBucket('Compliant', [expiry, deleteMarkers]))).toBe(false);
  });

  test('fails if an Object Lock default retention outlasts the retention limit', () => {
    const bucket = piiBucket('Locked', {
      versioned: true,
      lifecycleRules: [expiry, deleteMarkers],
      objectLockDefaultRetention: s3.ObjectLockRetention.governance(
        Duration.days(DPP_MAX_PII_RETENTION_DAYS + 1),
      ),
    });
    expect(flags(bucket)).toBe(true);
  });

  test('passes an Object Lock default retention within the retention limit', () => {
    const bucket = piiBucket('ShortLock', {
      versioned: true,
      lifecycleRules: [expiry, deleteMarkers],
      objectLockDefaultRetention: s3.ObjectLockRetention.governance(Duration.days(7)),
    });
    expect(flags(bucket)).toBe(false);
  });

  test('passes an unversioned PII bucket that expires objects and uploads within the retention', () => {
    const bucket = piiBucket('Unversioned', {
      lifecycleRules: [
        {
          expiration: Duration.days(DPP_MAX_PII_RETENTION_DAYS),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
    expect(flags(bucket)).toBe(false);
  });

  test('passes when the smallest of several whole-bucket expirations is within the retention', () => {
    const bucket = versionedPiiBucket('Several', [
      { expiration: Duration.days(90) },
      expiry,
      deleteMarkers,
    ]);
    expect(flags(bucket)).toBe(false);
  });

  test('fails if a PII bucket has no lifecycle rules', () => {
    expect(flags(piiBucket('NoLifecycle', { versioned: true }))).toBe(true);
  });

  test('fails if objects of an unversioned PII bucket expire after the retention', () => {
    const bucket = piiBucket('LateExpiry', {
      lifecycleRules: [
        {
          expiration: Duration.days(DPP_MAX_PII_RETENTION_DAYS + 1),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
    expect(flags(bucket)).toBe(true);
  });

  test('fails if expiration plus noncurrent days exceed the retention', () => {
    const bucket = versionedPiiBucket('LongTail', [
      { ...expiry, noncurrentVersionExpiration: Duration.days(DPP_MAX_PII_RETENTION_DAYS - 19) },
      deleteMarkers,
    ]);
    expect(flags(bucket)).toBe(true);
  });

  test('fails if a versioned PII bucket does not expire noncurrent versions', () => {
    const bucket = versionedPiiBucket('KeepsVersions', [
      { ...expiry, noncurrentVersionExpiration: undefined },
      deleteMarkers,
    ]);
    expect(flags(bucket)).toBe(true);
  });

  test('fails if the noncurrent-version rule keeps a number of newer versions regardless of age', () => {
    const bucket = versionedPiiBucket('RetainsVersions', [
      { ...expiry, noncurrentVersionsToRetain: 3 },
      deleteMarkers,
    ]);
    expect(flags(bucket)).toBe(true);
  });

  test('fails if expired delete markers are not cleaned up', () => {
    expect(flags(versionedPiiBucket('Markers', [expiry]))).toBe(true);
  });

  test('fails if incomplete multipart uploads are not aborted', () => {
    const bucket = versionedPiiBucket('Uploads', [
      { ...expiry, abortIncompleteMultipartUploadAfter: undefined },
      deleteMarkers,
    ]);
    expect(flags(bucket)).toBe(true);
  });

  test('fails if incomplete multipart uploads are kept longer than the retention', () => {
    const bucket = versionedPiiBucket('SlowAbort', [
      {
        ...expiry,
        abortIncompleteMultipartUploadAfter: Duration.days(DPP_MAX_PII_RETENTION_DAYS + 1),
      },
      deleteMarkers,
    ]);
    expect(flags(bucket)).toBe(true);
  });

  test('fails if the only expiration rule covers one prefix', () => {
    const bucket = versionedPiiBucket('Prefixed', [
      { ...expiry, prefix: 'orders/' },
      deleteMarkers,
    ]);
    expect(flags(bucket)).toBe(true);
  });

  test('fails if the only expiration rule covers tagged objects', () => {
    const bucket = versionedPiiBucket('Tagged', [
      { ...expiry, tagFilters: { purpose: 'fulfilment' } },
      deleteMarkers,
    ]);
    expect(flags(bucket)).toBe(true);
  });

  test('fails if the only expiration rule covers objects above a size', () => {
    const bucket = versionedPiiBucket('Sized', [
      { ...expiry, objectSizeGreaterThan: 1024 },
      deleteMarkers,
    ]);
    expect(flags(bucket)).toBe(true);
  });

  test('fails if the expiration rule is disabled', () => {
    const bucket = versionedPiiBucket('Disabled', [{ ...expiry, enabled: false }, deleteMarkers]);
    expect(flags(bucket)).toBe(true);
  });

  test('fails if a bucket with suspended versioning does not expire noncurrent versions', () => {
    const bucket = new s3.CfnBucket(stack, 'Suspended', {
      versioningConfiguration: { status: 'Suspended' },
      lifecycleConfiguration: {
        rules: [
          {
            status: 'Enabled',
            expirationInDays: 20,
            abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
          },
          { status: 'Enabled', expiredObjectDeleteMarker: true },
        ],
      },
    });
    classify(bucket, 'pii');
    expect(flags(bucket)).toBe(true);
  });

  test('passes the legacy NoncurrentVersionExpirationInDays within the retention', () => {
    const bucket = new s3.CfnBucket(stack, 'Legacy', {
      versioningConfiguration: { status: 'Enabled' },
      lifecycleConfiguration: {
        rules: [
          {
            status: 'Enabled',
            expirationInDays: 20,
            noncurrentVersionExpirationInDays: 10,
            abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
          },
          { status: 'Enabled', expiredObjectDeleteMarker: true },
        ],
      },
    });
    classify(bucket, 'pii');
    expect(flags(bucket)).toBe(false);
  });

  test('fails if the expiration is not known at synth', () => {
    const bucket = versionedPiiBucket('Imported', [expiry, deleteMarkers]);
    (bucket.node.defaultChild as s3.CfnBucket).addPropertyOverride(
      'LifecycleConfiguration.Rules.0.ExpirationInDays',
      Token.asNumber(Fn.importValue('PiiExpiryDays')),
    );
    expect(ruleOutcome(PiiBucketExpiresWithinRetention, bucket)).toEqual(
      threw(
        /^ExpirationInDays of \S+ is \{"Fn::ImportValue":"PiiExpiryDays"\}, not a value known at synth$/,
      ),
    );
  });

  test('does not apply to an unclassified bucket', () => {
    expect(flags(new s3.Bucket(stack, 'Unclassified', { versioned: true }))).toBe(false);
  });

  test('does not apply to a confidential bucket', () => {
    const bucket = new s3.Bucket(stack, 'Confidential', { versioned: true });
    classify(bucket, 'confidential');
    expect(flags(bucket)).toBe(false);
  });

  test('does not apply to a legal archive of PII', () => {
    const bucket = piiBucket('Archive', { versioned: true });
    markLegalArchive(bucket, 'tax');
    expect(flags(bucket)).toBe(false);
  });
});
