import { CfnResource, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ClauseId, isClauseId } from '../policy/clauses';

/**
 * What a resource declares it implements, for the compliance report: the clauses it
 * serves and, in one sentence, how. A construct calls `declareControl` on the
 * resource(s) that carry a control (the key, the firewall, the alarm); the
 * declaration travels as template metadata under `CONTROLS_METADATA_KEY`, and the
 * report (lib/report) reads it from the cloud assembly:
 *
 * - an `enforced` clause is `met` in an environment when the rules that check it
 *   found nothing there and a resource declares it or a rule passed on one;
 * - a clause declared by an alarm, a function or a detector (by CloudFormation type,
 *   see `MONITOR_RESOURCE_TYPES` in lib/report/statuses.ts) is `monitored`, naming them.
 *
 * A declaration is a claim, not a check: the DPP pack's rules check the resources,
 * and the report names both. Declare on the narrowest resource that implements the
 * control, with a summary that says what it does for the clause.
 */

/** The template metadata key of a resource's control declarations. */
export const CONTROLS_METADATA_KEY = 'spapi-dpp:controls';

export interface ControlDeclaration {
  /** The clauses the resource implements, first the one it mainly serves. */
  readonly clauses: readonly ClauseId[];
  /** What the resource does for them, in one sentence a reviewer reads. */
  readonly summary: string;
}

/** Raised at synth when a declaration names no clause, an unknown one, or says nothing. */
export class ControlDeclarationError extends Error {}

/** The L1 resource a declaration goes on: `scope` itself, or its default child. */
function resourceOf(scope: IConstruct): CfnResource {
  if (CfnResource.isCfnResource(scope)) return scope;
  const child = scope.node.defaultChild;
  if (child && CfnResource.isCfnResource(child)) return child;
  throw new ControlDeclarationError(
    `${scope.node.path}: declareControl() needs a CloudFormation resource, or a construct whose default child is one`,
  );
}

function validated(where: string, declaration: ControlDeclaration): ControlDeclaration {
  const clauses = [...(declaration.clauses ?? [])];
  if (clauses.length === 0) {
    throw new ControlDeclarationError(`${where}: declareControl() names no clause`);
  }
  const unknown = clauses.filter((id) => !isClauseId(id));
  if (unknown.length > 0) {
    throw new ControlDeclarationError(
      `${where}: declareControl() names ${unknown.map((id) => `'${id}'`).join(', ')}, not in the clause catalogue (lib/policy/clauses.ts)`,
    );
  }
  const summary = (declaration.summary ?? '').trim();
  if (summary.length === 0 || Token.isUnresolved(summary)) {
    throw new ControlDeclarationError(
      `${where}: declareControl() for ${clauses.join(', ')} needs a summary a reviewer can read, not ${JSON.stringify(declaration.summary ?? '')}`,
    );
  }
  return { clauses, summary };
}

/**
 * Declares that `scope` (an L1 resource, or an L2 whose default child is the
 * resource) implements a control for `declaration.clauses`. Several declarations on
 * one resource add up.
 */
export function declareControl(scope: IConstruct, declaration: ControlDeclaration): void {
  const resource = resourceOf(scope);
  const entry = validated(resource.node.path, declaration);
  const existing = (resource.getMetadata(CONTROLS_METADATA_KEY) as ControlDeclaration[]) ?? [];
  resource.addMetadata(CONTROLS_METADATA_KEY, [...existing, entry]);
}

/** The declarations a template resource's metadata holds (empty when it declares none). */
export function declaredControls(
  metadata: Record<string, unknown> | undefined,
): ControlDeclaration[] {
  const value = metadata?.[CONTROLS_METADATA_KEY];
  if (!Array.isArray(value)) return [];
  return value.filter(
    (d): d is ControlDeclaration =>
      d !== null &&
      typeof d === 'object' &&
      Array.isArray((d as ControlDeclaration).clauses) &&
      typeof (d as ControlDeclaration).summary === 'string',
  );
}
