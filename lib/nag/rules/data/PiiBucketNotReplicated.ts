import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule, cfnProperty } from '../../rule';
import { isPiiBucket } from './pii-stores';

/**
 * DPP 2.1 and DUP 4.7: a replica is another copy of the PII, possibly in another
 * account or region, that the bucket's lifecycle and the deletion command do not
 * reach, so a PII bucket does not replicate.
 */
export const PiiBucketNotReplicated: DppRule = {
  name: 'PiiBucketNotReplicated',
  clauses: ['DPP 2.1', 'DUP 4.7'],
  finding:
    'The PII bucket replicates its objects to another bucket, a copy outside its retention and deletion controls. Remove the ReplicationConfiguration.',
  check(node: CfnResource) {
    if (!isPiiBucket(node)) return NagRuleCompliance.NOT_APPLICABLE;
    return cfnProperty(node, 'ReplicationConfiguration') === undefined
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
};
