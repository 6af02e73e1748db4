import { DppRule } from '../../rule';

/** DPP 2.4 key management rules (one per file in this folder). */
export const KEYS_RULES: readonly DppRule[] = [];
