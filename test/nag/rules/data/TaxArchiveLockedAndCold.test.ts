import { Duration, Fn } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { classify, markLegalArchive } from '../../../../constructs/data/classification';
import { TaxArchiveLockedAndCold } from '../../../../lib/nag/rules/data/TaxArchiveLockedAndCold';
import { ruleFlags, ruleOutcome, threw, testStack } from '../../../helpers';

describe('DPP-TaxArchiveLockedAndCold', () => {
  const stack = testStack();
  const LEGAL_DAYS = 3650;
  const locked: s3.BucketProps = {
    versioned: true,
    objectLockEnabled: true,
    objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(LEGAL_DAYS)),
  };
  const toDeepArchiveOnArrival: s3.Transition = {
    storageClass: s3.StorageClass.DEEP_ARCHIVE,
    transitionAfter: Duration.days(0),
  };
  const coldAndExpiring: s3.LifecycleRule = {
    transitions: [toDeepArchiveOnArrival],
    expiration: Duration.days(LEGAL_DAYS + 1),
    noncurrentVersionExpiration: Duration.days(1),
  };
  const archive = (id: string, props: s3.BucketProps) => {
    const bucket = new s3.Bucket(stack, id, props);
    classify(bucket, 'pii');
    markLegalArchive(bucket, 'tax');
    return bucket;
  };
  const flags = (bucket: IConstruct) => ruleFlags(TaxArchiveLockedAndCold, bucket);

  test('passes a locked archive moved to Deep Archive on arrival and expiring after the lock', () => {
    expect(flags(archive('Archive', { ...locked, lifecycleRules: [coldAndExpiring] }))).toBe(false);
  });

  test('passes an archive moved to Glacier Flexible Retrieval on arrival', () => {
    const bucket = archive('Glacier', {
      ...locked,
      lifecycleRules: [
        {
          ...coldAndExpiring,
          transitions: [{ ...toDeepArchiveOnArrival, storageClass: s3.StorageClass.GLACIER }],
        },
      ],
    });
    expect(flags(bucket)).toBe(false);
  });

  test('passes a default retention in years with an expiration at its end', () => {
    const bucket = new s3.CfnBucket(stack, 'Years', {
      objectLockEnabled: true,
      objectLockConfiguration: {
        objectLockEnabled: 'Enabled',
        rule: { defaultRetention: { mode: 'GOVERNANCE', years: 10 } },
      },
      lifecycleConfiguration: {
        rules: [
          {
            status: 'Enabled',
            expirationInDays: 3653,
            noncurrentVersionExpiration: { noncurrentDays: 1 },
            transition: { storageClass: 'DEEP_ARCHIVE', transitionInDays: 0 },
          },
        ],
      },
    });
    markLegalArchive(bucket, 'tax');
    expect(flags(bucket)).toBe(false);
  });

  test('fails if Object Lock is off', () => {
    expect(flags(archive('Unlocked', { versioned: true, lifecycleRules: [coldAndExpiring] }))).toBe(
      true,
    );
  });

  test('fails if Object Lock has no default retention', () => {
    const bucket = archive('NoRetention', {
      versioned: true,
      objectLockEnabled: true,
      lifecycleRules: [coldAndExpiring],
    });
    expect(flags(bucket)).toBe(true);
  });

  test('fails if objects move to a storage class available for immediate use', () => {
    const bucket = archive('InstantRetrieval', {
      ...locked,
      lifecycleRules: [
        {
          ...coldAndExpiring,
          transitions: [
            { ...toDeepArchiveOnArrival, storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL },
          ],
        },
      ],
    });
    expect(flags(bucket)).toBe(true);
  });

  test('fails if objects stay warm for a day before moving to Deep Archive', () => {
    const bucket = archive('LateTransition', {
      ...locked,
      lifecycleRules: [
        {
          ...coldAndExpiring,
          transitions: [{ ...toDeepArchiveOnArrival, transitionAfter: Duration.days(1) }],
        },
      ],
    });
    expect(flags(bucket)).toBe(true);
  });

  test('fails if only one prefix moves to Deep Archive', () => {
    const bucket = archive('PrefixTransition', {
      ...locked,
      lifecycleRules: [
        { prefix: 'invoices/', transitions: [toDeepArchiveOnArrival] },
        { expiration: Duration.days(LEGAL_DAYS + 1) },
      ],
    });
    expect(flags(bucket)).toBe(true);
  });

  test('fails if the archive never expires', () => {
    const bucket = archive('Forever', {
      ...locked,
      lifecycleRules: [{ transitions: [toDeepArchiveOnArrival] }],
    });
    expect(flags(bucket)).toBe(true);
  });

  test('fails if expired objects stay as noncurrent versions for ever', () => {
    const withoutNoncurrent = { ...coldAndExpiring, noncurrentVersionExpiration: undefined };
    expect(flags(archive('KeptVersions', { ...locked, lifecycleRules: [withoutNoncurrent] }))).toBe(
      true,
    );
  });

  test('fails if objects expire before a lock in years releases them (leap days count)', () => {
    const bucket = new s3.CfnBucket(stack, 'ShortOfLeapDays', {
      objectLockEnabled: true,
      objectLockConfiguration: {
        objectLockEnabled: 'Enabled',
        rule: { defaultRetention: { mode: 'GOVERNANCE', years: 10 } },
      },
      lifecycleConfiguration: {
        rules: [
          {
            status: 'Enabled',
            expirationInDays: 10 * 365,
            noncurrentVersionExpiration: { noncurrentDays: 1 },
            transition: { storageClass: 'DEEP_ARCHIVE', transitionInDays: 0 },
          },
        ],
      },
    });
    markLegalArchive(bucket, 'tax');
    expect(flags(bucket)).toBe(true);
  });

  test('fails if objects expire before the lock releases them', () => {
    const bucket = archive('EarlyExpiry', {
      ...locked,
      lifecycleRules: [{ ...coldAndExpiring, expiration: Duration.days(LEGAL_DAYS - 1) }],
    });
    expect(flags(bucket)).toBe(true);
  });

  test('fails if the default retention is not known at synth', () => {
    const bucket = archive('Imported', { ...locked, lifecycleRules: [coldAndExpiring] });
    (bucket.node.defaultChild as s3.CfnBucket).addPropertyOverride(
      'ObjectLockConfiguration.Rule.DefaultRetention.Days',
      Fn.importValue('LegalDays'),
    );
    expect(ruleOutcome(TaxArchiveLockedAndCold, bucket)).toEqual(
      threw(
        /^ObjectLockConfiguration\.Rule\.DefaultRetention\.Days of \S+ is \{"Fn::ImportValue":"LegalDays"\}, not a value known at synth$/,
      ),
    );
  });

  test('does not apply to a PII bucket that is not a legal archive', () => {
    const bucket = new s3.Bucket(stack, 'LivePii', { versioned: true });
    classify(bucket, 'pii');
    expect(flags(bucket)).toBe(false);
  });
});
