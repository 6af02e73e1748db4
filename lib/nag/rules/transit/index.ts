import { DppRule } from '../../rule';

/** DPP 1.5 encryption-in-transit rules (one per file in this folder). */
export const TRANSIT_RULES: readonly DppRule[] = [];
