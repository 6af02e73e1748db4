import { DppRule } from '../../rule';
import { SecretEncryptedWithCMK } from './SecretEncryptedWithCMK';
import { SecretReadableOnlyThroughVpcEndpoint } from './SecretReadableOnlyThroughVpcEndpoint';
import { SecretReadersRestricted } from './SecretReadersRestricted';
import { SecretRotationAtMost90Days } from './SecretRotationAtMost90Days';
import { SpApiNotificationQueueEncryptedWithCMK } from './SpApiNotificationQueueEncryptedWithCMK';
import { SpApiNotificationQueuePolicyMinimal } from './SpApiNotificationQueuePolicyMinimal';

export const CREDENTIALS_RULES: readonly DppRule[] = [
  SecretEncryptedWithCMK,
  SecretRotationAtMost90Days,
  SecretReadableOnlyThroughVpcEndpoint,
  SecretReadersRestricted,
  SpApiNotificationQueueEncryptedWithCMK,
  SpApiNotificationQueuePolicyMinimal,
];
