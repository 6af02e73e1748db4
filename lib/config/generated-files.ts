/**
 * The files generated from the config schema, formatted as the project formats them:
 * `npm run config:schema` writes them, and a test fails when the committed ones differ.
 * Only the script and the tests import this: it runs prettier, a dev dependency.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';
import { configurationMarkdown, JsonSchema } from './docs';
import { CONFIG_JSON_SCHEMA_FILE, configJsonSchema } from './json-schema';

/** Where the configuration reference is written, relative to the project root. */
export const CONFIGURATION_DOCS_FILE = 'docs/configuration.md';

/** The project root, where the generated files' paths start. */
export const PROJECT_ROOT = path.join(__dirname, '../..');

/**
 * Formats `text` as prettier formats `file` in this project. Prettier runs in its own
 * process: its API loads an ES module, which jest's CommonJS runtime cannot.
 */
function formatted(file: string, text: string): string {
  return execFileSync(
    process.execPath,
    [require.resolve('prettier/bin/prettier.cjs'), '--stdin-filepath', file],
    { cwd: PROJECT_ROOT, input: text, encoding: 'utf8' },
  );
}

/** Each generated file's path (from the project root) and its content. */
export function generatedConfigFiles(): Record<string, string> {
  const schema = configJsonSchema();
  return {
    [CONFIG_JSON_SCHEMA_FILE]: formatted(CONFIG_JSON_SCHEMA_FILE, JSON.stringify(schema)),
    [CONFIGURATION_DOCS_FILE]: formatted(
      CONFIGURATION_DOCS_FILE,
      configurationMarkdown(schema as JsonSchema),
    ),
  };
}
