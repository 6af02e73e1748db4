import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import {
  CONFIGURATION_DOCS_FILE,
  generatedConfigFiles,
  PROJECT_ROOT,
} from '../../../lib/config/generated-files';
import { CONFIG_JSON_SCHEMA_FILE } from '../../../lib/config/json-schema';
import { SECTIONS } from '../../../lib/config/sections';
import { isClauseId } from '../../../lib/policy/clauses';

const read = (file: string) => fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8');
const shippedConfig = () => JSON.parse(read('config/baseline.json'));

describe('files generated from the config schema', () => {
  const generated = generatedConfigFiles();

  test.each([CONFIG_JSON_SCHEMA_FILE, CONFIGURATION_DOCS_FILE])(
    'fails if the committed %s is stale (run `npm run config:schema`)',
    (file) => {
      expect(read(file)).toBe(generated[file]);
    },
  );

  test('the shipped config names the JSON Schema for editors', () => {
    const { $schema } = shippedConfig();
    expect(path.resolve(PROJECT_ROOT, 'config', $schema)).toBe(
      path.join(PROJECT_ROOT, CONFIG_JSON_SCHEMA_FILE),
    );
  });

  describe('the JSON Schema', () => {
    const validate = new Ajv({ allErrors: true, strict: true }).compile(
      JSON.parse(read(CONFIG_JSON_SCHEMA_FILE)),
    );
    const withChange = (change: (config: any) => void) => {
      const config = shippedConfig();
      change(config);
      return config;
    };

    test('accepts the shipped config', () => {
      expect(validate(shippedConfig())).toBe(true);
    });

    test.each<[string, (config: any) => void]>([
      ['an unknown field', (c) => (c.environments.prod.network.vpcCird = '10.30.0.0/16')],
      ['a missing environment', (c) => delete c.environments.test],
      ['prod destroyable', (c) => (c.environments.prod.removalPolicy = 'destroy')],
      ['prod unprotected', (c) => (c.environments.prod.terminationProtection = false)],
      ['prod keeping logs 90 days', (c) => (c.environments.prod.audit.logRetentionDays = 90)],
      ['a retention CloudWatch refuses', (c) => (c.environments.test.audit.logRetentionDays = 100)],
      ['PII kept 31 days', (c) => (c.environments.test.data.piiRetentionDays = 31)],
      ['an unknown region', (c) => (c.environments.test.region = 'xx-fake-1')],
      ['one zone', (c) => (c.environments.test.availabilityZones = ['eu-west-1a'])],
      ['a reserved tag', (c) => (c.environments.test.tags = { Environment: 'prod' })],
      [
        'an allow-list entry without reason',
        (c) => (c.environments.test.network.egressAllowList = [{ host: 'api.example.com' }]),
      ],
    ])('fails if the config has %s: editors flag it as the validator does', (_, change) => {
      expect(validate(withChange(change))).toBe(false);
    });
  });

  test('documents every section and every clause it cites exists', () => {
    const docs = read(CONFIGURATION_DOCS_FILE);
    for (const section of Object.keys(SECTIONS)) expect(docs).toContain(`### \`${section}\``);
    const cited = [...docs.matchAll(/\b(?:DPP|AUP|DUP) \d+(?:\.\d+)*/g)].map((m) => m[0]);
    expect(cited.filter((id) => !isClauseId(id))).toEqual([]);
  });
});
