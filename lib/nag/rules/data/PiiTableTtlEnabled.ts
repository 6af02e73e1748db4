import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule, cfnProperty, isTrue, objectValue, resolveLiteral } from '../../rule';
import { isPiiTable } from './pii-stores';

/**
 * DPP 2.1: a PII table deletes each item when its retention ends. DynamoDB's Time to
 * Live does that from an expiry attribute the writer sets on every item; without it
 * items stay until someone deletes them.
 */
export const PiiTableTtlEnabled: DppRule = {
  name: 'PiiTableTtlEnabled',
  clauses: ['DPP 2.1'],
  finding:
    "The PII table has no Time to Live, so its items are never deleted when their retention ends. Enable TimeToLiveSpecification on the attribute that holds each item's expiry.",
  check(node: CfnResource) {
    if (!isPiiTable(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const ttl = objectValue(
      node,
      cfnProperty(node, 'TimeToLiveSpecification'),
      'TimeToLiveSpecification',
    );
    const enabled = isTrue(resolveLiteral(node, ttl?.Enabled, 'TimeToLiveSpecification.Enabled'));
    const attributeSet = ttl?.AttributeName !== undefined && ttl.AttributeName !== '';
    return enabled && attributeSet ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
