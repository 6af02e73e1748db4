import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { CfnObject, DppRule, cfnProperty, isTrue, objectList, resolveLiteral } from '../../rule';
import { refersTo, stackResourcesOfType } from '../../template';
import {
  isArchiveBucket,
  isBucketArnWith,
  isPiiBucket,
  isPiiTable,
  literalArn,
} from '../data/pii-stores';

/** The data resource type of a store's record-level events. */
function dataResourceType(store: CfnResource): string {
  return store.cfnResourceType === 'AWS::S3::Bucket' ? 'AWS::S3::Object' : 'AWS::DynamoDB::Table';
}

/** An ARN every bucket's or every table's events start with: `arn:aws:s3:::`, `arn:aws:dynamodb`. */
function selectsEveryStore(value: unknown): boolean {
  return /^arn:[a-z-]+:(s3(:::)?|dynamodb)$/.test(literalArn(value) ?? '');
}

/** Whether an ARN value of a selector takes in the store's records. */
function selectsStore(value: unknown, store: CfnResource): boolean {
  if (selectsEveryStore(value)) return true;
  return store.cfnResourceType === 'AWS::S3::Bucket'
    ? isBucketArnWith(value, store, '/') || isBucketArnWith(value, store, '')
    : refersTo(value, store);
}

const listed = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** A basic event selector that records reads and writes of the store's records. */
function basicSelectorLogs(trail: CfnResource, selector: CfnObject, store: CfnResource): boolean {
  const readWrite = resolveLiteral(trail, selector.ReadWriteType, 'EventSelectors[].ReadWriteType');
  return (
    (readWrite === undefined || readWrite === 'All') &&
    objectList(trail, selector.DataResources, 'EventSelectors[].DataResources').some(
      (resource) =>
        resource.Type === dataResourceType(store) &&
        listed(resource.Values).some((value) => selectsStore(value, store)),
    )
  );
}

/**
 * An advanced event selector that records reads and writes of the store's records: data
 * events of the store's resource type, no narrowing to reads or writes or to some
 * event names, and no ARN condition other than one that starts with or equals the store.
 */
function advancedSelectorLogs(
  trail: CfnResource,
  selector: CfnObject,
  store: CfnResource,
): boolean {
  const fields = objectList(
    trail,
    selector.FieldSelectors,
    'AdvancedEventSelectors[].FieldSelectors',
  );
  const field = (name: string) => fields.filter((f) => f.Field === name);
  const onlyPositive = (f: CfnObject) =>
    Object.entries(f).every(
      ([operator, values]) =>
        values === undefined || ['Field', 'StartsWith', 'Equals'].includes(operator),
    );
  return (
    field('eventCategory').every((f) => listed(f.Equals).includes('Data')) &&
    field('resources.type').some((f) => listed(f.Equals).includes(dataResourceType(store))) &&
    field('readOnly').length === 0 &&
    field('eventName').length === 0 &&
    field('resources.ARN').every(
      (f) =>
        onlyPositive(f) &&
        [...listed(f.StartsWith), ...listed(f.Equals)].some((value) => selectsStore(value, store)),
    )
  );
}

function trailLogsRecordsOf(trail: CfnResource, store: CfnResource): boolean {
  if (!isTrue(resolveLiteral(trail, cfnProperty(trail, 'IsLogging'), 'IsLogging'))) return false;
  const basic = objectList(trail, cfnProperty(trail, 'EventSelectors'), 'EventSelectors');
  const advanced = objectList(
    trail,
    cfnProperty(trail, 'AdvancedEventSelectors'),
    'AdvancedEventSelectors',
  );
  return (
    basic.some((selector) => basicSelectorLogs(trail, selector, store)) ||
    advanced.some((selector) => advancedSelectorLogs(trail, selector, store))
  );
}

/**
 * DPP 2.6: logging on all channels that give access to Information, storage-layer APIs
 * included, with "access attempts" and "data changes". A trail in the same stack
 * records the data events (reads and writes, successful or not) of every PII store:
 * the objects of each PII bucket and legal archive, the items of each PII table.
 * DynamoDB has no other record of item access; for S3 these events are also what the
 * canary and retrieval alarms read.
 */
export const PiiStoreDataEventsLogged: DppRule = {
  name: 'PiiStoreDataEventsLogged',
  clauses: ['DPP 2.6'],
  finding:
    "No trail of the stack records the PII store's data events (reads and writes of its objects or items). Add a data event selector for the store to a logging trail.",
  check(node: CfnResource) {
    if (!isPiiBucket(node) && !isArchiveBucket(node) && !isPiiTable(node)) {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    return stackResourcesOfType(node, 'AWS::CloudTrail::Trail').some((trail) =>
      trailLogsRecordsOf(trail, node),
    )
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
};
