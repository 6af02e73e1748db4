import { z } from 'zod';
import { configSchema } from './schema';

/** Where the JSON Schema is written, relative to the project root; config files point `$schema` at it. */
export const CONFIG_JSON_SCHEMA_FILE = 'config/baseline.schema.json';

/**
 * The JSON Schema of the config file, for editors (completion, hover, errors as you
 * type) and the docs: the schema's fields with their descriptions, defaults and bounds.
 * Cross-field rules (a zone in its region, backups within retention) are the
 * validator's alone. Draft-07, which editors and ajv read without options.
 */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(configSchema, {
    io: 'input',
    target: 'draft-07',
    unrepresentable: 'throw',
    override: ({ jsonSchema }) => {
      // Zod bounds every integer by the safe range; the config's own bounds are what matter.
      if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
      if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
    },
  }) as Record<string, unknown>;
}
