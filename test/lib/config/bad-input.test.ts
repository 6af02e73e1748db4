/**
 * Examples of the bad input the config fuzzing (config-fuzz.test.ts) found or guards
 * against, each pinned with its exact message; and the duplicate-key detector.
 */
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { duplicateKeys } from '../../../lib/config/json-text';
import { validateConfigText } from '../../../lib/config/load';
import { ConfigError, validateConfig } from '../../../lib/config/validate';

const shipped = (): any =>
  JSON.parse(fs.readFileSync(path.join(__dirname, '../../../config/baseline.json'), 'utf8'));

function errorsOf(validate: () => unknown): readonly string[] {
  try {
    validate();
  } catch (e) {
    if (e instanceof ConfigError) return e.errors;
    throw e;
  }
  throw new Error('expected the config to be rejected');
}

const withChange = (change: (c: any) => void) => {
  const config = shipped();
  change(config);
  return errorsOf(() => validateConfig(config));
};

describe('bad input: the file', () => {
  test('fails if a key is given twice, naming the field and both lines', () => {
    const text = '{\n  "projectName": "a-b-c",\n  "projectName": "x-y-z"\n}';
    expect(errorsOf(() => validateConfigText(text, 'c.json'))).toEqual([
      'projectName: given twice (lines 2 and 3); JSON keeps only the last, so the other would be silently ignored: keep one',
    ]);
  });

  test('fails if a key is given twice in another spelling of the same string', () => {
    expect(
      duplicateKeys('{"a": {"b": 1, "\\u0062": 2}, "c": [{"d": 1}, {"d": 1, "d": 3}]}'),
    ).toEqual([
      { path: ['a', 'b'], lines: [1, 1] },
      { path: ['c', 1, 'd'], lines: [1, 1] },
    ]);
  });

  test('finds no duplicate in any text JSON.stringify writes', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 2), (value, indent) => {
        expect(duplicateKeys(JSON.stringify(value, null, indent))).toEqual([]);
      }),
      { numRuns: 300, seed: 1 },
    );
  });

  test('fails if the file is not UTF-8; a byte-order mark is allowed', () => {
    const text = JSON.stringify(shipped());
    expect(
      errorsOf(() =>
        validateConfigText(Buffer.concat([Buffer.from(text), Buffer.from([0xff])]), 'c.json'),
      ),
    ).toEqual(['c.json: is not UTF-8 text (a byte sequence is not valid UTF-8)']);
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    expect(validateConfigText(bom, 'c.json').config.projectName).toBe('spapi-dpp');
  });
});

describe('bad input: values', () => {
  test('fails if a number is NaN or a fraction, saying which', () => {
    expect(
      withChange((c) => {
        c.environments.test.data.piiRetentionDays = Number.NaN;
        c.environments.test.data.keyDeletionWindowDays = 7.5;
      }),
    ).toEqual([
      'environments.test.data.piiRetentionDays: expected a whole number of days, received NaN, which is not a number',
      'environments.test.data.keyDeletionWindowDays: 7.5 is not a whole number of days',
    ]);
  });

  test('fails if text holds a control character, a lone surrogate or a bidirectional control', () => {
    expect(
      withChange((c) => {
        c.environments.test.network.egressAllowList = [
          { host: 'api.example.com', reason: 'needed\u0000here' },
          { host: 'b.example.com', reason: 'needed \ud800' },
          { host: 'c.example.com', reason: 'needed \u202etxt.exe' },
        ];
      }),
    ).toEqual([
      'environments.test.network.egressAllowList[0].reason: "needed\\u0000here" contains U+0000, a control character; remove it',
      'environments.test.network.egressAllowList[1].reason: "needed \\ud800" contains U+D800, a lone surrogate, which is not a character and cannot be written as UTF-8; remove it',
      'environments.test.network.egressAllowList[2].reason: "needed \\u202etxt.exe" contains U+202E, a bidirectional text control, which makes text display other than it is; remove it',
    ]);
  });

  test('fails if a tag is called __proto__, which a parsed object would silently drop', () => {
    const config = shipped();
    const text = JSON.stringify(config).replace('"region"', '"tags":{"__proto__":"x"},"region"');
    expect(errorsOf(() => validateConfigText(text, 'c.json'))).toEqual([
      "environments.test.tags.__proto__: is not a key the config can hold (JavaScript reads it as an object's prototype)",
    ]);
  });

  test('quotes a key that would disguise its path', () => {
    expect(
      withChange((c) => (c.environments.test.audit['trail.objectLockMode\u202e'] = 1)),
    ).toEqual([
      expect.stringMatching(
        /^environments\.test\.audit\["trail\.objectLockMode\\u202e"\]: unknown field/,
      ),
    ]);
  });

  test('fails if a list is longer than what its entries count against allows', () => {
    expect(
      withChange((c) => {
        c.environments.test.audit.alarms = {
          subscriptions: Array.from({ length: 21 }, (_, i) => `p${i}@example.com`),
        };
      }),
    ).toEqual([
      'environments.test.audit.alarms.subscriptions: 21 addresses given; at most 20: each is a subscription resource of the stack; subscribe a mailing list to reach more people',
    ]);
  });

  test('fails if principals of another account are trusted without the organization', () => {
    expect(
      withChange((c) => {
        c.environments.test.access = {
          roles: {
            taxOfficer: {
              principals: [
                {
                  kind: 'iam-principals',
                  account: '333333333333',
                  principalArns: ['arn:aws:iam::444444444444:role/Tax'],
                },
              ],
            },
          },
        };
      }),
    ).toEqual([
      'environments.test.access.roles.taxOfficer.principals[0].account: "333333333333" is not the environment\'s account 111111111111; principals of another account are admitted only as members of the organization, so set organizationId (DUP 3.7 Access only within the organization)',
      'environments.test.access.roles.taxOfficer.principals[0].principalArns[0]: "arn:aws:iam::444444444444:role/Tax" is not a principal of account 333333333333, which this entry trusts',
    ]);
  });

  test('fails if the environment that owns GuardDuty turns it off', () => {
    expect(
      withChange((c) => (c.environments.prod.audit.threatDetection = { guardDuty: false })),
    ).toEqual([
      expect.stringMatching(
        /^environments\.prod\.audit\.threatDetection\.guardDuty: false is not allowed while ownership is 'this-environment'/,
      ),
    ]);
  });

  test('fails if a region is outside the commercial partition', () => {
    expect(
      withChange((c) => {
        c.environments.test.region = 'cn-north-1';
        c.environments.test.availabilityZones = ['cn-north-1a', 'cn-north-1b'];
      }),
    ).toEqual([
      expect.stringMatching(
        /^environments\.test\.region: "cn-north-1" is not an AWS region of the commercial partition/,
      ),
    ]);
  });
});
