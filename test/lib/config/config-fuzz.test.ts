/**
 * Property-based tests of the config (issue 14, "bad input"): every field of the schema
 * is fuzzed from the JSON Schema the validator generates (config-arbitraries.ts), so a
 * new field is covered without editing this file. A failure prints its seed; rerun with
 * FUZZ_SEED=<seed> to reproduce it.
 */
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { shown } from '../../../lib/config/fields';
import { validateConfigText } from '../../../lib/config/load';
import { ConfigError, validateConfig } from '../../../lib/config/validate';
import {
  configSlots,
  dotted,
  Invalid,
  invalidValue,
  placed,
  Slot,
  unusedOverrides,
  validConfig,
} from './config-arbitraries';

const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
const runs = (numRuns: number): fc.Parameters<unknown> => ({ numRuns, seed: SEED });

const SHIPPED = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../../../config/baseline.json'), 'utf8'),
) as Record<string, any>;

const SLOTS = configSlots();

/** The errors of `raw`, or `undefined` when it is accepted. */
function errorsOf(validate: () => unknown): readonly string[] | undefined {
  try {
    validate();
    return undefined;
  } catch (e) {
    if (e instanceof ConfigError) return e.errors;
    throw e;
  }
}

/** Whether an error line is about the field at `field` (or inside it). */
const isAbout = (error: string, field: string) =>
  [':', '.', '['].some((next) => error.startsWith(`${field}${next}`));

/** The field the error of an invalid value must name. */
const namedField = (slot: Slot, invalid: Invalid) =>
  dotted(invalid.key === undefined ? slot.path : [...slot.path, invalid.key]);

/** Fails, with what was tried, unless the errors name the slot's field and only it. */
function expectNamed(errors: readonly string[] | undefined, slot: Slot, invalid: Invalid) {
  const field = namedField(slot, invalid);
  const tried = `${field} = ${invalid.absent ? '(left out)' : shown(invalid.value)} [${invalid.kind}]`;
  if (errors === undefined) throw new Error(`accepted ${tried}`);
  if (!errors.some((e) => isAbout(e, field))) {
    throw new Error(`no error names ${field} for ${tried}:\n${errors.join('\n')}`);
  }
  const unrelated = errors.filter((e) => !isAbout(e, dotted(slot.path)));
  if (unrelated.length > 0) throw new Error(`${tried} also reported:\n${unrelated.join('\n')}`);
  const scalar = invalid.value === null || typeof invalid.value !== 'object';
  const valueShown = !invalid.absent && invalid.key === undefined && scalar;
  if (valueShown && !errors.some((e) => e.includes(shown(invalid.value)))) {
    throw new Error(`no error shows the value received for ${tried}:\n${errors.join('\n')}`);
  }
}

const slotAndInvalid = fc
  .constantFrom(...SLOTS)
  .chain((slot) => fc.tuple(fc.constant(slot), invalidValue(slot)));

describe('config fuzzing: the schema', () => {
  test('every field of the schema is fuzzed, and every override still names a field', () => {
    const fields = SLOTS.map((s) => dotted(s.path));
    expect(fields.length).toBeGreaterThan(300);
    expect(fields).toEqual(
      expect.arrayContaining([
        'environments.prod.audit.logRetentionDays',
        'environments.test.tags',
        'environments.test.access.roles.breakGlass.principals[0].subjects[0]',
        'environments.prod.workloads.orderSync.sellingPartnerIds[0]',
      ]),
    );
    expect(unusedOverrides()).toEqual([]);
  });

  test('every list is bounded, so that no config can make synth build without end', () => {
    const unbounded = SLOTS.filter((s) => s.node.type === 'array' && s.node.maxItems === undefined);
    expect(unbounded.map((s) => dotted(s.path))).toEqual([]);
  });

  test('generated valid configs are accepted', () => {
    fc.assert(
      fc.property(validConfig, (config) => {
        const errors = errorsOf(() => validateConfig(config));
        if (errors) throw new Error(`refused ${JSON.stringify(config)}:\n${errors.join('\n')}`);
      }),
      runs(150),
    );
  });
});

describe('config fuzzing: invalid values', () => {
  test('an invalid value in any field is rejected, naming that field and the value', () => {
    // Every field once, on the shipped config; the random pass below adds variety.
    for (const slot of SLOTS) {
      fc.assert(
        fc.property(invalidValue(slot), (invalid) => {
          expectNamed(
            errorsOf(() => validateConfig(placed(SHIPPED, slot, invalid))),
            slot,
            invalid,
          );
        }),
        runs(1),
      );
    }
  });

  test('an invalid value in a random field of a random valid config is rejected, naming it', () => {
    fc.assert(
      fc.property(validConfig, slotAndInvalid, (config, [slot, invalid]) => {
        expectNamed(
          errorsOf(() => validateConfig(placed(config, slot, invalid))),
          slot,
          invalid,
        );
      }),
      runs(200),
    );
  });
});
