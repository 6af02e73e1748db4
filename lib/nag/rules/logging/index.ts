import { DppRule } from '../../rule';
import { LogGroupEncryptedWithCMK } from './LogGroupEncryptedWithCMK';
import { LogGroupRetentionAtLeast90Days } from './LogGroupRetentionAtLeast90Days';

export const LOGGING_RULES: readonly DppRule[] = [
  LogGroupRetentionAtLeast90Days,
  LogGroupEncryptedWithCMK,
];
