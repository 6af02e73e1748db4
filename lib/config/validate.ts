import { configErrorMap, fieldPath, issueMessages } from './issues';
import { configSchema, configWarnings } from './schema';
import { BaselineConfig } from './types';

export class ConfigError extends Error {
  constructor(public readonly errors: readonly string[]) {
    super(
      `The baseline configuration has ${errors.length} error${errors.length === 1 ? '' : 's'}; no template was synthesized:\n` +
        errors.map((e) => `  - ${e}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

export interface ValidatedConfig {
  readonly config: BaselineConfig;
  /** Things that are allowed but not recommended, e.g. test and prod in one account. */
  readonly warnings: readonly string[];
}

/**
 * Validates a parsed config file as a whole against the schema (`schema.ts`) and
 * applies the secure defaults. Every problem is collected; if there is any, a
 * `ConfigError` lists them all, each naming the field, the value received and the
 * clause.
 */
export function validateConfig(raw: unknown): ValidatedConfig {
  const result = configSchema.safeParse(raw, { error: configErrorMap });
  const errors = result.success ? [] : issueMessages(result.error.issues);
  const named = (error: string) => errors.some((e) => e.startsWith(error.split(': ')[0]));
  errors.push(...prototypeKeys(raw).filter((error) => !named(error)));
  if (!result.success || errors.length > 0) throw new ConfigError(errors);
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { $schema, ...config } = result.data;
  return { config, warnings: configWarnings(result.data) };
}

const PROTO = '__proto__';

/**
 * An own `__proto__` key anywhere in the parsed file (JSON.parse makes it an own key).
 * Zod reports it in a fixed object as an unknown field but skips it in a record (the
 * tags) without a word, so a tag named so would be silently lost; no config may use it.
 */
function prototypeKeys(value: unknown, path: readonly (string | number)[] = []): string[] {
  if (typeof value !== 'object' || value === null) return [];
  const found = Object.prototype.hasOwnProperty.call(value, PROTO)
    ? [
        `${fieldPath([...path, PROTO])}: is not a key the config can hold (JavaScript reads it as an object's prototype)`,
      ]
    : [];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.keys(value).map((k) => [k, (value as Record<string, unknown>)[k]]);
  return [...found, ...entries.flatMap(([k, v]) => prototypeKeys(v, [...path, k]))];
}
