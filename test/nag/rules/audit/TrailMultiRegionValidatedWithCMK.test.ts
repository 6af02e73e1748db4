import { Fn } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as kms from 'aws-cdk-lib/aws-kms';
import { TrailMultiRegionValidatedWithCMK } from '../../../../lib/nag/rules/audit/TrailMultiRegionValidatedWithCMK';
import { ruleFlags, ruleOutcome, testStack, threw } from '../../../helpers';

describe('DPP-TrailMultiRegionValidatedWithCMK', () => {
  const stack = testStack();
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const good: cloudtrail.CfnTrailProps = {
    isLogging: true,
    isMultiRegionTrail: true,
    includeGlobalServiceEvents: true,
    enableLogFileValidation: true,
    kmsKeyId: key.keyArn,
    s3BucketName: 'trail-bucket',
  };
  const trail = (id: string, props: Partial<cloudtrail.CfnTrailProps> = {}) =>
    new cloudtrail.CfnTrail(stack, id, { ...good, ...props });
  const flags = (id: string, props: Partial<cloudtrail.CfnTrailProps> = {}) =>
    ruleFlags(TrailMultiRegionValidatedWithCMK, trail(id, props));

  test('passes a logging, multi-region, validated trail encrypted with a customer key', () => {
    expect(flags('Good')).toBe(false);
  });

  test('passes when global service events are left to their default (on)', () => {
    expect(flags('DefaultGlobal', { includeGlobalServiceEvents: undefined })).toBe(false);
  });

  test('passes an aws-cdk-lib Trail with a customer key (its defaults are multi-region and validated)', () => {
    const l2 = new cloudtrail.Trail(stack, 'L2', { encryptionKey: key });
    expect(ruleFlags(TrailMultiRegionValidatedWithCMK, l2)).toBe(false);
  });

  test('fails if the trail covers one region only', () => {
    expect(flags('OneRegion', { isMultiRegionTrail: false })).toBe(true);
  });

  test('fails if global service events (IAM, STS) are left out', () => {
    expect(flags('NoGlobal', { includeGlobalServiceEvents: false })).toBe(true);
  });

  test('fails if log file validation is off', () => {
    expect(flags('NoValidation', { enableLogFileValidation: undefined })).toBe(true);
  });

  test('fails if the trail is not encrypted with a key of the Developer', () => {
    expect(flags('NoKey', { kmsKeyId: undefined })).toBe(true);
    expect(flags('AwsManagedKey', { kmsKeyId: 'alias/aws/cloudtrail' })).toBe(true);
  });

  test('fails if the trail is stopped', () => {
    expect(flags('Stopped', { isLogging: false })).toBe(true);
  });

  test('fails if whether it is multi-region is not known at synth', () => {
    const unknown = trail('Unknown', {
      isMultiRegionTrail: Fn.importValue('MultiRegion') as never,
    });
    expect(ruleOutcome(TrailMultiRegionValidatedWithCMK, unknown)).toEqual(
      threw(/IsMultiRegionTrail of TestStack\/Unknown is \{"Fn::ImportValue":"MultiRegion"\}/),
    );
  });
});
