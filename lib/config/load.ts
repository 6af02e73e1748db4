import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, ValidatedConfig, validateConfig } from './validate';

/** The config file a platform engineer edits, relative to the project root. */
export const DEFAULT_CONFIG_FILE = 'config/baseline.json';

/**
 * Reads and validates a config file. A file that is missing or not JSON is reported
 * the same way as an invalid value: as a `ConfigError` naming the problem.
 */
export function loadConfig(file: string = DEFAULT_CONFIG_FILE): ValidatedConfig {
  const fullPath = path.resolve(file);
  let text: string;
  try {
    text = fs.readFileSync(fullPath, 'utf8');
  } catch (e) {
    throw new ConfigError([
      `${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    ]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError([`${file}: is not valid JSON (${(e as Error).message})`]);
  }
  return validateConfig(raw);
}
