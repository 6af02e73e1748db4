import * as path from 'path';
import type { SourceLocation } from './model';

/**
 * Where in the project's source a resource was created, or an acknowledgement made,
 * read from the stack traces CDK records (`aws:cdk:creationStack`, the validation
 * report's `stackTraces`, an acknowledgement's trace). The first frame in a file of
 * the project (not in node_modules, not in a helper the caller names) is the line a
 * developer would open. Paths are made relative to the project root, so that the
 * reports hold nothing of the machine they were built on.
 */

/** `at fn (/abs/file.ts:12:5)`, `fn (/abs/file.ts:12:5)` or `at /abs/file.ts:12:5`. */
const FRAME = /(?:\(|\s|^)(\/[^():]+):(\d+):(\d+)\)?\s*$/;

/** The frames of one or more stack traces, one line each. */
function frames(traces: readonly string[]): string[] {
  return traces.flatMap((trace) => trace.split('\n'));
}

/**
 * The first frame of `traces` in a project file under `root`, skipping node_modules
 * and the files `skip` names (relative to `root`).
 */
export function projectLocation(
  traces: readonly string[],
  root: string,
  skip: readonly string[] = [],
): SourceLocation | undefined {
  for (const frame of frames(traces)) {
    const match = FRAME.exec(frame.trim());
    if (!match) continue;
    const relative = path.relative(root, match[1]).split(path.sep).join('/');
    if (relative.startsWith('..') || path.isAbsolute(relative)) continue;
    if (relative.split('/').includes('node_modules') || skip.includes(relative)) continue;
    return { file: relative, line: Number(match[2]), column: Number(match[3]) };
  }
  return undefined;
}
