import { CfnResource } from 'aws-cdk-lib';
import { DATA_CLASSIFICATION_TAG, LEGAL_ARCHIVE_TAG } from '../../../../lib/policy/classification';
import { legalPeriodDays } from '../../../../lib/policy/bounds';
import {
  CfnObject,
  cfnProperty,
  isTrue,
  objectList,
  objectValue,
  resolveLiteral,
} from '../../rule';
import { refersTo, tagValue } from '../../template';

/**
 * Reading the PII stores (DPP 2.1-2.6) the way the `data` rules need: which buckets
 * and tables hold live PII, which buckets are legal archives, and the parts of their
 * configuration (lifecycle rules, nested specifications) that decide retention.
 */

const PII = 'pii';

/** A number of days the rule must know; `undefined` when absent. */
export function daysValue(node: CfnResource, value: unknown, what: string): number | undefined {
  const days = resolveLiteral(node, value, what);
  return days === undefined ? undefined : Number(days);
}

/** Whether `node` is an S3 bucket tagged as a legally required archive (DPP 2.1). */
export function isArchiveBucket(node: CfnResource): boolean {
  return (
    node.cfnResourceType === 'AWS::S3::Bucket' && tagValue(node, LEGAL_ARCHIVE_TAG) !== undefined
  );
}

/**
 * Whether `node` is an S3 bucket of live PII: classified `pii` and not a legal
 * archive, which DPP 2.1 lets outlive the 30 days under its own controls.
 */
export function isPiiBucket(node: CfnResource): boolean {
  return (
    node.cfnResourceType === 'AWS::S3::Bucket' &&
    tagValue(node, DATA_CLASSIFICATION_TAG) === PII &&
    !isArchiveBucket(node)
  );
}

/**
 * Whether `node` is a DynamoDB table classified `pii`. A global table has no tags of
 * its own: each replica carries them, and one replica tagged `pii` makes the whole
 * table PII, since every replica holds the same items.
 */
export function isPiiTable(node: CfnResource): boolean {
  if (node.cfnResourceType === 'AWS::DynamoDB::Table') {
    return tagValue(node, DATA_CLASSIFICATION_TAG) === PII;
  }
  if (node.cfnResourceType === 'AWS::DynamoDB::GlobalTable') {
    return globalTableReplicas(node).some((replica) =>
      objectList(node, replica.Tags, 'Replicas[].Tags').some(
        (tag) => tag.Key === DATA_CLASSIFICATION_TAG && tag.Value === PII,
      ),
    );
  }
  return false;
}

/** The `Replicas` of an `AWS::DynamoDB::GlobalTable`. */
export function globalTableReplicas(node: CfnResource): CfnObject[] {
  return objectList(node, cfnProperty(node, 'Replicas'), 'Replicas');
}

/** Lifecycle rule properties that make a rule apply to part of a bucket only. */
const NARROWING_PROPERTIES = ['Filter', 'ObjectSizeGreaterThan', 'ObjectSizeLessThan'];

function coversWholeBucket(node: CfnResource, rule: CfnObject): boolean {
  const prefix = resolveLiteral(node, rule.Prefix, 'LifecycleConfiguration.Rules[].Prefix');
  return (
    (prefix === undefined || prefix === '') &&
    objectList(node, rule.TagFilters, 'LifecycleConfiguration.Rules[].TagFilters').length === 0 &&
    NARROWING_PROPERTIES.every((property) => rule[property] === undefined)
  );
}

/**
 * The enabled lifecycle rules of a bucket that apply to every object. A rule limited
 * by prefix, tags or object size leaves the rest of the bucket unbounded, so only
 * these rules bound how long the bucket keeps data.
 */
export function wholeBucketLifecycleRules(bucket: CfnResource): CfnObject[] {
  const configuration = objectValue(
    bucket,
    cfnProperty(bucket, 'LifecycleConfiguration'),
    'LifecycleConfiguration',
  );
  return objectList(bucket, configuration?.Rules, 'LifecycleConfiguration.Rules')
    .filter(
      (rule) =>
        resolveLiteral(bucket, rule.Status, 'LifecycleConfiguration.Rules[].Status') === 'Enabled',
    )
    .filter((rule) => coversWholeBucket(bucket, rule));
}

/**
 * The smallest number of days that `pick` reads from `rules`, which is the one S3
 * applies when several rules set it; `undefined` when no rule sets it.
 */
export function smallestDays(
  node: CfnResource,
  rules: readonly CfnObject[],
  what: string,
  pick: (rule: CfnObject) => unknown,
): number | undefined {
  const days = rules
    .map((rule) => daysValue(node, pick(rule), what))
    .filter((d): d is number => d !== undefined);
  return days.length === 0 ? undefined : Math.min(...days);
}

/**
 * An ARN written as text, with `${AWS::Partition}` read as `aws`: the form CDK gives
 * `arn:aws:s3:::` (every bucket). `undefined` for anything that refers to a resource.
 */
export function literalArn(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: unknown } | null)?.['Fn::Join'];
  if (!Array.isArray(join) || join[0] !== '' || !Array.isArray(join[1])) return undefined;
  const parts = (join[1] as unknown[]).map((part) =>
    (part as { Ref?: unknown } | null)?.Ref === 'AWS::Partition' ? 'aws' : part,
  );
  return parts.every((part) => typeof part === 'string') ? parts.join('') : undefined;
}

/**
 * Whether a resolved ARN names all of `bucket` followed by exactly `suffix` (`/*` for
 * every object in a policy, `/` or nothing in a CloudTrail selector): a reference to
 * the bucket, or an `Fn::Join` of one whose trailing text is `suffix`. A longer suffix
 * (`/exports/*`) covers only part of the bucket.
 */
export function isBucketArnWith(value: unknown, bucket: CfnResource, suffix: string): boolean {
  if (value === null || typeof value !== 'object') return false;
  const join = (value as { 'Fn::Join'?: unknown })['Fn::Join'];
  if (join === undefined) return suffix === '' && refersTo(value, bucket);
  if (!Array.isArray(join) || join[0] !== '' || !Array.isArray(join[1])) return false;
  const parts: unknown[] = join[1];
  const trailingText = [...parts].reverse().findIndex((part) => typeof part !== 'string');
  const lastReference = trailingText < 0 ? -1 : parts.length - 1 - trailingText;
  return (
    lastReference >= 0 &&
    refersTo(parts.slice(0, lastReference + 1), bucket) &&
    parts.slice(lastReference + 1).join('') === suffix
  );
}

/** Days after which a current object expires (becomes a delete marker on a versioned bucket). */
export function expirationDays(
  bucket: CfnResource,
  rules: readonly CfnObject[],
): number | undefined {
  return smallestDays(bucket, rules, 'ExpirationInDays', (rule) => rule.ExpirationInDays);
}

/**
 * Days a noncurrent version lives. A rule that keeps a number of newer noncurrent
 * versions (`NewerNoncurrentVersions`) keeps those regardless of age, so it bounds nothing.
 */
export function noncurrentDays(
  bucket: CfnResource,
  rules: readonly CfnObject[],
): number | undefined {
  return smallestDays(bucket, rules, 'NoncurrentDays', (rule) => {
    const expiration = objectValue(
      bucket,
      rule.NoncurrentVersionExpiration,
      'NoncurrentVersionExpiration',
    );
    if (expiration === undefined) return rule.NoncurrentVersionExpirationInDays;
    return expiration.NewerNoncurrentVersions === undefined ? expiration.NoncurrentDays : undefined;
  });
}

function objectLockConfiguration(bucket: CfnResource): CfnObject | undefined {
  return objectValue(
    bucket,
    cfnProperty(bucket, 'ObjectLockConfiguration'),
    'ObjectLockConfiguration',
  );
}

function objectLockOn(bucket: CfnResource): boolean {
  const lock = objectLockConfiguration(bucket);
  return (
    isTrue(resolveLiteral(bucket, cfnProperty(bucket, 'ObjectLockEnabled'), 'ObjectLockEnabled')) &&
    resolveLiteral(bucket, lock?.ObjectLockEnabled, 'ObjectLockConfiguration.ObjectLockEnabled') ===
      'Enabled'
  );
}

const DEFAULT_RETENTION = 'ObjectLockConfiguration.Rule.DefaultRetention';

/**
 * The days Object Lock keeps each new object by default; `undefined` when the bucket
 * has no lock, or no default retention with both a mode and a period.
 */
export function defaultRetentionDays(bucket: CfnResource): number | undefined {
  if (!objectLockOn(bucket)) return undefined;
  const rule = objectValue(
    bucket,
    objectLockConfiguration(bucket)?.Rule,
    'ObjectLockConfiguration.Rule',
  );
  const retention = objectValue(bucket, rule?.DefaultRetention, DEFAULT_RETENTION);
  const mode = resolveLiteral(bucket, retention?.Mode, `${DEFAULT_RETENTION}.Mode`);
  const days = daysValue(bucket, retention?.Days, `${DEFAULT_RETENTION}.Days`);
  const years = daysValue(bucket, retention?.Years, `${DEFAULT_RETENTION}.Years`);
  if (mode === undefined) return undefined;
  return days ?? (years === undefined ? undefined : legalPeriodDays(years));
}
