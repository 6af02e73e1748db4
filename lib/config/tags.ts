import { z } from 'zod';
import {
  AWS_TAG_LIMITS,
  BASELINE_TAG_ALLOWANCE,
  MAX_CONFIG_TAGS,
  RESERVED_TAG_KEYS,
  RESERVED_TAG_PREFIXES,
} from '../policy/tags';
import { Problem, refined, shown, text } from './fields';

const CHARACTERS = 'letters, digits, spaces and _ . : / = + - @';
const ONLY_ALLOWED = AWS_TAG_LIMITS.onlyAllowedCharacters;
const RESERVED_PREFIX = RESERVED_TAG_PREFIXES.map((p) => p.prefix).join('|');

/** Characters as AWS counts them: code points, not UTF-16 units. */
const length = (text: string) => [...text].length;

const keyProblems: Problem<string>[] = [
  (key) =>
    length(key) >= 1 && length(key) <= AWS_TAG_LIMITS.keyLength && ONLY_ALLOWED.test(key)
      ? undefined
      : `is not a valid tag key (1-${AWS_TAG_LIMITS.keyLength} ${CHARACTERS})`,
  (key) => {
    const reserved = RESERVED_TAG_PREFIXES.find((p) => key.toLowerCase().startsWith(p.prefix));
    return (
      reserved && `is not a valid tag key: the prefix ${reserved.prefix} is ${reserved.reason}`
    );
  },
  (key) => {
    const reserved = RESERVED_TAG_KEYS.find((k) => k.key.toLowerCase() === key.toLowerCase());
    if (!reserved) return undefined;
    const as = reserved.key === key ? '' : ` (as ${reserved.key}: tag keys differ only in case)`;
    return `is a tag the baseline sets itself${as}: ${reserved.reason}; remove it here`;
  },
];

const valueProblems: Problem<string>[] = [
  (value) =>
    length(value) > AWS_TAG_LIMITS.valueLength
      ? `a value of ${length(value)} characters is above the ${AWS_TAG_LIMITS.valueLength} AWS allows for a tag`
      : undefined,
  (value) =>
    ONLY_ALLOWED.test(value)
      ? undefined
      : `${shown(value)} has characters AWS does not accept in a tag value (${CHARACTERS})`,
];

const reservedKeys = RESERVED_TAG_KEYS.map((k) => k.key);

/** Extra tags on every resource of an environment, within AWS's limits and beside the baseline's own. */
export function tagsField() {
  const key = refined(z.string(), ...keyProblems).meta({
    // For editors: what the checks above enforce, as far as JSON Schema can say it.
    pattern: `^(?!${RESERVED_PREFIX})${AWS_TAG_LIMITS.character}{1,${AWS_TAG_LIMITS.keyLength}}$`,
    not: { enum: reservedKeys },
  });
  const value = text({ description: 'The tag value.', problems: valueProblems }).meta({
    pattern: `^${AWS_TAG_LIMITS.character}{0,${AWS_TAG_LIMITS.valueLength}}$`,
  });
  const record = z.record(key, value, {
    error: (iss) =>
      iss.input === undefined ? 'is required' : `expected an object, received ${shown(iss.input)}`,
  });
  const counted = refined(record, (tags) => {
    const count = Object.keys(tags).length;
    return count > MAX_CONFIG_TAGS
      ? `${count} tags given; AWS allows ${AWS_TAG_LIMITS.perResource} on a resource and keeps ${BASELINE_TAG_ALLOWANCE} for the baseline's own (${reservedKeys.join(', ')}, aws-cdk-lib's), so at most ${MAX_CONFIG_TAGS}`
      : undefined;
  });
  return counted
    .meta({
      description: `Extra tags on every resource of the environment: at most ${MAX_CONFIG_TAGS}, keys of 1-${AWS_TAG_LIMITS.keyLength} and values of at most ${AWS_TAG_LIMITS.valueLength} ${CHARACTERS}. The baseline sets ${reservedKeys.join(', ')} itself; those keys, in any case, and the prefixes ${RESERVED_TAG_PREFIXES.map((p) => p.prefix).join(', ')} are refused.`,
      maxProperties: MAX_CONFIG_TAGS,
    })
    .default({});
}
