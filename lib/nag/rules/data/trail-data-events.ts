import { CfnResource } from 'aws-cdk-lib';
import { CfnObject, cfnProperty, isTrue, objectList, resolveLiteral } from '../../rule';
import { refersTo } from '../../template';
import { isBucketArnWith, literalArn } from './pii-stores';

/**
 * Reading a CloudTrail trail's event selectors the way the rules that need store-level
 * logging do (DPP 2.6: logging on every channel to Information, storage-layer APIs
 * included): which buckets' objects and which tables' items a trail records.
 */

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

/**
 * Whether `trail` is logging and records the data events, reads and writes alike, of
 * `store` (a bucket's objects or a table's items), through a basic or an advanced event
 * selector.
 */
export function trailRecordsDataEventsOf(trail: CfnResource, store: CfnResource): boolean {
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
