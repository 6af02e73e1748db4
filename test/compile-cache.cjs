// @ts-check
/**
 * V8's code cache for the modules jest compiles, kept in memory for the life of a
 * worker. Jest loads every module afresh for each test file (its module registry is
 * per file) through `vm.compileFunction`, which compiles without V8's cache: the same
 * aws-cdk-lib modules were parsed and compiled again for each of the 130 files, a
 * fifth of the suite's CPU. With the code a module compiled to the first time, V8
 * skips that work; it checks the source itself and rejects a cache that does not
 * match, and then the module compiles as before. (nodejs/node#35375 measures the
 * difference; this is the workaround jest's maintainers tried there.)
 *
 * Runs first among the setup files (jest.config.js). Jest's runtime reads
 * `vm.compileFunction` from Node's `vm` module on each compile, and the tests get that
 * same module object, so replacing the function here reaches jest's compiles.
 */
const crypto = require('crypto');
const vm = require('vm');

const INSTALLED = Symbol.for('spapi-dpp.compile-cache');

if (!(/** @type {any} */ (vm)[INSTALLED])) {
  /** @type {any} */ (vm)[INSTALLED] = true;
  const compileFunction = vm.compileFunction;
  /** @type {Map<string, Buffer>} */
  const compiled = new Map();

  /** @type {typeof vm.compileFunction} */
  const cachedCompileFunction = function (code, params, options = {}) {
    const key = crypto
      .createHash('sha256')
      .update(options.filename ?? '')
      .update('\0')
      .update(code)
      .digest('base64');
    const cachedData = compiled.get(key);
    if (cachedData) {
      const fn = compileFunction(code, params, { ...options, cachedData });
      if (!(/** @type {any} */ (fn).cachedDataRejected)) return fn;
    }
    const fn = compileFunction(code, params, { ...options, produceCachedData: true });
    const produced = /** @type {any} */ (fn).cachedData;
    if (produced) compiled.set(key, produced);
    return fn;
  };
  vm.compileFunction = cachedCompileFunction;
}
