// @ts-check
/**
 * How the project runs its TypeScript without a compile step: esbuild strips the types
 * of one file at a time (about 1 ms a file, where ts-node and ts-jest take 20 ms and
 * load the TypeScript compiler first). Type-checking is `npm run typecheck`, once.
 *
 * Used by the app (`node -r ./scripts/register-ts.cjs bin/app.ts`, see cdk.json), the
 * commands (`npm run <command>`) and jest (test/transform.cjs). Each file keeps its
 * own `__dirname`, which NodejsFunction entries and the reports rely on; a bundle
 * would not.
 */
const fs = require('fs');
const esbuild = require('esbuild');

/** The compiler options esbuild reads from tsconfig.json (decorators, class fields). */
const tsconfigRaw = JSON.parse(fs.readFileSync(require.resolve('../tsconfig.json'), 'utf8'));

/**
 * CommonJS for Node 20 from one TypeScript file, with its source map inline so that
 * stack traces (and the validation report's creation traces) name the .ts lines.
 * @param {string} source
 * @param {string} filename
 * @returns {{ code: string, map: string }}
 */
function transpile(source, filename) {
  const result = esbuild.transformSync(source, {
    loader: filename.endsWith('.tsx') ? 'tsx' : 'ts',
    format: 'cjs',
    target: 'node20',
    platform: 'node',
    sourcefile: filename,
    sourcemap: 'both',
    sourcesContent: false,
    tsconfigRaw,
  });
  return { code: result.code, map: result.map };
}

/** Lets `require` load .ts files through `transpile`, for the app and the commands. */
function register() {
  // The extension hook is deprecated but still the one synchronous way to do this in
  // CommonJS on Node 20 (module.register hooks are asynchronous and ESM-first).
  require.extensions['.ts'] = (module, filename) => {
    const { code } = transpile(fs.readFileSync(filename, 'utf8'), filename);
    /** @type {any} */ (module)._compile(code, filename);
  };
}

module.exports = { transpile, register };
