import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import { GuardDutyEnabled } from '../../../../lib/nag/rules/audit/GuardDutyEnabled';
import { ruleFlags, testStack } from '../../../helpers';

describe('DPP-GuardDutyEnabled', () => {
  /** The detector is per account and region: each case is an environment (stack) of its own. */
  const environment = (id: string, detector?: guardduty.CfnDetectorProps) => {
    const stack = testStack(id);
    if (detector) new guardduty.CfnDetector(stack, 'Detector', detector);
    return new cloudtrail.CfnTrail(stack, 'Trail', { isLogging: true, s3BucketName: 'b' });
  };
  const flags = (id: string, detector?: guardduty.CfnDetectorProps) =>
    ruleFlags(GuardDutyEnabled, environment(id, detector));

  test('passes an environment with an enabled detector that protects S3', () => {
    expect(
      flags('Features', {
        enable: true,
        features: [{ name: 'S3_DATA_EVENTS', status: 'ENABLED' }],
      }),
    ).toBe(false);
  });

  test('passes S3 protection given as a data source (the older form)', () => {
    expect(flags('DataSources', { enable: true, dataSources: { s3Logs: { enable: true } } })).toBe(
      false,
    );
  });

  test('fails if the environment has no detector', () => {
    expect(flags('None')).toBe(true);
  });

  test('fails if the detector is disabled', () => {
    expect(
      flags('Disabled', {
        enable: false,
        features: [{ name: 'S3_DATA_EVENTS', status: 'ENABLED' }],
      }),
    ).toBe(true);
  });

  test('fails if S3 protection is off', () => {
    expect(flags('NoS3', { enable: true })).toBe(true);
    expect(
      flags('S3Disabled', {
        enable: true,
        features: [{ name: 'S3_DATA_EVENTS', status: 'DISABLED' }],
      }),
    ).toBe(true);
  });

  test('does not apply to a stack without a trail', () => {
    const stack = testStack('NoTrail');
    const detector = new guardduty.CfnDetector(stack, 'Detector', { enable: false });
    expect(ruleFlags(GuardDutyEnabled, detector)).toBe(false);
  });
});
