import { DppRule } from '../../rule';

/** DPP 1.1 / DUP 4.7 network perimeter rules (one per file in this folder). */
export const NETWORK_RULES: readonly DppRule[] = [];
