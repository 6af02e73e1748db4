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
 * Renders a received value for an error message, as JSON but with the numbers JSON
 * cannot write (`1e309` parses to Infinity) as they are, not as `null`.
 */
export function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value, (_, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? `${NOT_FINITE}${v}` : v,
  ).replace(/"\\u0000not-finite:([^"]*)"/g, '$1');
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

/** `received 42`, or why a number JSON cannot carry (`1e309` parses to Infinity) was received. */
function received(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return `received ${shown(value)}: the number in the file is too large to represent`;
  }
  return `received ${shown(value)}`;
}

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
    const expected = options.expected ?? `a match for ${options.pattern}`;
    schema = schema.regex(options.pattern, {
      error: (iss) => `${shown(iss.input)} is not ${expected}`,
    });
  }
  return refined(schema, ...(options.problems ?? [])).meta({ description: options.description });
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
  let schema = z.number({ error: wrongType }).int({
    // Not whole, or beyond the integers a double holds exactly: a bound says which.
    error: (iss) =>
      iss.code === 'invalid_type' ? wrongType(iss) : boundProblem(Number(iss.input)),
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

/** A list of `item`. */
export function list<S extends z.ZodType>(
  item: S,
  options: FieldDoc & {
    readonly minItems?: number;
    readonly maxItems?: number;
    /** Why the list has these bounds: `the baseline needs 2 to 4 so that ...`. */
    readonly countProblem?: (count: number) => string;
    readonly problems?: readonly Problem<z.output<S>[]>[];
  },
) {
  let schema = z.array(item, { error: typeError('a list') });
  const onCount = {
    error: (iss: { input?: unknown }) =>
      options.countProblem?.((iss.input as unknown[]).length) ?? 'has the wrong number of items',
  };
  if (options.minItems !== undefined) schema = schema.min(options.minItems, onCount);
  if (options.maxItems !== undefined) schema = schema.max(options.maxItems, onCount);
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
  doc: FieldDoc,
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
