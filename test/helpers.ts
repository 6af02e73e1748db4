import * as fs from 'fs';
import * as path from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { NagPack } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { checkPacks } from '../lib/checks';
import { DppChecks } from '../lib/nag/dpp-pack';
import { DppRule, ruleId } from '../lib/nag/rule';

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
 * What a rule decided on one resource: compliant (or not applicable), non-compliant
 * with the ids of its findings, or threw, with the message (a value unknown at synth,
 * or a bug: the message tells which).
 */
export type RuleOutcome =
  | { readonly result: 'compliant' }
  | { readonly result: 'non-compliant'; readonly findings: readonly string[] }
  | { readonly result: 'threw'; readonly message: string };

/** How cdk-nag v3 describes a rule that threw (`NagPack.addViolation`, verbose). */
const THREW = 'Rule threw an error during validation. ';

function cfnNode(resource: IConstruct): CfnResource {
  return resource instanceof CfnResource ? resource : (resource.node.defaultChild as CfnResource);
}

/**
 * Runs a DPP pack holding only `rule` on `resource` alone, as the app's pack runs it
 * (acknowledgements honoured, stack-wide lookups over the resource's stack), and tells
 * apart a finding from a rule that threw. The pack is verbose so that it reports the
 * message of what was thrown.
 */
export function ruleOutcome(rule: DppRule, resource: IConstruct): RuleOutcome {
  const node = cfnNode(resource);
  const violations = new DppChecks(undefined, { verbose: true }, [rule]).validateScope(
    node,
  ).violations;
  const threw = violations.find((v) => v.description.startsWith(THREW));
  if (threw) return { result: 'threw', message: threw.description.slice(THREW.length) };
  if (violations.length === 0) return { result: 'compliant' };
  return { result: 'non-compliant', findings: violations.map((v) => v.ruleName) };
}

/** The outcome of a rule that threw with a message matching `pattern`, for `toEqual`. */
export function threw(pattern: RegExp): RuleOutcome {
  return { result: 'threw', message: expect.stringMatching(pattern) };
}

/**
 * Whether `rule` reports a finding on `resource`. Throws if the rule threw instead:
 * a crash is not a finding; test a value unknown at synth with `ruleOutcome` and
 * `threw(...)`, which assert the message.
 */
export function ruleFlags(rule: DppRule, resource: IConstruct): boolean {
  const outcome = ruleOutcome(rule, resource);
  if (outcome.result === 'threw') {
    throw new Error(
      `${ruleId(rule)} threw on ${cfnNode(resource).node.path} instead of deciding: ${outcome.message}`,
    );
  }
  return outcome.result === 'non-compliant';
}

/** All violations of the packs the app runs (`checkPacks()` of lib/checks.ts). */
export function allPackViolations(scope: IConstruct): Violation[] {
  return checkPacks().flatMap((pack) => violationsOf(pack, scope));
}
