import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule, cfnProperty, isTrue, resolveLiteral } from '../../rule';

/** The longest rotation period accepted: key material is renewed at least yearly. */
export const MAX_KEY_ROTATION_DAYS = 365;

/**
 * Whether the key is a symmetric encryption key, the only kind KMS rotates
 * automatically (absent KeySpec and KeyUsage mean SYMMETRIC_DEFAULT / ENCRYPT_DECRYPT).
 */
function isSymmetricEncryptionKey(node: CfnResource): boolean {
  const keySpec = resolveLiteral(node, cfnProperty(node, 'KeySpec'), 'KeySpec');
  const keyUsage = resolveLiteral(node, cfnProperty(node, 'KeyUsage'), 'KeyUsage');
  return (
    (keySpec === undefined || keySpec === 'SYMMETRIC_DEFAULT') &&
    (keyUsage === undefined || keyUsage === 'ENCRYPT_DECRYPT')
  );
}

/**
 * DPP 2.4 and DUP 3.4: the symmetric keys that encrypt Information rotate their key
 * material automatically, at least once a year, so that one exposed key version does
 * not open everything ever encrypted. Asymmetric and HMAC keys are out of scope: KMS
 * cannot rotate them automatically. A key with imported material (Origin EXTERNAL)
 * cannot rotate automatically either; it is flagged on purpose, since only a manual
 * procedure, acknowledged with its reason, can meet DUP 3.4 for it.
 */
export const KMSKeyRotationEnabled: DppRule = {
  name: 'KMSKeyRotationEnabled',
  clauses: ['DPP 2.4', 'DUP 3.4'],
  finding: `The symmetric KMS key does not rotate its key material automatically at least every ${MAX_KEY_ROTATION_DAYS} days. Set EnableKeyRotation to true and leave RotationPeriodInDays unset (365) or at most ${MAX_KEY_ROTATION_DAYS}.`,
  check(node: CfnResource) {
    if (node.cfnResourceType !== 'AWS::KMS::Key') return NagRuleCompliance.NOT_APPLICABLE;
    if (!isSymmetricEncryptionKey(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const rotation = resolveLiteral(
      node,
      cfnProperty(node, 'EnableKeyRotation'),
      'EnableKeyRotation',
    );
    if (!isTrue(rotation)) return NagRuleCompliance.NON_COMPLIANT;
    const period = resolveLiteral(
      node,
      cfnProperty(node, 'RotationPeriodInDays'),
      'RotationPeriodInDays',
    );
    return period === undefined || Number(period) <= MAX_KEY_ROTATION_DAYS
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
};
