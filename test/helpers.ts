import * as fs from 'fs';
import * as path from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NagPack, NIST80053R5Checks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { DppChecks } from '../lib/nag/dpp-pack';
import { DppRule } from '../lib/nag/rule';

/** The account and region every test stack uses; synth does no lookups. */
export const TEST_ENV = { account: '123456789012', region: 'eu-west-1' };
export const TEST_AZS = ['eu-west-1a', 'eu-west-1b'];

/**
 * The feature flags and context of `cdk.json`. The CLI hands them to the app; an app
 * built in a test must be given them, or it would run with other defaults.
 */
export function projectContext(): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '../cdk.json'), 'utf8')).context;
}

/** An app with the project's context, as the CLI would build it. */
export function testApp(context: Record<string, unknown> = {}): App {
  return new App({ context: { ...projectContext(), ...context } });
}

/** A stack with an explicit environment and zones, in its own app. */
export function testStack(id = 'TestStack', app: App = testApp()): Stack {
  const stack = new Stack(app, id, { env: TEST_ENV });
  Object.defineProperty(stack, 'availabilityZones', { get: () => [...TEST_AZS] });
  return stack;
}

/** A violation as a pack reports it: the rule id and the construct paths. */
export interface Violation {
  readonly ruleId: string;
  readonly description: string;
  readonly paths: readonly string[];
}

/** Runs one pack over `scope` directly (no synth) and returns its violations. */
export function violationsOf(pack: NagPack, scope: IConstruct): Violation[] {
  return pack.validateScope(scope).violations.map((v) => ({
    ruleId: v.ruleName,
    description: v.description,
    paths: v.violatingResources.map((r) => r.constructPath ?? ''),
  }));
}

/**
 * Whether `rule` flags `resource`: runs a DPP pack holding only that rule over the
 * resource's stack and looks for the resource's path among the violations.
 */
export function ruleFlags(rule: DppRule, resource: IConstruct): boolean {
  const node =
    resource instanceof CfnResource ? resource : (resource.node.defaultChild as CfnResource);
  return violationsOf(new DppChecks(undefined, undefined, [rule]), Stack.of(node)).some((v) =>
    v.paths.includes(node.node.path),
  );
}

/** All violations of the three packs the app runs (DPP, AWS Solutions, NIST 800-53 R5). */
export function allPackViolations(scope: IConstruct): Violation[] {
  return [new DppChecks(), new AwsSolutionsChecks(), new NIST80053R5Checks()].flatMap((pack) =>
    violationsOf(pack, scope),
  );
}
