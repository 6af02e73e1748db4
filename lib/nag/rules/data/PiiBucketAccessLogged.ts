import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import {
  CfnObject,
  DppRule,
  cfnProperty,
  isTrue,
  objectList,
  objectValue,
  resolveLiteral,
} from '../../rule';
import { stackResourcesOfType } from '../../template';
import { isBucketArnWith, isPiiBucket, literalArn } from './pii-stores';

const S3_OBJECT = 'AWS::S3::Object';
/** A data resource or ARN prefix that selects every bucket: `arn:aws:s3` or `arn:aws:s3:::`. */
const EVERY_BUCKET = /^arn:[a-z-]+:s3(:::)?$/;

/** Whether a selector's ARN value takes in every object of `bucket`. */
function selectsBucket(value: unknown, bucket: CfnResource): boolean {
  return (
    EVERY_BUCKET.test(literalArn(value) ?? '') ||
    isBucketArnWith(value, bucket, '/') ||
    isBucketArnWith(value, bucket, '')
  );
}

function hasServerAccessLogging(bucket: CfnResource): boolean {
  const logging = objectValue(
    bucket,
    cfnProperty(bucket, 'LoggingConfiguration'),
    'LoggingConfiguration',
  );
  return logging?.DestinationBucketName !== undefined && logging.DestinationBucketName !== '';
}

/** A basic event selector logging reads and writes of the bucket's objects. */
function eventSelectorLogs(trail: CfnResource, selector: CfnObject, bucket: CfnResource): boolean {
  const readWrite = resolveLiteral(trail, selector.ReadWriteType, 'EventSelectors[].ReadWriteType');
  return (
    (readWrite === undefined || readWrite === 'All') &&
    objectList(trail, selector.DataResources, 'EventSelectors[].DataResources').some(
      (resource) =>
        resource.Type === S3_OBJECT &&
        Array.isArray(resource.Values) &&
        resource.Values.some((value) => selectsBucket(value, bucket)),
    )
  );
}

/**
 * An advanced event selector logging reads and writes of the bucket's objects: it
 * selects `AWS::S3::Object`, does not narrow to read-only or write-only events, and
 * either has no `resources.ARN` field or one that starts with or equals the bucket.
 */
function advancedSelectorLogs(
  trail: CfnResource,
  selector: CfnObject,
  bucket: CfnResource,
): boolean {
  const fields = objectList(
    trail,
    selector.FieldSelectors,
    'AdvancedEventSelectors[].FieldSelectors',
  );
  const field = (name: string) => fields.filter((f) => f.Field === name);
  const listed = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  const arnFieldSelectsBucket = (f: CfnObject): boolean =>
    Object.entries(f).every(
      ([operator, values]) =>
        values === undefined || ['Field', 'StartsWith', 'Equals'].includes(operator),
    ) &&
    [...listed(f.StartsWith), ...listed(f.Equals)].some((value) => selectsBucket(value, bucket));
  return (
    field('resources.type').some((f) => listed(f.Equals).includes(S3_OBJECT)) &&
    field('readOnly').length === 0 &&
    field('resources.ARN').every(arnFieldSelectsBucket)
  );
}

function trailLogsObjectsOf(trail: CfnResource, bucket: CfnResource): boolean {
  if (!isTrue(resolveLiteral(trail, cfnProperty(trail, 'IsLogging'), 'IsLogging'))) return false;
  const selectors = objectList(trail, cfnProperty(trail, 'EventSelectors'), 'EventSelectors');
  const advanced = objectList(
    trail,
    cfnProperty(trail, 'AdvancedEventSelectors'),
    'AdvancedEventSelectors',
  );
  return (
    selectors.some((selector) => eventSelectorLogs(trail, selector, bucket)) ||
    advanced.some((selector) => advancedSelectorLogs(trail, selector, bucket))
  );
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
        trailLogsObjectsOf(trail, node),
      );
    return logged ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
