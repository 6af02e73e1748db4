import { configErrorMap, issueMessages } from './issues';
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
  if (!result.success) throw new ConfigError(issueMessages(result.error.issues));
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { $schema, ...config } = result.data;
  return { config, warnings: configWarnings(result.data) };
}
