import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleResult } from 'cdk-nag';
import { ClauseId, cite, clause } from '../policy/clauses';
import { memoized, synthesizedResources } from './validation-run';

/**
 * One check of the DPP pack. Each rule lives in its own file under
 * `lib/nag/rules/<family>/<Name>.ts`, named after what it checks.
 *
 * A rule's `check` returns `NagRuleCompliance.COMPLIANT`, `NON_COMPLIANT` or
 * `NOT_APPLICABLE` (or a list of findings). It resolves tokens and never guesses:
 * where a value it needs is not known at synth, it throws, and the pack reports the
 * resource as a finding.
 */
export interface DppRule {
  /** Rule id suffix; the pack reports it as `DPP-<name>`. Matches the file name. */
  readonly name: string;
  /** The clauses this rule enforces, first the one it mainly rests on. */
  readonly clauses: readonly ClauseId[];
  /** What is wrong with a resource that trips the rule, without the clause wording. */
  readonly finding: string;
  /**
   * Severity of a finding.
   * @default NagMessageLevel.ERROR
   */
  readonly level?: NagMessageLevel;
  check(node: CfnResource): NagRuleResult;
}

/** The pack's prefix for rule ids. */
export const DPP_PACK_NAME = 'DPP';

/** The full id a rule is reported and acknowledged under, e.g. `DPP-VPCFlowLogsEnabled`. */
export function ruleId(rule: DppRule): string {
  return `${DPP_PACK_NAME}-${rule.name}`;
}

/** The one-line finding message, generated from the catalogue: `[DPP 2.6 Logging and Monitoring] ...`. */
export function ruleInfo(rule: DppRule): string {
  return `[${rule.clauses.map(cite).join('; ')}] ${rule.finding}`;
}

/** The explanation: the clause wording from the catalogue. */
export function ruleExplanation(rule: DppRule): string {
  return rule.clauses.map((id) => `${cite(id)}: ${clause(id).requirement}`).join(' ');
}

/** Thrown by a rule when a value it must know is an unresolved token. */
export class UnresolvedValueError extends Error {}

/** Resolves a CloudFormation property value of `node` (tokens become intrinsics or literals). */
export function resolve(node: CfnResource, value: unknown): unknown {
  return Stack.of(node).resolve(value);
}

/**
 * Resolves a value that must be a literal (string, number or boolean) for the rule to
 * decide; throws `UnresolvedValueError` when it is an intrinsic that synth cannot know.
 */
export function resolveLiteral(node: CfnResource, value: unknown, what: string): unknown {
  const resolved = resolve(node, value);
  if (resolved !== null && typeof resolved === 'object') {
    throw new UnresolvedValueError(
      `${what} of ${node.node.path} is ${JSON.stringify(resolved)}, not a value known at synth`,
    );
  }
  if (typeof resolved === 'string' && Token.isUnresolved(resolved)) {
    throw new UnresolvedValueError(`${what} of ${node.node.path} is an unresolved token`);
  }
  return resolved;
}

/**
 * The properties of an L1 resource exactly as the template will hold them:
 * CloudFormation names, overrides and tags applied, tokens resolved. Rendered once per
 * validation run (see `validation-run.ts`); callers must not modify what it returns.
 */
export function cfnProperties(node: CfnResource): Record<string, unknown> {
  return (cfnRenderedResource(node).Properties as Record<string, unknown> | undefined) ?? {};
}

/**
 * The whole resource as the template will hold it (`Type`, `Properties`, `Metadata`,
 * `DependsOn`, ...), tokens resolved; once per validation run. Inside a synthesis it
 * is the resource of the template just written; otherwise it is rendered from the
 * construct (test/lib/nag/validation-run.test.ts shows the two agree).
 */
export function cfnRenderedResource(node: CfnResource): Record<string, unknown> {
  return memoized('cfnRenderedResource', node, () => {
    const stack = Stack.of(node);
    const synthesized = synthesizedResources(stack.node.path);
    const resource =
      synthesized?.byPath.get(node.node.path) ??
      synthesized?.byLogicalId[stack.resolve(node.logicalId) as string];
    return resource ?? renderResource(node);
  });
}

/** The resource rendered from its construct, as synthesis would write it. */
export function renderResource(node: CfnResource): Record<string, unknown> {
  const rendered = resolve(
    node,
    (node as unknown as { _toCloudFormation(): unknown })._toCloudFormation(),
  ) as { Resources?: Record<string, Record<string, unknown>> };
  return Object.values(rendered.Resources ?? {})[0] ?? {};
}

/** One property of an L1 resource by its CloudFormation name (e.g. `RetentionInDays`), resolved. */
export function cfnProperty(node: CfnResource, cfnName: string): unknown {
  return cfnProperties(node)[cfnName];
}

/** Whether a resolved template value is CloudFormation's true (`true` or `"true"`). */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** A CloudFormation object value (a property type such as a lifecycle rule), resolved. */
export type CfnObject = Record<string, unknown>;

/**
 * Whether a resolved value is an intrinsic function (`{ Ref }`, `{ "Fn::If": ... }`),
 * not a literal. Rendered L1 properties keep absent optional fields as keys with
 * `undefined` values; those are ignored.
 */
export function isIntrinsic(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

/**
 * A resolved value that must be a CloudFormation object for the rule to read inside
 * it; `undefined` when absent. Throws `UnresolvedValueError` when it is an intrinsic.
 */
export function objectValue(
  node: CfnResource,
  value: unknown,
  what: string,
): CfnObject | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value) || isIntrinsic(value)) {
    throw new UnresolvedValueError(
      `${what} of ${node.node.path} is ${JSON.stringify(value)}, not an object known at synth`,
    );
  }
  return value as CfnObject;
}

/**
 * A resolved value that must be a list of CloudFormation objects; empty when absent.
 * Throws `UnresolvedValueError` when the list or one of its items is an intrinsic.
 */
export function objectList(node: CfnResource, value: unknown, what: string): CfnObject[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new UnresolvedValueError(
      `${what} of ${node.node.path} is ${JSON.stringify(value)}, not a list known at synth`,
    );
  }
  return value.map((item) => objectValue(node, item, what) as CfnObject);
}
