/**
 * How the config schema's issues read: `<field path>: <message>`, naming the value
 * received and, where a bound applies, the clause. Fields built with `fields.ts` carry
 * their own messages; this error map words the rest the same way, so a section that
 * uses plain zod still reports like every other.
 */
import { z } from 'zod';
import { shown, shownKey } from './fields';

/** Where a value sits in the config, e.g. `environments.prod.network.deniedCidrs[0].cidr`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'config';
  return path
    .map((key, i) => {
      if (typeof key === 'number') return `[${key}]`;
      const name = shownKey(String(key));
      return name.startsWith('[') || i === 0 ? name : `.${name}`;
    })
    .join('');
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

/** A typo (two edits at most) or a name cut short or run on (`piiRetention`). */
function isClose(key: string, name: string): boolean {
  const [a, b] = [key.toLowerCase(), name.toLowerCase()];
  return (
    editDistance(a, b) <= 2 ||
    (Math.min(a.length, b.length) >= 4 && (a.startsWith(b) || b.startsWith(a)))
  );
}

function suggestion(key: string, allowed: readonly string[]): string {
  const close = allowed.find((name) => isClose(key, name));
  return close ? ` (did you mean '${close}'?)` : '';
}

/** Separates the messages of the unknown fields of one object (one issue in zod). */
const PER_KEY = '\n';

/** The message of each unknown field of an object whose fields are `allowed`. */
function unknownFields(keys: readonly string[], allowed: readonly string[]): string {
  return keys
    .map(
      (key) => `unknown field${suggestion(key, allowed)}; allowed fields are ${allowed.join(', ')}`,
    )
    .join(PER_KEY);
}

const ARTICLES: Readonly<Record<string, string>> = {
  object: 'an object',
  array: 'a list',
  boolean: 'true or false',
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
};

/** Words zod's own issues like the fields of `fields.ts`; passed to every parse of the config. */
export const configErrorMap: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case 'invalid_type':
      return iss.input === undefined
        ? 'is required'
        : `expected ${ARTICLES[iss.expected] ?? iss.expected}, received ${shown(iss.input)}`;
    case 'invalid_value':
      return `${shown(iss.input)} is not one of ${iss.values.map((v) => shown(v)).join(', ')}`;
    case 'unrecognized_keys': {
      const shape = (iss.inst as z.ZodObject | undefined)?._zod.def.shape ?? {};
      return unknownFields(iss.keys, Object.keys(shape));
    }
    default:
      return undefined;
  }
};

interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * The config's issues as `<field path>: <message>` lines: the first problem of each
 * field (the checks of a field run from the most basic), every field at once.
 */
export function issueMessages(issues: readonly z.core.$ZodIssue[]): string[] {
  const seen = new Set<string>();
  return issues
    .flatMap(problemsOf)
    .filter(({ field }) => !seen.has(field) && seen.add(field))
    .map(({ field, message }) => `${field}: ${message}`);
}

function problemsOf(issue: z.core.$ZodIssue): FieldProblem[] {
  switch (issue.code) {
    case 'unrecognized_keys': {
      const messages = issue.message.split(PER_KEY);
      return issue.keys.map((key, i) => ({
        field: fieldPath([...issue.path, key]),
        message: messages[i] ?? 'unknown field',
      }));
    }
    case 'invalid_key':
    case 'invalid_element':
      // A record's key: the key's own issues say what is wrong with it.
      return issue.issues.map((inner) => ({
        field: fieldPath(issue.path),
        message: inner.message,
      }));
    default:
      return [{ field: fieldPath(issue.path), message: issue.message }];
  }
}
