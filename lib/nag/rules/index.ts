import { DppRule } from '../rule';
import { ACCESS_RULES } from './access';
import { CREDENTIALS_RULES } from './credentials';
import { AUDIT_RULES } from './audit';
import { DATA_RULES } from './data';
import { KEYS_RULES } from './keys';
import { LOGGING_RULES } from './logging';
import { NETWORK_RULES } from './network';
import { SECRETS_RULES } from './secrets';
import { TRANSIT_RULES } from './transit';

/**
 * The registry of DPP pack rules. Each capability adds its family's list here; a
 * family's rules live one per file in `lib/nag/rules/<family>/`.
 */
export const DPP_RULES: readonly DppRule[] = [
  ...SECRETS_RULES,
  ...LOGGING_RULES,
  ...NETWORK_RULES,
  ...TRANSIT_RULES,
  ...KEYS_RULES,
  ...DATA_RULES,
  ...ACCESS_RULES,
  ...CREDENTIALS_RULES,
  ...AUDIT_RULES,
];
