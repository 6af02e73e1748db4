import { DppRule } from '../../rule';

/** DPP 2.1-2.4 / DUP 4.5 data store rules (one per file in this folder). */
export const DATA_RULES: readonly DppRule[] = [];
