/**
 * A small typed reader over untrusted JSON that collects every problem instead of
 * stopping at the first, so a platform engineer sees all errors of a config at once.
 */

/** Where a value sits in the config, e.g. `environments.prod.audit.logRetentionDays`. */
export type ConfigPath = string;

export class ConfigProblems {
  public readonly errors: string[] = [];
  public readonly warnings: string[] = [];

  public error(path: ConfigPath, message: string): void {
    this.errors.push(`${path}: ${message}`);
  }

  public warn(path: ConfigPath, message: string): void {
    this.warnings.push(`${path}: ${message}`);
  }
}

/** Renders a received value for an error message. */
export function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
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

function suggestion(key: string, allowed: readonly string[]): string {
  const close = allowed.find((name) => editDistance(name.toLowerCase(), key.toLowerCase()) <= 2);
  return close ? ` (did you mean '${close}'?)` : '';
}

/**
 * Reads an object whose fields are exactly `allowed` (or a subset): any other field is
 * an error, so a typo never silently falls back to a default.
 */
export function readObject(
  problems: ConfigProblems,
  path: ConfigPath,
  value: unknown,
  allowed: readonly string[],
): Record<string, unknown> | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.error(path, `expected an object, received ${shown(value)}`);
    return undefined;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) {
      problems.error(
        `${path}.${key}`,
        `unknown field${suggestion(key, allowed)}; allowed fields are ${allowed.join(', ')}`,
      );
    }
  }
  return record;
}

interface FieldOptions<T> {
  /** The value when the field is absent; without it the field is required. */
  readonly default?: T;
}

export function readString(
  problems: ConfigProblems,
  path: ConfigPath,
  value: unknown,
  options: FieldOptions<string> & { readonly pattern?: RegExp; readonly expected?: string } = {},
): string | undefined {
  if (value === undefined) {
    if (options.default !== undefined) return options.default;
    problems.error(path, `is required${options.expected ? ` (${options.expected})` : ''}`);
    return undefined;
  }
  if (typeof value !== 'string') {
    problems.error(path, `expected a string, received ${shown(value)}`);
    return undefined;
  }
  if (options.pattern && !options.pattern.test(value)) {
    problems.error(
      path,
      `${shown(value)} is not ${options.expected ?? `a match for ${options.pattern}`}`,
    );
    return undefined;
  }
  return value;
}

export function readBoolean(
  problems: ConfigProblems,
  path: ConfigPath,
  value: unknown,
  options: FieldOptions<boolean> = {},
): boolean | undefined {
  if (value === undefined) {
    if (options.default !== undefined) return options.default;
    problems.error(path, 'is required (true or false)');
    return undefined;
  }
  if (typeof value !== 'boolean') {
    problems.error(path, `expected true or false, received ${shown(value)}`);
    return undefined;
  }
  return value;
}

export function readEnum<T extends string>(
  problems: ConfigProblems,
  path: ConfigPath,
  value: unknown,
  allowed: readonly T[],
  options: FieldOptions<T> = {},
): T | undefined {
  if (value === undefined) {
    if (options.default !== undefined) return options.default;
    problems.error(path, `is required (one of ${allowed.join(', ')})`);
    return undefined;
  }
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    problems.error(
      path,
      `${shown(value)} is not one of ${allowed.map((a) => `'${a}'`).join(', ')}`,
    );
    return undefined;
  }
  return value as T;
}

/** A bound on a number, with the policy clause (or the baseline's reason) that sets it. */
export interface Bound {
  readonly value: number;
  /** e.g. `DPP 2.6 Logging and Monitoring`, or `the KMS API` for a service limit. */
  readonly source: string;
  /** Set when the baseline is stricter than the clause: `this baseline requires`. */
  readonly baseline?: boolean;
}

export function readInteger(
  problems: ConfigProblems,
  path: ConfigPath,
  value: unknown,
  options: FieldOptions<number> & {
    readonly min?: Bound;
    readonly max?: Bound;
    readonly unit?: string;
  } = {},
): number | undefined {
  // `30 days`, `1 year`: the unit is given in the plural.
  const unitOf = (n: number) =>
    options.unit ? ` ${Math.abs(n) === 1 ? options.unit.replace(/s$/, '') : options.unit}` : '';
  const unit = options.unit ? ` ${options.unit}` : '';
  if (value === undefined) {
    if (options.default !== undefined) return options.default;
    problems.error(path, `is required (a whole number${unit ? ` of${unit}` : ''})`);
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    problems.error(
      path,
      `expected a whole number${unit ? ` of${unit}` : ''}, received ${shown(value)}`,
    );
    return undefined;
  }
  const { min, max } = options;
  if (min && value < min.value) {
    const who = min.baseline ? 'this baseline requires for' : 'required by';
    problems.error(
      path,
      `${value}${unitOf(value)} is below the ${min.value}${unitOf(min.value)} ${who} ${min.source}`,
    );
    return undefined;
  }
  if (max && value > max.value) {
    const who = max.baseline ? 'this baseline allows for' : 'allowed by';
    problems.error(
      path,
      `${value}${unitOf(value)} is above the ${max.value}${unitOf(max.value)} ${who} ${max.source}`,
    );
    return undefined;
  }
  return value;
}

/** Reads an array, each item through `item`; a missing array takes `fallback`. */
export function readList<T>(
  problems: ConfigProblems,
  path: ConfigPath,
  value: unknown,
  fallback: readonly T[] | undefined,
  item: (itemPath: ConfigPath, itemValue: unknown) => T | undefined,
): T[] | undefined {
  if (value === undefined) {
    if (fallback !== undefined) return [...fallback];
    problems.error(path, 'is required (a list)');
    return undefined;
  }
  if (!Array.isArray(value)) {
    problems.error(path, `expected a list, received ${shown(value)}`);
    return undefined;
  }
  const items = value.map((v, i) => item(`${path}[${i}]`, v));
  return items.every((i) => i !== undefined) ? (items as T[]) : undefined;
}

/** A list of `{ <field>: value, reason }` entries: everything a reviewer must be able to justify. */
export function readJustifiedList(
  problems: ConfigProblems,
  path: ConfigPath,
  value: unknown,
  field: string,
  check: (itemPath: ConfigPath, item: string) => boolean,
): { value: string; reason: string }[] | undefined {
  return readList(problems, path, value, [], (itemPath, item) => {
    const entry = readObject(problems, itemPath, item, [field, 'reason']);
    if (!entry) return undefined;
    const text = readString(problems, `${itemPath}.${field}`, entry[field]);
    const reason = readString(problems, `${itemPath}.reason`, entry.reason, {
      pattern: /\S{2,}.*\S/,
      expected: 'a reason a reviewer can read',
    });
    if (text === undefined || reason === undefined || !check(`${itemPath}.${field}`, text))
      return undefined;
    return { value: text, reason };
  });
}
