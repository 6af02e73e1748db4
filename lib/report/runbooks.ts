import * as fs from 'fs';
import * as path from 'path';
import { ClauseId, isClauseId } from '../policy/clauses';

/**
 * The runbooks that carry organizational clauses (docs/runbooks/*.md). Each names
 * the clauses it carries on a line of its own near the top:
 *
 *     Clauses: DPP 1.7, DUP 4.5
 *
 * The compliance report reads that line, and only that line: a runbook that merely
 * mentions a clause in passing does not carry it. A runbook without the line, or
 * naming a clause the catalogue lacks, is listed in the report's notes, and a test
 * fails on it (test/docs/runbooks.test.ts).
 */

/** The project root; runbook paths in the report are relative to it. */
export const PROJECT_ROOT = path.join(__dirname, '../..');

/** Where the runbooks are. */
export const RUNBOOKS_DIRECTORY = path.join(PROJECT_ROOT, 'docs', 'runbooks');

/** The line that names a runbook's clauses; the first such line counts. */
const CLAUSES_LINE = /^Clauses:[ \t]*(.*)$/m;
const CLAUSE_ID = /\b(?:DPP|AUP|DUP) [0-9][0-9.]*/g;

export interface Runbook {
  /** The file, relative to the project root, e.g. `docs/runbooks/deletion-request.md`. */
  readonly file: string;
  /** Its first `# ` heading, or the file name. */
  readonly title: string;
  readonly clauses: readonly ClauseId[];
}

export interface Runbooks {
  readonly runbooks: readonly Runbook[];
  /** What is wrong with them: no `Clauses:` line, an unknown clause. */
  readonly problems: readonly string[];
}

/** Reads one runbook's title and clauses; `problems` gets what is wrong with it. */
export function parseRunbook(file: string, text: string, problems: string[]): Runbook {
  const title = /^# (.+)$/m.exec(text)?.[1].trim() ?? path.basename(file);
  const line = CLAUSES_LINE.exec(text);
  if (!line) {
    problems.push(`${file} names no clause: add a line "Clauses: DPP x.y, ..." under its title`);
    return { file, title, clauses: [] };
  }
  const named = (line[1].match(CLAUSE_ID) ?? []).map((id) => id.replace(/\.+$/, ''));
  const unknown = named.filter((id) => !isClauseId(id));
  if (unknown.length > 0) {
    problems.push(`${file} names ${unknown.join(', ')}, not in the clause catalogue`);
  }
  if (named.length === 0) problems.push(`${file} has a Clauses: line that names no clause`);
  return { file, title, clauses: [...new Set(named.filter(isClauseId))] };
}

/** Every runbook of `directory`, in file-name order. */
export function readRunbooks(directory = RUNBOOKS_DIRECTORY, root = PROJECT_ROOT): Runbooks {
  const problems: string[] = [];
  const files = fs.existsSync(directory)
    ? fs
        .readdirSync(directory)
        .filter((name) => name.endsWith('.md') && name.toLowerCase() !== 'readme.md')
        .sort()
    : [];
  const runbooks = files.map((name) => {
    const full = path.join(directory, name);
    const file = path.relative(root, full).split(path.sep).join('/');
    return parseRunbook(file, fs.readFileSync(full, 'utf8'), problems);
  });
  return { runbooks, problems };
}
