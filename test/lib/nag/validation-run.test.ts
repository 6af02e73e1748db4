import { isDeepStrictEqual } from 'util';
import { App, CfnResource, Stack, Stage, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { createBaselineApp } from '../../../lib/app';
import { loadConfig } from '../../../lib/config/load';
import { DppChecks } from '../../../lib/nag/dpp-pack';
import { cfnRenderedResource, renderResource } from '../../../lib/nag/rule';
import { duringValidationRun, synthesisValidationContext } from '../../../lib/nag/validation-run';
import { projectContext, TEST_ENV } from '../../helpers';

/**
 * Inside a synthesis the DPP pack reads each resource from the template just written
 * instead of rendering it again (lib/nag/validation-run.ts). The two must agree, or
 * the synth and the unit tests would judge different things.
 */

/** As JSON holds it: rendering keeps absent optional fields as keys with undefined values. */
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value));

describe('a validation run inside a synthesis', () => {
  // With path metadata, as under the CLI: resources are then found by their path.
  const { app } = createBaselineApp({
    config: loadConfig().config,
    checks: false,
    context: { ...projectContext(), 'aws:cdk:enable-path-metadata': true },
  });
  app.synth();
  const context = synthesisValidationContext(app);
  const templates = new Map(
    context.stackTemplates.map((s) => [s.stackConstructPath, s.templatePath] as const),
  );

  test('reads every resource of the baseline exactly as it renders, found by path or logical id', () => {
    const resources = app.node.findAll().filter(CfnResource.isCfnResource);
    expect(resources.length).toBeGreaterThan(600);
    const differing = duringValidationRun(
      () =>
        resources
          .filter((r) => !isDeepStrictEqual(cfnRenderedResource(r), asJson(renderResource(r))))
          .map((r) => r.node.path),
      templates,
    );
    expect(differing).toEqual([]);
  });

  test('renders what no template of the run holds', () => {
    const stray = new logs.CfnLogGroup(new Stack(app, 'NotSynthesized', { env: TEST_ENV }), 'L');
    expect(duringValidationRun(() => cfnRenderedResource(stray), templates)).toEqual(
      asJson(renderResource(stray)),
    );
  });
});

describe('the DPP pack in a synthesis and on its own', () => {
  test('report the same findings on resources that break rules', () => {
    const app = new App({
      context: { ...projectContext(), '@aws-cdk/core:failSynthOnValidationErrors': false },
    });
    const pack = new DppChecks();
    let inSynthesis: unknown;
    const validate = pack.validate.bind(pack);
    pack.validate = (context) => (inSynthesis = validate(context)) as ReturnType<typeof validate>;
    Validations.of(app).addPlugins(pack);
    const stage = new Stage(app, 'Test', { env: TEST_ENV });
    const stack = new Stack(stage, 'Baseline');
    new logs.LogGroup(stack, 'ShortLived', { retention: logs.RetentionDays.ONE_WEEK });
    new s3.Bucket(stack, 'Plain');
    new iam.User(stack, 'Person');
    app.synth();
    const alone = new DppChecks().validateScope(app);
    expect(alone.violations.length).toBeGreaterThan(2);
    expect(inSynthesis).toEqual(alone);
  });
});
