import * as fs from 'fs';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { createBaselineApp } from '../../lib/app';
import { loadConfig } from '../../lib/config/load';
import { validateConfig } from '../../lib/config/validate';

describe('baseline app', () => {
  const { config } = loadConfig();
  const { stages } = createBaselineApp({
    config,
    context: { '@aws-cdk/core:failSynthOnValidationErrors': false },
  });

  test('deploys test and prod as separate stacks in their own accounts', () => {
    expect(stages.test.baseline.stackName).toBe('spapi-dpp-test-baseline');
    expect(stages.prod.baseline.stackName).toBe('spapi-dpp-prod-baseline');
    expect(stages.test.baseline.account).toBe('111111111111');
    expect(stages.prod.baseline.account).toBe('222222222222');
    expect(stages.prod.baseline.region).toBe('eu-west-1');
  });

  test('protects prod from termination, not test', () => {
    expect(stages.prod.baseline.terminationProtection).toBe(true);
    expect(stages.test.baseline.terminationProtection).toBe(false);
  });

  test('uses the zones from config without any lookup', () => {
    expect(stages.prod.baseline.availabilityZones).toEqual([
      'eu-west-1a',
      'eu-west-1b',
      'eu-west-1c',
    ]);
    // A context lookup would show up as missing context in the assembly manifest.
    expect(stages.prod.synth().manifest.missing).toBeUndefined();
    expect(stages.test.synth().manifest.missing).toBeUndefined();
  });

  test('tags every resource with project and environment', () => {
    const template = Template.fromStack(stages.prod.baseline);
    const resources = Object.values(template.toJSON().Resources ?? {}) as {
      Properties?: { Tags?: unknown };
    }[];
    const tagged = resources.filter((r) => Array.isArray(r.Properties?.Tags));
    for (const resource of tagged) {
      expect(resource.Properties?.Tags).toEqual(
        expect.arrayContaining([
          { Key: 'Project', Value: 'spapi-dpp' },
          { Key: 'Environment', Value: 'prod' },
        ]),
      );
    }
  });

  test('works with test and prod in one account: stack names stay distinct', () => {
    const raw = JSON.parse(
      fs.readFileSync(path.join(__dirname, '../../config/baseline.json'), 'utf8'),
    );
    raw.environments.prod = { ...raw.environments.prod, account: raw.environments.test.account };
    const same = validateConfig(raw);
    const { stages: sameAccount } = createBaselineApp({ config: same.config });
    const names = [sameAccount.test.baseline, sameAccount.prod.baseline].map(
      (s: Stack) => s.stackName,
    );
    expect(new Set(names).size).toBe(2);
    expect(sameAccount.test.baseline.account).toBe(sameAccount.prod.baseline.account);
  });
});
