import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule, cfnProperties, isTrue, resolveLiteral } from '../../rule';

/** AWS-managed keys are addressed by reserved aliases (alias/aws/...); a trail needs its own key. */
const AWS_MANAGED_ALIAS = /alias\/aws\//i;

/** Every literal string inside a resolved value, an intrinsic's arguments included. */
function literalStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(literalStrings);
}

/**
 * DPP 2.6: security events are logged on all channels, and the logs are protected
 * against unauthorized access and tampering throughout their lifecycle. A trail does
 * that when it is logging, records every region (an attacker's favourite is the region
 * nobody watches) and the global services (IAM, STS, CloudFront), signs hourly digests
 * of its log files (log file validation: any change or deletion is detectable), and
 * encrypts them with a customer-managed key, so reading them needs a grant on a key
 * whose policy the Developer controls. `IncludeGlobalServiceEvents` defaults to true,
 * as CloudTrail applies it; the others must be set.
 */
export const TrailMultiRegionValidatedWithCMK: DppRule = {
  name: 'TrailMultiRegionValidatedWithCMK',
  clauses: ['DPP 2.6'],
  finding:
    'The trail does not log every region and global service with log file validation, encrypted with a customer-managed KMS key. Set IsLogging, IsMultiRegionTrail and EnableLogFileValidation to true, leave IncludeGlobalServiceEvents true, and set KMSKeyId to a key of yours.',
  check(node: CfnResource) {
    if (node.cfnResourceType !== 'AWS::CloudTrail::Trail') return NagRuleCompliance.NOT_APPLICABLE;
    const p = cfnProperties(node);
    const flag = (name: string) => resolveLiteral(node, p[name], name);
    const globalEvents = flag('IncludeGlobalServiceEvents');
    const keyId = p.KMSKeyId;
    const compliant =
      isTrue(flag('IsLogging')) &&
      isTrue(flag('IsMultiRegionTrail')) &&
      (globalEvents === undefined || isTrue(globalEvents)) &&
      isTrue(flag('EnableLogFileValidation')) &&
      keyId !== undefined &&
      keyId !== '' &&
      !literalStrings(keyId).some((part) => AWS_MANAGED_ALIAS.test(part));
    return compliant ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
