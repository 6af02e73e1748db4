// @ts-check
/**
 * Jest's TypeScript transformer: scripts/typescript.cjs (esbuild, one file at a time).
 * ts-jest took about 20 ms a file and loaded the TypeScript compiler in every worker,
 * which doubled the time of a run without jest's cache (CI's first run). Types are
 * checked once by `npm run typecheck`.
 */
const crypto = require('crypto');
const fs = require('fs');
const { transpile } = require('../scripts/typescript.cjs');

/** What the output depends on besides the source: the transpiler and its options. */
const TRANSPILER = crypto
  .createHash('sha256')
  .update(require('esbuild/package.json').version)
  .update(fs.readFileSync(require.resolve('../scripts/typescript.cjs')))
  .update(fs.readFileSync(require.resolve('../tsconfig.json')))
  .digest('hex');

module.exports = {
  /** @param {string} source @param {string} filename */
  process(source, filename) {
    return transpile(source, filename);
  },
  /** @param {string} source @param {string} filename */
  getCacheKey(source, filename) {
    return crypto
      .createHash('sha256')
      .update(TRANSPILER)
      .update(filename)
      .update(source)
      .digest('hex');
  },
};
