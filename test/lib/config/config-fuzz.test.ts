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
  exampleItem,
  invalidValue,
  listSlots,
  Path,
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

/** Whether one path is the other or inside it, or both are in the same list item. */
function entangled(a: Slot, b: Slot): boolean {
  const common = Math.min(a.path.length, b.path.length);
  if (a.path.slice(0, common).every((k, i) => k === b.path[i])) return true;
  const firstIndex = (s: Slot) => s.path.findIndex((k) => typeof k === 'number');
  const i = firstIndex(a);
  return i >= 0 && i === firstIndex(b) && a.path.slice(0, i + 1).every((k, j) => k === b.path[j]);
}

describe('config fuzzing: every error at once', () => {
  test('a config with several invalid fields reports every one of them', () => {
    const several = fc
      .uniqueArray(fc.constantFrom(...SLOTS), { minLength: 2, maxLength: 5 })
      .map((slots) => slots.filter((s, i) => slots.slice(0, i).every((t) => !entangled(s, t))))
      .chain((slots) => fc.tuple(...slots.map((s) => fc.tuple(fc.constant(s), invalidValue(s)))));
    fc.assert(
      fc.property(validConfig, several, (config, pairs) => {
        const broken = pairs.reduce((c, [slot, invalid]) => placed(c, slot, invalid), config);
        const errors = errorsOf(() => validateConfig(broken)) ?? [];
        for (const [slot, invalid] of pairs) {
          const field = namedField(slot, invalid);
          if (!errors.some((e) => isAbout(e, field))) {
            throw new Error(`${field} [${invalid.kind}] not reported among:\n${errors.join('\n')}`);
          }
        }
      }),
      runs(60),
    );
  });
});

const INTEGER_SLOTS = SLOTS.filter((s) => s.node.type === 'integer');
const MARKER = '\u0000marker';

/** The config as JSON text, with `literal` written where `MARKER` was placed. */
const textWith = (config: unknown, literal: string) =>
  JSON.stringify(config, null, 2).replace(JSON.stringify(MARKER), literal);

describe('config fuzzing: numbers JSON cannot carry', () => {
  test('a non-finite number is rejected naming the field, from an object and from a file', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...INTEGER_SLOTS),
        fc.constantFrom('1e309', '-1e309', '1e400', '123456789e999'),
        (slot, literal) => {
          const marked = placed(SHIPPED, slot, { value: MARKER, kind: 'marker' });
          const fromText = errorsOf(() => validateConfigText(textWith(marked, literal), 'c.json'));
          const value = JSON.parse(literal) as number;
          const fromObject = errorsOf(() =>
            validateConfig(placed(SHIPPED, slot, { value, kind: '' })),
          );
          for (const errors of [fromText, fromObject]) {
            expectNamed(errors, slot, { value, kind: `${literal} in the file` });
            expect(errors?.join('\n')).toMatch(/not a finite number/);
          }
        },
      ),
      runs(60),
    );
  });

  test('NaN, which only an object can carry, is named as not a number; in a file it is not JSON', () => {
    fc.assert(
      fc.property(fc.constantFrom(...INTEGER_SLOTS), (slot) => {
        const errors = errorsOf(() =>
          validateConfig(placed(SHIPPED, slot, { value: Number.NaN, kind: 'NaN' })),
        );
        expectNamed(errors, slot, { value: Number.NaN, kind: 'NaN' });
        expect(errors?.join('\n')).toMatch(/received NaN, which is not a number/);
        const marked = placed(SHIPPED, slot, { value: MARKER, kind: 'marker' });
        expect(errorsOf(() => validateConfigText(textWith(marked, 'NaN'), 'c.json'))).toEqual([
          expect.stringMatching(/^c\.json: is not valid JSON/),
        ]);
      }),
      runs(30),
    );
  });
});

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'];
const OBJECT_SLOTS = SLOTS.filter((s) => s.node.type === 'object');

/** Object.prototype as it is: its own keys and whether a plain object sees anything new. */
const prototypeState = () => ({
  keys: Reflect.ownKeys(Object.prototype).map(String).sort(),
  polluted: ({} as Record<string, unknown>).polluted,
});

describe('config fuzzing: prototype keys', () => {
  const before = prototypeState();
  afterEach(() => expect(prototypeState()).toEqual(before));

  test('a prototype key in any object of the file is rejected or kept as data, never polluting', () => {
    const payload = fc.constantFrom('{"polluted": true}', '"x"', '{"toString": 1}', 'null');
    fc.assert(
      fc.property(
        fc.constantFrom(...OBJECT_SLOTS),
        fc.constantFrom(...PROTOTYPE_KEYS),
        payload,
        (slot, key, literal) => {
          // The key must be a real own key, as JSON.parse makes it: so it goes in as text.
          const marked = placed(SHIPPED, slot, { key: MARKER, value: 0, kind: 'marker' });
          const text = JSON.stringify(marked).replace(
            `${JSON.stringify(MARKER)}:0`,
            `${JSON.stringify(key)}:${literal}`,
          );
          let accepted: ReturnType<typeof validateConfigText> | undefined;
          const errors = errorsOf(() => (accepted = validateConfigText(text, 'c.json')));
          const record = slot.node.additionalProperties !== false;
          if (record && key !== '__proto__' && literal === '"x"') {
            // A tag may be called constructor: it is kept as a tag, an own key like any other.
            let tags: any = accepted?.config;
            for (const k of slot.path) tags = tags?.[k];
            expect(Object.getOwnPropertyDescriptor(tags, key)?.value).toBe('x');
            expect(Object.getPrototypeOf(tags)).toBe(Object.prototype);
          } else {
            expectNamed(errors, slot, { key, value: literal, kind: 'prototype key' });
          }
        },
      ),
      runs(150),
    );
  });
});

describe('config fuzzing: huge lists', () => {
  const HUGE = 100_000;
  /** Generous for a shared 2-core machine: a hang or a quadratic check takes minutes. */
  const BUDGET_MS = 3000;

  test.each(listSlots('test').map((slot) => [dotted(slot.path), slot] as const))(
    'a list of 100k entries at %s is rejected quickly, naming the field',
    (_, slot) => {
      const item = exampleItem(slot);
      for (const value of [Array(HUGE).fill(item), Array(HUGE).fill(5)]) {
        const broken = placed(SHIPPED, slot, { value, kind: 'huge list' });
        const start = performance.now();
        const errors = errorsOf(() => validateConfig(broken));
        expect(performance.now() - start).toBeLessThan(BUDGET_MS);
        expect(errors?.some((e) => isAbout(e, dotted(slot.path)))).toBe(true);
      }
    },
  );
});

describe('config fuzzing: duplicate keys in the file', () => {
  /** JSON text of `value` in which the object at `at` gives `key` twice, the first time as `extra`. */
  function withDuplicate(value: unknown, at: Path, key: string, escaped: boolean): string {
    const write = (v: unknown, path: Path, indent: string): string => {
      if (typeof v !== 'object' || v === null) return JSON.stringify(v);
      const inner = `${indent}  `;
      if (Array.isArray(v)) {
        return `[\n${v.map((x, i) => inner + write(x, [...path, i], inner)).join(',\n')}\n${indent}]`;
      }
      const entries = Object.entries(v).map(
        ([k, x]) => `${inner}${JSON.stringify(k)}: ${write(x, [...path, k], inner)}`,
      );
      if (dotted(path) === dotted(at)) {
        const spelled = escaped
          ? `"${[...key].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`
          : JSON.stringify(key);
        entries.unshift(`${inner}${spelled}: "an earlier value"`);
      }
      return `{\n${entries.join(',\n')}\n${indent}}`;
    };
    return write(value, [], '');
  }

  /** Every object in `value` with a key, as [its path, its keys]. */
  function objectsOf(value: unknown, path: Path = []): [Path, string[]][] {
    if (typeof value !== 'object' || value === null) return [];
    const children = Object.entries(value).flatMap(([k, v]) =>
      objectsOf(v, [...path, Array.isArray(value) ? Number(k) : k]),
    );
    const keys = Array.isArray(value) ? [] : Object.keys(value);
    return keys.length > 0 ? [[path, keys], ...children] : children;
  }

  test('a key given twice in any object is refused, naming the field and both lines', () => {
    const duplicated = validConfig.chain((config) =>
      fc.tuple(
        fc.constant(config),
        fc
          .constantFrom(...objectsOf(config))
          .chain(([at, keys]) => fc.tuple(fc.constant(at), fc.constantFrom(...keys))),
        fc.boolean(),
      ),
    );
    fc.assert(
      fc.property(duplicated, (sample) => {
        const [config, [at, key], escaped] = sample;
        const text = withDuplicate(config, at, key, escaped);
        const errors = errorsOf(() => validateConfigText(text, 'c.json'));
        const field = dotted([...at, key]);
        const line = (n: number) =>
          text.split('\n').findIndex((l, i) => i >= n && l.includes(': "an earlier value"')) + 1;
        expect(errors).toEqual([
          expect.stringMatching(
            new RegExp(
              `^${field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: given twice \\(lines ${line(0)} and \\d+\\)`,
            ),
          ),
        ]);
      }),
      runs(100),
    );
  });
});
