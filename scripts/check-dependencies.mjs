#!/usr/bin/env node
/**
 * Checks every import of the project against the layers of .dependency-cruiser.js
 * (docs/architecture.md) and fails on a wrong-direction import or a cycle:
 *
 *   node scripts/check-dependencies.mjs                  # the repository (npm run lint)
 *   node scripts/check-dependencies.mjs --base-dir DIR   # another tree with the same rules
 *
 * dependency-cruiser's CLI refuses Node 20, which the project runs on; its API does not,
 * so this calls the API with the same configuration file the CLI would read.
 * Violations listed in .dependency-cruiser-known-violations.json are reported as known
 * and do not fail the check; a listed violation that no longer occurs is reported as
 * stale so that the list only ever shrinks.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const CONFIG_FILE = path.join(ROOT, '.dependency-cruiser.js');
const KNOWN_VIOLATIONS_FILE = path.join(ROOT, '.dependency-cruiser-known-violations.json');
const SOURCE_FOLDERS = ['bin', 'lib', 'constructs', 'scripts', 'test'];

function usage() {
  return 'Usage: node scripts/check-dependencies.mjs [--base-dir DIR]';
}

function parseArgs(args) {
  if (args.length === 0) return { baseDir: ROOT, knownViolations: true };
  if (args.length === 2 && args[0] === '--base-dir') {
    return { baseDir: path.resolve(args[1]), knownViolations: false };
  }
  return undefined;
}

function readKnownViolations() {
  if (!fs.existsSync(KNOWN_VIOLATIONS_FILE)) return [];
  return JSON.parse(fs.readFileSync(KNOWN_VIOLATIONS_FILE, 'utf8'));
}

/** One violation, with the rule's reason and, for a cycle, the whole circle. */
function describe(violation, rules) {
  const { rule, from, to, cycle } = violation;
  const circle = cycle
    ? `\n    circle: ${[from, ...cycle.map((c) => c.name ?? c)].join(' → ')}`
    : '';
  const comment = rules.find((r) => r.name === rule.name)?.comment ?? '';
  return `error ${rule.name}: ${from} → ${to}${circle}\n    ${comment}\n`;
}

const sameViolation = (a, b) => a.from === b.from && a.to === b.to && a.rule.name === b.rule.name;

async function main(args) {
  const parsed = parseArgs(args);
  if (!parsed) {
    console.error(usage());
    return 2;
  }
  const { baseDir } = parsed;
  const config = createRequire(import.meta.url)(CONFIG_FILE);
  const folders = SOURCE_FOLDERS.filter((f) => fs.existsSync(path.join(baseDir, f)));
  const tsConfigFile = path.join(baseDir, 'tsconfig.json');
  const known = parsed.knownViolations ? readKnownViolations() : [];
  const result = await cruise(
    folders,
    {
      ...config.options,
      baseDir,
      validate: true,
      ruleSet: { forbidden: config.forbidden },
      knownViolations: known,
      ...(fs.existsSync(tsConfigFile) ? { tsConfig: { fileName: tsConfigFile } } : {}),
    },
    undefined,
    fs.existsSync(tsConfigFile) ? { tsConfig: extractTSConfig(tsConfigFile) } : undefined,
  );
  const { summary } = result.output;
  const errors = summary.violations.filter((v) => v.rule.severity === 'error');
  const ignored = summary.violations.filter((v) => v.rule.severity === 'ignore');
  for (const violation of errors) console.error(describe(violation, config.forbidden));
  const stale = known.filter((k) => !ignored.some((v) => sameViolation(v, k)));
  for (const v of stale) {
    console.error(
      `stale known violation (it no longer occurs; remove it from ${path.basename(KNOWN_VIOLATIONS_FILE)}): ${v.rule.name}: ${v.from} -> ${v.to}`,
    );
  }
  const knownNote = ignored.length > 0 ? `, ${ignored.length} known and listed` : '';
  console.log(
    `Dependencies: ${errors.length === 0 ? 'PASSED' : 'FAILED'}: ${summary.totalCruised} modules, ${summary.totalDependenciesCruised} imports, ${errors.length} against the layers${knownNote}.`,
  );
  return errors.length === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
