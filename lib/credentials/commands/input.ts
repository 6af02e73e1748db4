/**
 * Reading a secret value from standard input, never from the command line (where
 * shell history, `ps` and CI logs would keep it) and never echoed: at a terminal the
 * characters typed are not shown; from a pipe the lines are read as they come.
 */

/** What the commands read from: `process.stdin`, or a stand-in in tests. */
export interface SecretInput {
  readonly isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
  setEncoding?(encoding: BufferEncoding): unknown;
  on(event: 'data', listener: (chunk: string | Buffer) => void): unknown;
  on(event: 'end' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeAllListeners(event?: string): unknown;
  resume(): unknown;
  pause(): unknown;
}

/** Input was cancelled (Ctrl-C) or ended before every value was given. */
export class InputError extends Error {
  override name = 'InputError';
}

/** More than this from a pipe is not a credential. */
const MAX_INPUT = 64 * 1024;

/**
 * Reads one line per prompt. At a terminal each prompt is written to `prompt` (the
 * error stream, so that standard output stays clean) and what is typed is not echoed.
 * From a pipe the first non-empty lines are taken and nothing is prompted.
 */
export function readSecretLines(
  input: SecretInput,
  prompts: readonly string[],
  prompt: (text: string) => void,
): Promise<string[]> {
  return input.isTTY && input.setRawMode
    ? readFromTerminal(input, prompts, prompt)
    : readFromPipe(input, prompts.length);
}

function readFromPipe(input: SecretInput, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let text = '';
    input.setEncoding?.('utf8');
    input.on('data', (chunk) => {
      text += String(chunk);
      if (text.length > MAX_INPUT) {
        input.removeAllListeners();
        reject(new InputError(`standard input is longer than ${MAX_INPUT} characters`));
      }
    });
    input.on('error', reject);
    input.on('end', () => {
      const lines = text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== '');
      if (lines.length < count) {
        reject(
          new InputError(
            `standard input has ${lines.length} non-empty line${lines.length === 1 ? '' : 's'}; ${count} expected`,
          ),
        );
      } else {
        resolve(lines.slice(0, count));
      }
    });
    input.resume();
  });
}

function readFromTerminal(
  input: SecretInput,
  prompts: readonly string[],
  prompt: (text: string) => void,
): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const lines: string[] = [];
    let current = '';
    const finish = (error?: Error) => {
      input.setRawMode?.(false);
      input.pause();
      input.removeAllListeners('data');
      if (error) reject(error);
      else resolve(lines);
    };
    prompt(prompts[0]);
    input.setEncoding?.('utf8');
    input.setRawMode?.(true);
    input.on('data', (chunk) => {
      for (const char of String(chunk)) {
        if (char === '\u0003') return finish(new InputError('cancelled'));
        if (char === '\u0004' && current === '') return finish(new InputError('input ended'));
        if (char === '\r' || char === '\n') {
          prompt('\n');
          if (current.trim() === '') continue;
          lines.push(current.trim());
          current = '';
          if (lines.length === prompts.length) return finish();
          prompt(prompts[lines.length]);
        } else if (char === '\u007f' || char === '\b') {
          current = current.slice(0, -1);
        } else {
          current += char;
        }
      }
    });
    input.on('error', (error) => finish(error));
    input.resume();
  });
}
