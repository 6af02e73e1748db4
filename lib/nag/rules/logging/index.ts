import { DppRule } from '../../rule';
import { FlowLogRoleTrustScopedToAccount } from './FlowLogRoleTrustScopedToAccount';
import { LambdaLogsToManagedLogGroup } from './LambdaLogsToManagedLogGroup';
import { LogGroupEncryptedWithCMK } from './LogGroupEncryptedWithCMK';
import { LogGroupRetentionAtLeast90Days } from './LogGroupRetentionAtLeast90Days';

export const LOGGING_RULES: readonly DppRule[] = [
  LogGroupRetentionAtLeast90Days,
  LogGroupEncryptedWithCMK,
  LambdaLogsToManagedLogGroup,
  FlowLogRoleTrustScopedToAccount,
];
