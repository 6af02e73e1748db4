import { DppRule } from '../../rule';
import { KMSKeyGrantsOnlyForAWSResources } from './KMSKeyGrantsOnlyForAWSResources';
import { KMSKeyPolicyChangeRestricted } from './KMSKeyPolicyChangeRestricted';
import { KMSKeyPolicyNoUnconditionedWildcard } from './KMSKeyPolicyNoUnconditionedWildcard';
import { KMSKeyRotationEnabled } from './KMSKeyRotationEnabled';

/** DPP 2.4 / DUP 3.4 key management rules (one per file in this folder). */
export const KEYS_RULES: readonly DppRule[] = [
  KMSKeyRotationEnabled,
  KMSKeyPolicyNoUnconditionedWildcard,
  KMSKeyGrantsOnlyForAWSResources,
  KMSKeyPolicyChangeRestricted,
];
