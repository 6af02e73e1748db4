// @ts-check
/**
 * `cdk-nag` for the tests, loaded as the app uses it. Its index loads all six packs and
 * their 270 modules; every test file paid for that (about 0.1 s of jest's module
 * compilation each) although most run only the DPP pack. Here the core (NagPack, the
 * rule results) loads at once, and each pack, and the `rules` namespace, on first use.
 * Exports are the package's own (read from its type declarations), so nothing differs
 * but when a pack's code is loaded. jest.config.js maps `cdk-nag` here.
 */
const fs = require('fs');
const path = require('path');

// Not `require.resolve('cdk-nag')`: in jest that is this file.
const lib = path.dirname(require.resolve('cdk-nag/lib/nag-pack'));

for (const core of ['./nag-logger', './nag-pack', './nag-rules']) {
  Object.assign(exports, require(path.join(lib, core)));
}

/** @param {string} name @param {() => unknown} load */
function lazily(name, load) {
  Object.defineProperty(exports, name, { enumerable: true, get: load });
}

for (const file of fs.readdirSync(path.join(lib, 'packs'))) {
  if (!file.endsWith('.d.ts')) continue;
  const module = path.join(lib, 'packs', file.replace(/\.d\.ts$/, ''));
  const declarations = fs.readFileSync(path.join(lib, 'packs', file), 'utf8');
  for (const [, name] of declarations.matchAll(/^export declare class (\w+)/gm)) {
    lazily(name, () => require(module)[name]);
  }
}
lazily('rules', () => require(path.join(lib, 'rules')));
