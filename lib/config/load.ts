import * as fs from 'fs';
import * as path from 'path';
import { ConfigTextError, parseConfigText } from './json-text';
import { ConfigError, ValidatedConfig, validateConfig } from './validate';

/** The config file a platform engineer edits, relative to the project root. */
export const DEFAULT_CONFIG_FILE = 'config/baseline.json';

/**
 * Reads and validates a config file. A file that is missing, not UTF-8, not JSON or
 * that gives a key twice is reported the same way as an invalid value: as a
 * `ConfigError` naming the problem.
 */
export function loadConfig(file: string = DEFAULT_CONFIG_FILE): ValidatedConfig {
  const fullPath = path.resolve(file);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(fullPath);
  } catch (e) {
    throw new ConfigError([
      `${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    ]);
  }
  return validateConfigText(bytes, file);
}

/**
 * Validates the text (or bytes) of a config file as `loadConfig` does; `file` names it
 * in the errors that concern the text as a whole.
 */
export function validateConfigText(text: Uint8Array | string, file: string): ValidatedConfig {
  let raw: unknown;
  try {
    raw = parseConfigText(text);
  } catch (e) {
    if (!(e instanceof ConfigTextError)) throw e;
    throw new ConfigError(e.problems.map((p) => `${p.field ?? file}: ${p.message}`));
  }
  return validateConfig(raw);
}
