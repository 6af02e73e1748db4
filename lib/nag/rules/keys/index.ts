import { DppRule } from '../../rule';
import { KMSKeyPolicyNoUnconditionedWildcard } from './KMSKeyPolicyNoUnconditionedWildcard';
import { KMSKeyRotationEnabled } from './KMSKeyRotationEnabled';

/** DPP 2.4 / DUP 3.4 key management rules (one per file in this folder). */
export const KEYS_RULES: readonly DppRule[] = [
  KMSKeyRotationEnabled,
  KMSKeyPolicyNoUnconditionedWildcard,
];
