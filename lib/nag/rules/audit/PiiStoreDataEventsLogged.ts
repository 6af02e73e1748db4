import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule } from '../../rule';
import { stackResourcesOfType } from '../../template';
import { isArchiveBucket, isPiiBucket, isPiiTable } from '../data/pii-stores';
import { trailRecordsDataEventsOf } from '../data/trail-data-events';

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
      trailRecordsDataEventsOf(trail, node),
    )
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
};
