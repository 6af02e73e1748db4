import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule, cfnProperty } from '../../rule';

/**
 * DPP 2.6: log groups are encrypted with a customer-managed KMS key, so that reading
 * them needs a grant on a key whose policy this baseline controls (access control
 * over the logs' whole lifecycle).
 */
export const LogGroupEncryptedWithCMK: DppRule = {
  name: 'LogGroupEncryptedWithCMK',
  clauses: ['DPP 2.6'],
  finding: 'The log group is not encrypted with a customer-managed KMS key (KmsKeyId is not set).',
  check(node: CfnResource) {
    if (node.cfnResourceType !== 'AWS::Logs::LogGroup') return NagRuleCompliance.NOT_APPLICABLE;
    // Any value (a literal ARN or a reference to a key) names a customer-managed key;
    // CloudWatch Logs accepts no AWS-managed key here.
    return cfnProperty(node, 'KmsKeyId')
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
};
