/**
 * What the commands' entry points share when a person runs them: where a relative path
 * given on the command line points, how a record (evidence, a report) is written, and
 * who is running the command.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** `npm run` starts in the package folder; a relative path means where the user was. */
export function fromWhereTheUserWas(file: string): string {
  return path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
}

/**
 * Writes a record into `dir` (created private if missing) under `fileName`, readable by
 * its owner only, and never over an existing record. Returns the file written.
 */
export function writeRecord(dir: string, fileName: string, text: string): string {
  const folder = fromWhereTheUserWas(dir);
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  const file = path.join(folder, fileName);
  fs.writeFileSync(file, text, { flag: 'wx', mode: 0o600 });
  return file;
}

/** The operator a record names when the command line does not. */
export function defaultOperator(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? '';
  }
}

/** What the commands exit with: done, done in part (see the record), or misused. */
export const EXIT_OK = 0;
export const EXIT_INCOMPLETE = 1;
export const EXIT_USAGE = 2;

/**
 * The command that `parse` reads from the command line, or the exit code when there is
 * nothing more to run: `--help` (the usage printed) or a usage error (`usageError`).
 */
export function commandToRun<C extends { readonly kind: string }>(
  parse: () => C,
  usage: string,
  out: (text: string) => void,
  usageError: (error: unknown) => number,
): Exclude<C, { readonly kind: 'help' }> | number {
  let command: C;
  try {
    command = parse();
  } catch (error) {
    return usageError(error);
  }
  if (command.kind === 'help') {
    out(usage);
    return EXIT_OK;
  }
  return command as Exclude<C, { readonly kind: 'help' }>;
}
