/**
 * The text of a config file, read strictly. `JSON.parse` keeps the last of two equal
 * keys and drops the other without a word, so a key given twice (a paste, a merge that
 * kept both sides) would silently change the config: here it is an error that names the
 * key's field and both lines. Bytes that are not UTF-8 are refused too, rather than
 * read as U+FFFD into names and tags.
 */
import { fieldPath } from './issues';

/** A problem of a config text: at a field (a key given twice), or of the text as a whole. */
export interface TextProblem {
  /** The field's path, e.g. `environments.test.audit`; absent for the whole text. */
  readonly field?: string;
  readonly message: string;
}

/** What is wrong with a config text, every problem at once. */
export class ConfigTextError extends Error {
  constructor(public readonly problems: readonly TextProblem[]) {
    super(problems.map((p) => `${p.field ?? 'text'}: ${p.message}`).join('\n'));
    this.name = 'ConfigTextError';
  }
}

/** A key that appears twice in one object of the text. */
export interface DuplicateKey {
  /** The path of the key, e.g. `['environments', 'test', 'audit', 'logRetentionDays']`. */
  readonly path: readonly (string | number)[];
  /** The 1-based lines of the first and the repeated occurrence. */
  readonly lines: readonly [number, number];
}

interface ObjectFrame {
  readonly kind: 'object';
  readonly path: readonly (string | number)[];
  /** Each key seen in this object, with its line. */
  readonly keys: Map<string, number>;
  key?: string;
  expectingKey: boolean;
}

interface ArrayFrame {
  readonly kind: 'array';
  readonly path: readonly (string | number)[];
  index: number;
}

type Frame = ObjectFrame | ArrayFrame;

/** The path of a value about to start inside `frame`. */
function childPath(frame: Frame | undefined): (string | number)[] {
  if (!frame) return [];
  return [...frame.path, frame.kind === 'object' ? (frame.key ?? '') : frame.index];
}

/** The index just past the string literal that starts (with its quote) at `start`. */
function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i + 1;
}

/**
 * The keys given twice in an object of `text`, which must be valid JSON (parse it first).
 * Keys are compared as `JSON.parse` reads them, so `"a"` and `"\u0061"` are the same key.
 * One pass over the text, without building its values.
 */
export function duplicateKeys(text: string): DuplicateKey[] {
  const duplicates: DuplicateKey[] = [];
  const stack: Frame[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    const top = stack[stack.length - 1];
    if (char === '"') {
      const end = endOfString(text, i);
      if (top?.kind === 'object' && top.expectingKey) {
        const key = JSON.parse(text.slice(i, end)) as string;
        const first = top.keys.get(key);
        if (first !== undefined)
          duplicates.push({ path: [...top.path, key], lines: [first, line] });
        else top.keys.set(key, line);
        top.key = key;
        top.expectingKey = false;
      }
      i = end;
      continue;
    }
    if (char === '{') {
      stack.push({ kind: 'object', path: childPath(top), keys: new Map(), expectingKey: true });
    } else if (char === '[') {
      stack.push({ kind: 'array', path: childPath(top), index: 0 });
    } else if (char === '}' || char === ']') {
      stack.pop();
    } else if (char === ',') {
      if (top?.kind === 'object') top.expectingKey = true;
      else if (top?.kind === 'array') top.index++;
    } else if (char === '\n') {
      line++;
    }
    i++;
  }
  return duplicates;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses the bytes of a config file: UTF-8 (a byte-order mark is allowed and dropped),
 * JSON, and no key twice in one object. Throws `ConfigTextError` naming every problem.
 */
export function parseConfigText(bytes: Uint8Array | string): unknown {
  let text: string;
  try {
    text = typeof bytes === 'string' ? bytes.replace(/^\uFEFF/, '') : UTF8.decode(bytes);
  } catch {
    throw new ConfigTextError([
      { message: 'is not UTF-8 text (a byte sequence is not valid UTF-8)' },
    ]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigTextError([{ message: `is not valid JSON (${(e as Error).message})` }]);
  }
  const duplicates = duplicateKeys(text);
  if (duplicates.length > 0) {
    throw new ConfigTextError(
      duplicates.map(({ path, lines: [first, again] }) => ({
        field: fieldPath(path),
        message: `given twice (lines ${first} and ${again}); JSON keeps only the last, so the other would be silently ignored: keep one`,
      })),
    );
  }
  return raw;
}
