/**
 * Builders for the fields of the config schema. Each one gives a zod schema whose
 * errors read like the rest of the baseline's (`<value> is below the 90 days required
 * by DPP 2.6 ...`), whose description, default and bounds reach the JSON Schema and
 * `docs/configuration.md`. A field may raise several issues (a number below its
 * minimum is also not a CloudWatch retention); `issues.ts` reports the first of each
 * field, so the most basic problem is the one named. (Zod's `abort` would say the same
 * but also stops every cross-field check of the objects above.)
 */
import { z } from 'zod';

/** A problem with a value as the rest of a sentence, or `undefined` when there is none. */
export type Problem<T> = (value: T) => string | undefined;

/** What every field says about itself in the JSON Schema and the docs. */
export interface FieldDoc {
  /** What the field does and the clause that bounds it, in a sentence or two. */
  readonly description: string;
}

const NOT_FINITE = '\u0000not-finite:';

/**
 * Characters that reorder how the text around them is displayed (Unicode bidirectional
 * controls): in a config value or an error message they could make a reviewer read
 * something other than what is there.
 */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `U+202E`: how an unwanted character is named in messages. */
const codePoint = (char: string) =>
  `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** JSON text with the bidirectional controls escaped too, so a message displays as it is. */
function escapedJson(value: unknown): string {
  const json = JSON.stringify(value, (_, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? `${NOT_FINITE}${v}` : v,
  ).replace(/"\\u0000not-finite:([^"]*)"/g, '$1');
  return json.replace(BIDI_CONTROLS, (c) => `\\u${codePoint(c).slice(2).toLowerCase()}`);
}

/**
 * Renders a received value for an error message, as JSON but with the numbers JSON
 * cannot write (`1e309` parses to Infinity) as they are, not as `null`. Control
 * characters, lone surrogates and bidirectional controls are shown escaped.
 */
export function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = escapedJson(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

/**
 * A config key as it reads in a field path: as it is when it reads unambiguously, else
 * quoted (`tags["Cost Center"]`), so that no key (with a dot, a space, an invisible or
 * bidirectional character) can disguise the path it belongs to.
 */
export function shownKey(key: string): string {
  return /^[^\s.[\]"\\\p{C}]+$/u.test(key) ? key : `[${escapedJson(key)}]`;
}

/** `received 42`, or why a number that is not finite was received. */
function received(value: unknown): string {
  if (typeof value === 'number' && Number.isNaN(value)) {
    return 'received NaN, which is not a number';
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    // From a file: JSON has no Infinity, but a number such as 1e309 parses to it.
    return `received ${shown(value)}, which is not a finite number (in a file: a number too large to represent, such as 1e309)`;
  }
  return `received ${shown(value)}`;
}

/**
 * Characters no config text may hold: control characters (NUL among them), lone UTF-16
 * surrogates (not text at all: they cannot be written as UTF-8 into a template) and
 * bidirectional controls. A pattern refuses them too; this covers the free-text fields.
 */
const UNWANTED = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\p{Cs}/u;

const unwantedCharacter: Problem<string> = (value) => {
  // A well-formed string has no \p{Cs}: the `u` flag reads a valid pair as one character.
  const found = UNWANTED.exec(value)?.[0];
  if (found === undefined) return undefined;
  const what = /\p{Cs}/u.test(found)
    ? 'a lone surrogate, which is not a character and cannot be written as UTF-8'
    : /\p{Cc}/u.test(found)
      ? 'a control character'
      : 'a bidirectional text control, which makes text display other than it is';
  return `${shown(value)} contains ${codePoint(found)}, ${what}; remove it`;
};

/** The error of a value of the wrong type, or of a missing required one. */
function typeError(expected: string): z.core.$ZodErrorMap {
  return (iss) =>
    iss.input === undefined
      ? `is required (${expected})`
      : `expected ${expected}, ${received(iss.input)}`;
}

/**
 * Adds `problems` to a schema: the first that applies is reported, as one issue. They
 * run only on a value that passed the schema's own checks (its pattern, its bounds), so
 * each problem may rely on them.
 */
export function refined<S extends z.ZodType>(schema: S, ...problems: Problem<z.output<S>>[]): S {
  if (problems.length === 0) return schema;
  return schema.superRefine(
    (value, ctx) => {
      for (const problem of problems) {
        const message = problem(value);
        if (message !== undefined) {
          ctx.addIssue({ code: 'custom', message, input: value });
          return;
        }
      }
    },
    { when: (payload) => payload.issues.length === 0 },
  ) as S;
}

interface TextOptions extends FieldDoc {
  /** The shape the value must have; `expected` names it in errors. */
  readonly pattern?: RegExp;
  /** What a valid value is, e.g. `a 12-digit AWS account id`. */
  readonly expected?: string;
  readonly problems?: readonly Problem<string>[];
}

/** A string, matching `pattern` if given, then free of `problems`. */
export function text(options: TextOptions) {
  let schema = z.string({
    error: (iss) =>
      iss.input === undefined
        ? `is required${options.expected ? ` (${options.expected})` : ''}`
        : `expected a string, ${received(iss.input)}`,
  });
  if (options.pattern) {
    // The JSON Schema carries the pattern's source without its flags: a flag would make
    // the editor's check and the synth's differ.
    if (options.pattern.flags !== '') {
      throw new Error(`pattern ${options.pattern} has flags; spell them out in the pattern`);
    }
    const expected = options.expected ?? `a match for ${options.pattern}`;
    schema = schema.regex(options.pattern, {
      error: (iss) => `${shown(iss.input)} is not ${expected}`,
    });
  }
  return refined(schema, unwantedCharacter, ...(options.problems ?? [])).meta({
    description: options.description,
  });
}

/** `true` or `false`. */
export function flag(options: FieldDoc & { readonly problems?: readonly Problem<boolean>[] }) {
  const schema = z.boolean({ error: typeError('true or false') });
  return refined(schema, ...(options.problems ?? [])).meta({ description: options.description });
}

/** One of `values`. */
export function choice<const T extends readonly [string, ...string[]]>(
  values: T,
  options: FieldDoc & { readonly problems?: readonly Problem<T[number]>[] },
) {
  const schema = z.enum(values, {
    error: (iss) =>
      iss.input === undefined
        ? `is required (one of ${values.join(', ')})`
        : `${shown(iss.input)} is not one of ${values.map((v) => `'${v}'`).join(', ')}`,
  });
  return refined(schema, ...(options.problems ?? [])).meta({ description: options.description });
}

/** A bound on a number, with the policy clause (or the service) that sets it. */
export interface Bound {
  readonly value: number;
  /** e.g. `DPP 2.6 Logging and Monitoring`, or `the KMS API` for a service limit. */
  readonly source: string;
  /** Set when the baseline is stricter than the clause: `this baseline requires`. */
  readonly baseline?: boolean;
}

interface WholeNumberOptions extends FieldDoc {
  /** In the plural: `days`, `years`. */
  readonly unit: string;
  readonly min?: Bound;
  readonly max?: Bound;
  /** Values a service accepts, e.g. the retentions of CloudWatch Logs. */
  readonly oneOf?: { readonly values: readonly number[]; readonly acceptedBy: string };
}

/** A whole number of `unit`, within its bounds. */
export function wholeNumber(options: WholeNumberOptions) {
  const { unit, min, max, oneOf } = options;
  const accepted = oneOf?.values.filter((v) => v >= (min?.value ?? -Infinity)) ?? [];
  // `30 days`, `1 year`: the unit is given in the plural.
  const counted = (n: number) => `${n} ${Math.abs(n) === 1 ? unit.replace(/s$/, '') : unit}`;
  const boundProblem = (value: number): string => {
    if (min && value < min.value) {
      const who = min.baseline ? 'this baseline requires for' : 'required by';
      return `${counted(value)} is below the ${counted(min.value)} ${who} ${min.source}`;
    }
    if (max && value > max.value) {
      const who = max.baseline ? 'this baseline allows for' : 'allowed by';
      return `${counted(value)} is above the ${counted(max.value)} ${who} ${max.source}`;
    }
    if (oneOf) return `${value} is not ${oneOf.acceptedBy} (${accepted.join(', ')})`;
    return `${value} is beyond the whole numbers the config can hold exactly`;
  };
  const wrongType = typeError(`a whole number of ${unit}`);
  const notWhole = (value: number) =>
    Number.isInteger(value) ? boundProblem(value) : `${value} is not a whole number of ${unit}`;
  let schema = z.number({ error: wrongType }).int({
    // Not whole, or beyond the integers a double holds exactly: a bound says which.
    error: (iss) =>
      typeof iss.input === 'number' && Number.isFinite(iss.input)
        ? notWhole(iss.input)
        : wrongType(iss),
  });
  const onBound = { error: (iss: { input?: unknown }) => boundProblem(Number(iss.input)) };
  if (min) schema = schema.min(min.value, onBound);
  if (max) schema = schema.max(max.value, onBound);
  const described = refined(schema, (value) =>
    oneOf && !oneOf.values.includes(value) ? boundProblem(value) : undefined,
  );
  return described.meta({
    description: options.description,
    ...(oneOf && { enum: accepted }),
  });
}

/** The bounds of a list's length and why they are there. */
export interface ListBounds {
  readonly minItems?: number;
  /**
   * Every list is bounded, by the service limit its entries count against (a policy's
   * size, a quota) or by the baseline: a config can never make synth build thousands
   * of resources or a template that cannot deploy.
   */
  readonly maxItems: number;
  /** Why the list has these bounds: `the baseline needs 2 to 4 so that ...`. */
  readonly countProblem: (count: number) => string;
}

/** The count problem of a list above its `max`: `120 hosts given; at most 100 (why)`. */
export function tooMany(count: number, noun: string, max: number, why: string): string {
  return `${count} ${noun} given; at most ${max}: ${why}`;
}

/** A list of `item`, within its bounds. */
export function list<S extends z.ZodType>(
  item: S,
  options: FieldDoc &
    ListBounds & {
      readonly problems?: readonly Problem<z.output<S>[]>[];
    },
) {
  let schema = z.array(item, { error: typeError('a list') });
  const onCount = {
    error: (iss: { input?: unknown }) => options.countProblem((iss.input as unknown[]).length),
  };
  if (options.minItems !== undefined) schema = schema.min(options.minItems, onCount);
  schema = schema.max(options.maxItems, onCount);
  return refined(schema, ...(options.problems ?? [])).meta({ description: options.description });
}

/**
 * An object whose fields are exactly `shape` (or a subset): any other field is an error
 * (see `issues.ts`), so a typo never silently falls back to a default.
 */
export function fields<Shape extends z.core.$ZodLooseShape>(
  shape: Shape,
  doc: FieldDoc & {
    /** Why the object cannot be left out, after `is required`: `: DPP 2.5 requires ...`. */
    readonly whenMissing?: string;
  },
) {
  return z
    .strictObject(shape, {
      error: (iss) => {
        if (iss.code !== 'invalid_type') return undefined; // unknown fields: see issues.ts
        return iss.input === undefined
          ? `is required${doc.whenMissing ?? ' (an object)'}`
          : `expected an object, ${received(iss.input)}`;
      },
    })
    .meta({ description: doc.description });
}

/** A reason a reviewer can read: at least two words' worth of text. */
export const reason = text({
  pattern: /\S{2,}.*\S/,
  expected: 'a reason a reviewer can read',
  description: 'Why the entry is there, for the reviewer.',
});

/**
 * A list of `{ <field>: value, reason }` entries: everything a reviewer must be able to
 * justify, in the shape of `Justified<field>` (lib/policy/justified.ts).
 */
export function justifiedList<K extends string>(
  field: K,
  value: z.ZodType<string, string>,
  doc: FieldDoc & Omit<ListBounds, 'minItems'>,
) {
  const entry = z.strictObject({ [field]: value, reason } as Record<
    K,
    z.ZodType<string, string>
  > & {
    reason: typeof reason;
  });
  return list(entry, doc).default([]);
}

/**
 * A check across fields of an object, such as one bound that depends on another field.
 * It runs when the fields it reads have parsed without issue, so every other problem
 * of the object is still reported; `report` adds an issue at a path inside the object.
 */
export function acrossFields<T>(
  reads: readonly ((keyof T & string) | readonly PropertyKey[])[],
  check: (value: T, report: (path: readonly PropertyKey[], message: string) => void) => void,
): z.core.$ZodCheck<T> {
  const paths = reads.map((read) => (typeof read === 'string' ? [read] : read));
  // An issue at a read field, inside it, or at an object that holds it: the value is unusable.
  const spoils = (issue: z.core.$ZodRawIssue) =>
    issue.code !== 'unrecognized_keys' &&
    paths.some((path) => {
      const common = Math.min(path.length, issue.path?.length ?? 0);
      return path.slice(0, common).every((key, i) => key === issue.path?.[i]);
    });
  return z.superRefine<T>(
    (value, ctx) =>
      check(value, (path, message) => ctx.addIssue({ code: 'custom', path: [...path], message })),
    { when: (payload) => !payload.issues.some(spoils) },
  );
}
