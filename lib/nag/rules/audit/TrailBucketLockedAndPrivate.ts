import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule, cfnProperty } from '../../rule';
import { refersTo, stackResourcesOfType } from '../../template';
import { defaultRetentionDays } from '../data/pii-stores';
import { blocksAllPublicAccess } from '../data/public-access';

/** DPP 2.6: logs are retained for at least 90 days. */
const MIN_LOCK_DAYS = 90;

/** Whether a trail of the stack delivers its log files to `bucket`. */
export function isTrailBucket(bucket: CfnResource): boolean {
  return (
    bucket.cfnResourceType === 'AWS::S3::Bucket' &&
    stackResourcesOfType(bucket, 'AWS::CloudTrail::Trail').some((trail) =>
      refersTo(cfnProperty(trail, 'S3BucketName'), bucket),
    )
  );
}

/**
 * DPP 2.6: "All logs must have access controls to prevent any unauthorized access and
 * tampering throughout their lifecycle", retained at least 90 days. The bucket a trail
 * delivers to blocks every form of public access, and has Object Lock with a default
 * retention (a mode and a period) of at least 90 days, so that no log file can be
 * deleted or overwritten before then.
 */
export const TrailBucketLockedAndPrivate: DppRule = {
  name: 'TrailBucketLockedAndPrivate',
  clauses: ['DPP 2.6'],
  finding:
    "The trail's bucket is not locked and private. Block all public access (the four PublicAccessBlockConfiguration settings) and enable Object Lock with a default retention of at least 90 days.",
  check(node: CfnResource) {
    if (!isTrailBucket(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const lockDays = defaultRetentionDays(node);
    const compliant =
      blocksAllPublicAccess(node) && lockDays !== undefined && lockDays >= MIN_LOCK_DAYS;
    return compliant ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
