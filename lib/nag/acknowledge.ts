import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ClauseId, cite, isClauseId } from '../policy/clauses';

/** What an acknowledgement rests on: a policy clause, or an engineering reason. */
export type AcknowledgementBasis =
  | { readonly clause: ClauseId }
  | {
      /** A short name of the engineering constraint, e.g. `CDK-managed custom resource`. */
      readonly engineering: string;
    };

export interface Acknowledgement {
  /** The rule id as the pack reports it, e.g. `AwsSolutions-IAM5` or `DPP-VPCFlowLogsEnabled`. */
  readonly ruleId: string;
  /** Why the finding is acceptable here; at least a sentence a reviewer can judge. */
  readonly reason: string;
  /** The clause, or engineering reason, the acknowledgement rests on. */
  readonly basis: AcknowledgementBasis;
}

/** Fewer characters than this cannot explain a decision to a reviewer. */
export const MIN_REASON_LENGTH = 20;

/**
 * The prefix every recorded reason starts with: `[DPP 2.6 Logging and Monitoring]`
 * or `[Engineering: CDK-managed custom resource]`. The synth gate rejects any
 * acknowledgement in the report without one, so a reason cannot be dropped by
 * calling `Validations.of(...).acknowledge` directly.
 */
export const BASIS_PATTERN = /^\[(?:(?:DPP|AUP|DUP) [0-9.]+ [^\]]+|Engineering: [^\]]+)\] \S/;

/** Raised at synth when an acknowledgement lacks a reason or a basis. */
export class AcknowledgementError extends Error {}

function basisLabel(ack: Acknowledgement, where: string): string {
  const basis = ack.basis as Partial<{ clause: string; engineering: string }> | undefined;
  if (basis?.clause !== undefined) {
    if (!isClauseId(basis.clause)) {
      throw new AcknowledgementError(
        `acknowledgement of ${ack.ruleId} on ${where}: basis clause '${basis.clause}' is not in the clause catalogue (lib/policy/clauses.ts)`,
      );
    }
    return cite(basis.clause);
  }
  const engineering = basis?.engineering?.trim();
  if (!engineering) {
    throw new AcknowledgementError(
      `acknowledgement of ${ack.ruleId} on ${where}: it names no basis; give the clause it rests on ({ clause: 'DPP 2.6' }) or an engineering reason ({ engineering: '...' })`,
    );
  }
  return `Engineering: ${engineering}`;
}

/**
 * Acknowledges a rule's finding on `scope` (and everything below it), with the reason
 * and the clause or engineering reason it rests on. This is the project's only way
 * to acknowledge a finding; it refuses an empty or token reason at synth.
 *
 * The packs honour the acknowledgement (the finding leaves the validation report), and
 * the aspect each stage registers (`recordAcknowledgements` in lib/checks.ts) writes it
 * into the template's `cdk_nag` metadata, where the synth gate checks it again.
 */
export function acknowledge(scope: IConstruct, ...acks: Acknowledgement[]): void {
  for (const ack of acks) {
    const where = scope.node.path || '(app)';
    if (!ack.ruleId?.trim()) {
      throw new AcknowledgementError(`acknowledgement on ${where}: ruleId is empty`);
    }
    const reason = (ack.reason ?? '').trim();
    if (reason.length < MIN_REASON_LENGTH) {
      throw new AcknowledgementError(
        `acknowledgement of ${ack.ruleId} on ${where}: reason ${JSON.stringify(ack.reason ?? '')} is ${reason.length === 0 ? 'empty' : 'too short'}; say in at least ${MIN_REASON_LENGTH} characters why the finding is acceptable here`,
      );
    }
    const label = basisLabel(ack, where);
    Validations.of(scope).acknowledge({ id: ack.ruleId, reason: `[${label}] ${reason}` });
  }
}
