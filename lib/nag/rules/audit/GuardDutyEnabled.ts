import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import {
  DppRule,
  cfnProperties,
  isTrue,
  objectList,
  objectValue,
  resolveLiteral,
} from '../../rule';
import { stackResourcesOfType } from '../../template';

/** Whether a detector analyses S3 data events (S3 protection), in either form CloudFormation takes. */
function protectsS3(detector: CfnResource): boolean {
  const p = cfnProperties(detector);
  const feature = objectList(detector, p.Features, 'Features').some(
    (f) =>
      resolveLiteral(detector, f.Name, 'Features[].Name') === 'S3_DATA_EVENTS' &&
      resolveLiteral(detector, f.Status, 'Features[].Status') === 'ENABLED',
  );
  const dataSources = objectValue(detector, p.DataSources, 'DataSources');
  const s3Logs = objectValue(detector, dataSources?.S3Logs, 'DataSources.S3Logs');
  return feature || isTrue(resolveLiteral(detector, s3Logs?.Enable, 'DataSources.S3Logs.Enable'));
}

function enabledWithS3Protection(detector: CfnResource): boolean {
  return (
    isTrue(resolveLiteral(detector, cfnProperties(detector).Enable, 'Enable')) &&
    protectsS3(detector)
  );
}

/**
 * DPP 2.6: monitor the logs and all system activity for suspicious actions. Every
 * environment runs GuardDuty, with S3 protection over the PII buckets' data events.
 *
 * GuardDuty has one detector per account and region, so the rule cannot look for it
 * in every stack: it checks each environment's audit trail (one per environment) and
 * requires an enabled detector with S3 protection in the same stack. An environment
 * that shares its account with another environment that owns the detector says so by
 * acknowledging this rule, with the owning stack named in the reason (the audit
 * construct's `accountServices: { ownership: 'another-stack' }` does that).
 */
export const GuardDutyEnabled: DppRule = {
  name: 'GuardDutyEnabled',
  clauses: ['DPP 2.6'],
  finding:
    'The environment of this trail has no enabled GuardDuty detector with S3 protection. Enable one in this stack, or, where another stack of the same account and region owns it, acknowledge this rule naming that stack.',
  check(node: CfnResource) {
    if (node.cfnResourceType !== 'AWS::CloudTrail::Trail') return NagRuleCompliance.NOT_APPLICABLE;
    return stackResourcesOfType(node, 'AWS::GuardDuty::Detector').some(enabledWithS3Protection)
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
};
