import { spawnSync, SpawnSyncOptions, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { NagPack } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { checkPacks } from '../lib/checks';
import { DppChecks } from '../lib/nag/dpp-pack';
import { DppRule, ruleId } from '../lib/nag/rule';

/** The repository's root. */
export const ROOT = path.join(__dirname, '..');

/**
 * Runs `npm run <script> -- <args>` the way npm starts it (the command line of
 * package.json, from the root), without npm's own start-up. For the command entry
 * points, tested as users run them.
 */
export function runNpmScript(
  script: string,
  args: readonly string[],
  options: SpawnSyncOptions = {},
): SpawnSyncReturns<string> {
  const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts;
  const command: string | undefined = scripts[script];
  if (!command?.startsWith('node ')) {
    throw new Error(`package.json has no script ${script} that runs node: ${command}`);
  }
  const [, ...nodeArgs] = command.split(' ');
  return spawnSync(process.execPath, [...nodeArgs, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    ...options,
  }) as SpawnSyncReturns<string>;
}

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

/** An acknowledgement as the construct tree records it. */
export interface RecordedAcknowledgement {
  /** The construct it was made on. */
  readonly path: string;
  /** The rule id it acknowledges, e.g. `AwsSolutions-IAM5`. */
  readonly ruleId: string;
  /** The reason, prefixed by its basis (`[DPP 1.1 Network Protection] ...`). */
  readonly reason: string;
}

/**
 * Every acknowledgement made on `scope` or below it (by `acknowledge()` or anything
 * else that calls `Validations.of(...).acknowledge`), read from the construct tree.
 */
export function acknowledgementsUnder(scope: IConstruct): RecordedAcknowledgement[] {
  return scope.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && m.data)
      .flatMap((m) =>
        Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({
          path: c.node.path,
          // aws-cdk-lib qualifies the packs' rule ids as `Annotation::<id>`.
          ruleId: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

/**
 * The violations of the packs the app runs, as if nothing under `scope` were
 * acknowledged: what every acknowledgement hides. (cdk-nag v3 asks one method of the
 * pack whether a finding is acknowledged; here it always answers no.)
 */
export function allPackViolationsIgnoringAcknowledgements(scope: IConstruct): Violation[] {
  return checkPacks().flatMap((pack) => {
    Object.defineProperty(pack, 'isAcknowledged', { value: () => false });
    return violationsOf(pack, scope);
  });
}

/** Whether `violation` is of `ruleId` on the construct at `path` or below it. */
function hides(violation: Violation, { path, ruleId }: RecordedAcknowledgement): boolean {
  return (
    violation.ruleId === ruleId &&
    violation.paths.some((p) => p === path || p.startsWith(`${path}/`))
  );
}

/**
 * The acknowledgements of the packs' findings among `acknowledgements` that hide no
 * finding the packs report in `violations` (see
 * `allPackViolationsIgnoringAcknowledgements`), on or below the acknowledged construct.
 */
export function staleAcknowledgements(
  acknowledgements: readonly RecordedAcknowledgement[],
  violations: readonly Violation[],
): RecordedAcknowledgement[] {
  const packPrefixes = checkPacks().map((pack) => `${pack.readPackName}-`);
  return acknowledgements.filter(
    (ack) =>
      packPrefixes.some((prefix) => ack.ruleId.startsWith(prefix)) &&
      !violations.some((v) => hides(v, ack)),
  );
}
