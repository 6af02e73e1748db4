import * as fs from 'fs';
import * as path from 'path';

/**
 * The file `NodejsFunction` bundles for a handler: the TypeScript source when the
 * constructs run from this repository, the compiled JavaScript beside it when they run
 * from the published package (`dist/`), where the sources are compiled and esbuild
 * bundles the JavaScript in the consumer's app.
 */
export function handlerEntry(directory: string, file: string): string {
  const source = path.join(directory, file);
  if (fs.existsSync(source)) return source;
  const compiled = source.replace(/\.ts$/, '.js');
  if (fs.existsSync(compiled)) return compiled;
  throw new Error(`the Lambda handler ${file} is neither in ${directory} nor compiled beside it`);
}
