import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import {
  DATA_CLASSIFICATIONS,
  DATA_CLASSIFICATION_TAG,
  DATA_STORE_TYPES,
} from '../../../../lib/policy/classification';
import { DppRule } from '../../rule';
import { tagValue } from '../../template';

/**
 * DUP 4.5: every data store is classified, because the other data rules (PII
 * retention, customer-managed keys) key off the DataClassification tag and skip a
 * store without it. The value must be one of the known classes exactly: 'PII' or
 * 'secret' would silently match none of those rules.
 */
export const DataStoreClassified: DppRule = {
  name: 'DataStoreClassified',
  clauses: ['DUP 4.5'],
  finding: `The data store has no ${DATA_CLASSIFICATION_TAG} tag, or its value is not exactly one of ${DATA_CLASSIFICATIONS.join(', ')}. Tag it with classify() from constructs/data/classification.`,
  check(node: CfnResource) {
    if (!DATA_STORE_TYPES.includes(node.cfnResourceType)) return NagRuleCompliance.NOT_APPLICABLE;
    const classification = tagValue(node, DATA_CLASSIFICATION_TAG);
    return (DATA_CLASSIFICATIONS as readonly (string | undefined)[]).includes(classification)
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
};
