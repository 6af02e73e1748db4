import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { WorkloadStack } from '../../constructs/workloads';
import { STAGE_IDS } from '../../lib/app';
import { loadConfig } from '../../lib/config/load';
import { BaselineConfig, ENVIRONMENT_NAMES, EnvironmentName } from '../../lib/config/types';
import { DppChecks } from '../../lib/nag/dpp-pack';
import { StatefulResourceRetainedInProduction } from '../../lib/nag/rules/data/StatefulResourceRetainedInProduction';
import { ruleId } from '../../lib/nag/rule';
import { productionPolicies, STATEFUL_TYPES } from '../../lib/policy/stateful';
import { BaselineStage } from '../../lib/stage/baseline-stage';
import { APP_WORKLOADS } from '../../lib/stage/workloads';
import { projectContext, violationsOf } from '../helpers';
import {
  Pins,
  pinDifferences,
  pinsOf,
  readPins,
  statefulResourcesOf,
  StackResources,
  UPDATE_COMMAND,
  writePins,
} from './stateful-pins';

/**
 * Replacement safety and production retention (issue 14, DPP 2.5 and 2.6):
 *
 * - the logical ids of every stateful resource (lib/policy/stateful.ts) of every stack
 *   of both environments are pinned in test/fixtures/stateful-logical-ids.json; a
 *   renamed or removed one fails with what its replacement destroys, a new one fails
 *   until pinned (`UPDATE_PINS=1 npx jest test/quality/stateful-resources.test.ts`);
 * - every stateful resource of every prod stack is retained on deletion and on
 *   replacement, and every prod stack is termination-protected;
 * - a careless workload author cannot break either without the synth saying so.
 *
 * The app is the committed config with the reference order sync enabled in prod too
 * (the config keeps it off there by default), so that the workload stack prod would
 * deploy is pinned and checked like the baseline. Enabling it changes no id of the
 * baseline. Bundling and the built-in validator are off: neither changes a logical id
 * or a policy.
 */

const CONTEXT = { ...projectContext(), 'aws:cdk:bundling-stacks': [] };

function configWithEveryWorkload(): BaselineConfig {
  const { config } = loadConfig();
  const prod = config.environments.prod;
  return {
    ...config,
    environments: {
      ...config.environments,
      prod: {
        ...prod,
        workloads: { ...prod.workloads, orderSync: { ...prod.workloads.orderSync, enabled: true } },
      },
    },
  };
}

let config: BaselineConfig;
let assemblies: Record<EnvironmentName, CloudAssembly>;
let resources: Record<EnvironmentName, StackResources>;

beforeAll(() => {
  config = configWithEveryWorkload();
  // The stages of createBaselineApp, without the packs it registers on the app: they
  // read the templates and change no logical id or policy, and cost seconds here.
  const app = new App({ context: CONTEXT });
  const stage = (env: EnvironmentName) =>
    new BaselineStage(app, STAGE_IDS[env], {
      projectName: config.projectName,
      environment: config.environments[env],
      workloads: APP_WORKLOADS,
    });
  assemblies = { test: stage('test').synth(), prod: stage('prod').synth() };
  resources = {
    test: statefulResourcesOf(assemblies.test),
    prod: statefulResourcesOf(assemblies.prod),
  };
});

describe('logical ids of stateful resources', () => {
  test('every stateful resource of both environments is pinned, under the id it had', () => {
    const actual = Object.fromEntries(
      ENVIRONMENT_NAMES.map((env) => [env, pinsOf(resources[env])]),
    ) as Pins;
    if (process.env.UPDATE_PINS) {
      writePins(actual);
      return;
    }
    const pinned = readPins();
    const problems = ENVIRONMENT_NAMES.flatMap((env) =>
      pinDifferences(pinned[env] ?? {}, actual[env]),
    );
    expect(problems).toEqual([]);
  });

  test('the pins hold the stores, keys, logs, trail, queues, secret and firewall of each environment', () => {
    const pinned = readPins();
    for (const env of ENVIRONMENT_NAMES) {
      const types = Object.values(pinned[env] ?? {}).flatMap((stack) =>
        Object.values(stack).map((r) => r.type),
      );
      for (const type of [
        'AWS::KMS::Key',
        'AWS::S3::Bucket',
        'AWS::DynamoDB::Table',
        'AWS::SecretsManager::Secret',
        'AWS::Logs::LogGroup',
        'AWS::CloudTrail::Trail',
        'AWS::SQS::Queue',
        'AWS::NetworkFirewall::Firewall',
        'AWS::SNS::Topic',
      ]) {
        expect({ env, type, pinned: types.includes(type) }).toEqual({ env, type, pinned: true });
      }
    }
  });

  describe('a refactor that renames a construct', () => {
    const prodPins = () => pinsOf(resources.prod);
    const piiBucket = () =>
      Object.entries(prodPins()['Prod/Baseline']).find(([, r]) =>
        r.path.endsWith('Data/PiiBucket/Resource/Resource'),
      )!;

    test('fails with the bucket, its path and what its replacement destroys', () => {
      const [id, bucket] = piiBucket();
      const renamed = structuredClone(prodPins());
      delete renamed['Prod/Baseline'][id];
      renamed['Prod/Baseline']['DataPersonalDataBucket0A1B2C3D'] = {
        type: bucket.type,
        path: 'Prod/Baseline/Data/PersonalDataBucket/Resource',
      };
      const problems = pinDifferences(prodPins(), renamed);
      expect(problems).toHaveLength(2);
      expect(problems[0]).toContain(`Prod/Baseline: AWS::S3::Bucket ${id} (${bucket.path})`);
      expect(problems[0]).toContain('deletes the bucket and every object in it');
      expect(problems[0]).toContain('the old one is orphaned');
      expect(problems[0]).toContain('DataPersonalDataBucket0A1B2C3D');
      expect(problems[1]).toContain(UPDATE_COMMAND);
    });

    test('fails if a key disappears, saying the data it encrypts becomes unreadable', () => {
      const [id, key] = Object.entries(prodPins()['Prod/Baseline']).find(
        ([, r]) => r.type === 'AWS::KMS::Key',
      )!;
      const without = structuredClone(prodPins());
      delete without['Prod/Baseline'][id];
      expect(pinDifferences(prodPins(), without)).toEqual([
        expect.stringContaining(`AWS::KMS::Key ${id} (${key.path}) is gone`),
      ]);
      expect(pinDifferences(prodPins(), without)[0]).toContain('can never be decrypted again');
    });
  });
});

describe('prod keeps its data', () => {
  test('every stateful resource of every prod stack is retained on deletion and replacement', () => {
    const stacks = Object.keys(resources.prod);
    expect(stacks).toEqual(['Prod/Baseline', 'Prod/OrderSync']);
    const notRetained = Object.entries(resources.prod).flatMap(([stack, byId]) =>
      Object.entries(byId)
        .filter(([, r]) => {
          const accepted = productionPolicies(r.type);
          return (
            accepted.length > 0 &&
            !(
              accepted.includes(r.deletionPolicy ?? 'Delete') &&
              accepted.includes(r.updateReplacePolicy ?? 'Delete')
            )
          );
        })
        .map(
          ([id, r]) =>
            `${stack}: ${r.type} ${id} (${r.path}) has DeletionPolicy ${r.deletionPolicy ?? '(none)'} and UpdateReplacePolicy ${r.updateReplacePolicy ?? '(none)'}`,
        ),
    );
    expect(notRetained).toEqual([]);
    // The workload stack's function log group is among them.
    expect(Object.values(resources.prod['Prod/OrderSync']).map((r) => r.type)).toContain(
      'AWS::Logs::LogGroup',
    );
  });

  test('only the firewall and the alarm topic are exempt, each for a stated reason', () => {
    expect(
      STATEFUL_TYPES.filter((t) => t.production === 'none').map((t) => [
        t.type,
        Boolean(t.noRetentionReason),
      ]),
    ).toEqual([
      ['AWS::NetworkFirewall::Firewall', true],
      ['AWS::SNS::Topic', true],
    ]);
  });

  test('test may destroy: it is torn down cheaply by design', () => {
    const bucket = Object.values(resources.test['Test/Baseline']).find(
      (r) => r.type === 'AWS::S3::Bucket',
    )!;
    expect(bucket.deletionPolicy).toBe('Delete');
  });

  test('every prod stack is termination-protected in the assembly, no test stack is', () => {
    const protection = (env: EnvironmentName) =>
      assemblies[env].stacks.map((s) => [s.hierarchicalId, s.terminationProtection ?? false]);
    expect(protection('prod')).toEqual([
      ['Prod/Baseline', true],
      ['Prod/OrderSync', true],
    ]);
    expect(protection('test').every(([, on]) => on === false)).toBe(true);
  });
});

describe('a careless workload author in prod', () => {
  const RULE = ruleId(StatefulResourceRetainedInProduction);

  /** One environment of the committed config with a workload built by `create`, alone in an app. */
  function stageWith(env: EnvironmentName, create: (stage: BaselineStage) => void): BaselineStage {
    const app = new App({ context: CONTEXT });
    const stage = new BaselineStage(app, STAGE_IDS[env], {
      projectName: config.projectName,
      environment: config.environments[env],
    });
    create(stage);
    return stage;
  }

  const scratchBucket = (stage: BaselineStage) =>
    stage.addWorkload('Scratch', (scope, id, baseline) => {
      const stack = new WorkloadStack(scope, id, { baseline });
      new s3.Bucket(stack, 'Exports', {
        encryptionKey: baseline.keys.pii,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      return stack;
    });

  test('fails if a prod workload creates a bucket with RemovalPolicy.DESTROY; test allows it', () => {
    const findings = (env: EnvironmentName) => {
      let workload: Stack | undefined;
      const stage = stageWith(env, (s) => (workload = scratchBucket(s)));
      stage.synth(); // applies the Environment tags, as the app's synth does before the packs
      return violationsOf(new DppChecks(), workload!)
        .filter((v) => v.ruleId === RULE)
        .flatMap((v) => v.paths);
    };
    expect(findings('prod')).toEqual(['Prod/Scratch/Exports/Resource']);
    expect(findings('test')).toEqual([]);
  });

  test('fails the synth if a prod workload is a plain Stack without termination protection', () => {
    const stage = stageWith('prod', (s) =>
      s.addWorkload('Plain', (scope, id, baseline) => {
        return new Stack(scope, id, {
          env: { account: baseline.account, region: baseline.region },
        });
      }),
    );
    expect(stage.node.validate()).toEqual([
      expect.stringMatching(
        /^Prod\/Plain: terminationProtection is false in prod, whose config requires it .*\(DPP 2\.5\)$/,
      ),
    ]);
  });

  test('fails the synth if termination protection is switched off after addWorkload', () => {
    const stage = stageWith('prod', (s) => {
      const workload = scratchBucket(s);
      workload.terminationProtection = false;
    });
    expect(stage.node.validate()).toEqual([expect.stringContaining('Prod/Scratch: ')]);
    expect(stageWith('test', scratchBucket).node.validate()).toEqual([]);
  });
});
