import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DPP_MAX_PII_RETENTION_DAYS } from '../../../../lib/policy/bounds';
import { CfnObject, DppRule, cfnProperty, isTrue, objectValue, resolveLiteral } from '../../rule';
import {
  defaultRetentionDays,
  expirationDays,
  isPiiBucket,
  noncurrentDays,
  smallestDays,
  wholeBucketLifecycleRules,
} from './pii-stores';

function abortUploadDays(bucket: CfnResource, rules: readonly CfnObject[]): number | undefined {
  return smallestDays(
    bucket,
    rules,
    'AbortIncompleteMultipartUpload.DaysAfterInitiation',
    (rule) =>
      objectValue(bucket, rule.AbortIncompleteMultipartUpload, 'AbortIncompleteMultipartUpload')
        ?.DaysAfterInitiation,
  );
}

function cleansExpiredDeleteMarkers(bucket: CfnResource, rules: readonly CfnObject[]): boolean {
  return rules.some((rule) =>
    isTrue(resolveLiteral(bucket, rule.ExpiredObjectDeleteMarker, 'ExpiredObjectDeleteMarker')),
  );
}

/** Whether the bucket has (or has had) versioning on, so it may hold noncurrent versions. */
function keepsVersions(bucket: CfnResource): boolean {
  const versioning = objectValue(
    bucket,
    cfnProperty(bucket, 'VersioningConfiguration'),
    'VersioningConfiguration',
  );
  const status = resolveLiteral(bucket, versioning?.Status, 'VersioningConfiguration.Status');
  return status === 'Enabled' || status === 'Suspended';
}

const withinRetention = (days: number | undefined): boolean =>
  days !== undefined && days <= DPP_MAX_PII_RETENTION_DAYS;

/**
 * An object expired on day N becomes a noncurrent version that lives NoncurrentDays
 * more, so the two together bound how long a versioned bucket keeps it.
 */
function versionsExpireWithinRetention(bucket: CfnResource, rules: readonly CfnObject[]): boolean {
  const expiration = expirationDays(bucket, rules);
  const noncurrent = noncurrentDays(bucket, rules);
  return (
    expiration !== undefined &&
    noncurrent !== undefined &&
    withinRetention(expiration + noncurrent) &&
    cleansExpiredDeleteMarkers(bucket, rules)
  );
}

/**
 * DPP 2.1: a PII bucket deletes everything it holds within the 30-day retention.
 * Versioning keeps an expired object as a noncurrent version, so on a versioned
 * bucket the current object's expiration plus the noncurrent version's lifetime is
 * what counts, and the delete markers left behind are cleaned up. Parts of an upload
 * that never completed are stored PII too, so they are aborted within the limit. An
 * Object Lock default retention longer than the limit would stop the expiry.
 * Only lifecycle rules that cover the whole bucket count: a rule for one prefix
 * bounds nothing else.
 */
export const PiiBucketExpiresWithinRetention: DppRule = {
  name: 'PiiBucketExpiresWithinRetention',
  clauses: ['DPP 2.1'],
  finding: `The PII bucket's whole-bucket lifecycle rules do not delete every object, noncurrent version and incomplete upload within ${DPP_MAX_PII_RETENTION_DAYS} days. Set ExpirationInDays plus NoncurrentDays to at most ${DPP_MAX_PII_RETENTION_DAYS} in total, expire delete markers (ExpiredObjectDeleteMarker) and abort incomplete multipart uploads within the limit; no Object Lock default retention may exceed it.`,
  check(node: CfnResource) {
    if (!isPiiBucket(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const rules = wholeBucketLifecycleRules(node);
    const lock = defaultRetentionDays(node);
    const compliant =
      (lock === undefined || withinRetention(lock)) &&
      withinRetention(abortUploadDays(node, rules)) &&
      (keepsVersions(node)
        ? versionsExpireWithinRetention(node, rules)
        : withinRetention(expirationDays(node, rules)));
    return compliant ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
