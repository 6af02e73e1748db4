import { DppRule } from '../../rule';
import { NoHardcodedCredentials } from './NoHardcodedCredentials';

export const SECRETS_RULES: readonly DppRule[] = [NoHardcodedCredentials];
