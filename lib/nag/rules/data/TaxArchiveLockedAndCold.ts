import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { CfnObject, DppRule, objectList, objectValue, resolveLiteral } from '../../rule';
import {
  daysValue,
  defaultRetentionDays,
  expirationDays,
  isArchiveBucket,
  noncurrentDays,
  wholeBucketLifecycleRules,
} from './pii-stores';

/** Storage classes whose objects must be restored before they can be read. */
const COLD_STORAGE_CLASSES = ['DEEP_ARCHIVE', 'GLACIER'];

/** Whether a lifecycle rule moves current objects to cold storage the day they arrive. */
function movesToColdOnArrival(bucket: CfnResource, rule: CfnObject): boolean {
  const legacy = objectValue(bucket, rule.Transition, 'LifecycleConfiguration.Rules[].Transition');
  const transitions = [
    ...(legacy === undefined ? [] : [legacy]),
    ...objectList(bucket, rule.Transitions, 'LifecycleConfiguration.Rules[].Transitions'),
  ];
  return transitions.some(
    (transition) =>
      daysValue(bucket, transition.TransitionInDays, 'TransitionInDays') === 0 &&
      COLD_STORAGE_CLASSES.includes(
        String(resolveLiteral(bucket, transition.StorageClass, 'Transitions[].StorageClass')),
      ),
  );
}

/**
 * DPP 2.1: archival copies of PII that law requires are kept "cold", not available
 * for immediate or interactive use, and only for the legal period. A legal archive
 * bucket has Object Lock with a default retention (the copy cannot be altered or
 * deleted early), moves every object to Glacier Flexible Retrieval or Deep Archive
 * on day 0 (reading one needs a restore), and expires objects, and then their
 * noncurrent versions, no earlier than the lock releases them, so the archive goes
 * when the legal period ends.
 */
export const TaxArchiveLockedAndCold: DppRule = {
  name: 'TaxArchiveLockedAndCold',
  clauses: ['DPP 2.1'],
  finding:
    'The legal archive bucket is not locked and cold. Enable Object Lock with a default retention (mode and period), move every object to DEEP_ARCHIVE or GLACIER on day 0, and expire objects (and their noncurrent versions) no earlier than the retention ends.',
  check(node: CfnResource) {
    if (!isArchiveBucket(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const retentionDays = defaultRetentionDays(node);
    const rules = wholeBucketLifecycleRules(node);
    const expiration = expirationDays(node, rules);
    const compliant =
      retentionDays !== undefined &&
      rules.some((rule) => movesToColdOnArrival(node, rule)) &&
      expiration !== undefined &&
      expiration >= retentionDays &&
      // Object Lock versions the bucket: an expired object stays as a noncurrent
      // version unless that expires too.
      noncurrentDays(node, rules) !== undefined;
    return compliant ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
