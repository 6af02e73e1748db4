import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule, cfnProperty, objectValue } from '../../rule';
import { stackResourcesOfType } from '../../template';
import { isPiiBucket } from './pii-stores';
import { trailRecordsDataEventsOf } from './trail-data-events';

function hasServerAccessLogging(bucket: CfnResource): boolean {
  const logging = objectValue(
    bucket,
    cfnProperty(bucket, 'LoggingConfiguration'),
    'LoggingConfiguration',
  );
  return logging?.DestinationBucketName !== undefined && logging.DestinationBucketName !== '';
}

/**
 * DPP 2.6: every channel to PII is logged, the storage-layer API included. Reads and
 * writes of a PII bucket's objects are recorded either by S3 server access logging
 * or by a CloudTrail trail in the same stack that logs the bucket's object-level
 * (data) events, reads and writes alike. A trail that logs other buckets only, or
 * only writes, does not count.
 */
export const PiiBucketAccessLogged: DppRule = {
  name: 'PiiBucketAccessLogged',
  clauses: ['DPP 2.6'],
  finding:
    "Access to the PII bucket's objects is not logged. Enable server access logging (LoggingConfiguration.DestinationBucketName) or add a CloudTrail trail that logs the bucket's S3 data events, reads and writes.",
  check(node: CfnResource) {
    if (!isPiiBucket(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const logged =
      hasServerAccessLogging(node) ||
      stackResourcesOfType(node, 'AWS::CloudTrail::Trail').some((trail) =>
        trailRecordsDataEventsOf(trail, node),
      );
    return logged ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
