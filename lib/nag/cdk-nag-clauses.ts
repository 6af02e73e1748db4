import { ClauseId } from '../policy/clauses';

/**
 * The clauses that rules of cdk-nag's AwsSolutions and NIST 800-53 rev 5 packs check.
 * The DPP pack's rules name their clauses themselves (`DppRule.clauses`); the other
 * packs know nothing of the policies, so the compliance report places their findings
 * under a clause only
 *
 * - through this table, where the rule checks something the clause itself requires
 *   (TLS on a bucket is DPP 1.5; a security group open to the world is DPP 1.1), or
 * - through the basis of an acknowledgement (`[DPP 1.1 Network Protection] ...`).
 *
 * Everything else lands in the report's "unmapped" section. The table is small on
 * purpose: a rule is listed only when a finding of it is a deviation from the clause,
 * never because it is related (key rotation, backups and replication are good
 * practice the policies do not require, and stay unmapped). docs/checks.md lists it;
 * a test keeps the two in step.
 */
export interface CdkNagRuleClauses {
  /** The rule id as the pack reports it, without a finding's `[detail]`. */
  readonly ruleId: string;
  readonly clauses: readonly ClauseId[];
  /** Why a finding of this rule is a deviation from those clauses. */
  readonly why: string;
}

export const CDK_NAG_RULE_CLAUSES: readonly CdkNagRuleClauses[] = [
  {
    ruleId: 'AwsSolutions-IAM4',
    clauses: ['DPP 1.3'],
    why: 'An AWS managed policy grants what AWS chose, not what the job needs.',
  },
  {
    ruleId: 'AwsSolutions-IAM5',
    clauses: ['DPP 1.3'],
    why: 'A wildcard action or resource grants more than the need-to-know.',
  },
  {
    ruleId: 'NIST.800.53.R5-IAMPolicyNoStatementsWithAdminAccess',
    clauses: ['DPP 1.3'],
    why: 'Administrator access on everything is the opposite of least privilege.',
  },
  {
    ruleId: 'NIST.800.53.R5-IAMPolicyNoStatementsWithFullAccess',
    clauses: ['DPP 1.3'],
    why: 'Every action of a service is more than a job needs.',
  },
  {
    ruleId: 'AwsSolutions-S10',
    clauses: ['DPP 1.5'],
    why: 'A bucket that accepts requests without TLS lets Information travel unencrypted.',
  },
  {
    ruleId: 'NIST.800.53.R5-S3BucketSSLRequestsOnly',
    clauses: ['DPP 1.5'],
    why: 'A bucket that accepts requests without TLS lets Information travel unencrypted.',
  },
  {
    ruleId: 'AwsSolutions-EC23',
    clauses: ['DPP 1.1'],
    why: 'A security group open to any address does not restrict access to approved users.',
  },
  {
    ruleId: 'NIST.800.53.R5-EC2RestrictedSSH',
    clauses: ['DPP 1.1'],
    why: 'SSH open to any address does not restrict access to approved users.',
  },
  {
    ruleId: 'AwsSolutions-S2',
    clauses: ['DPP 1.1'],
    why: 'A bucket without a public access block can be opened to anyone.',
  },
  {
    ruleId: 'NIST.800.53.R5-S3BucketLevelPublicAccessProhibited',
    clauses: ['DPP 1.1'],
    why: 'A bucket without a public access block can be opened to anyone.',
  },
  {
    ruleId: 'AwsSolutions-VPC7',
    clauses: ['DPP 2.6'],
    why: 'Without flow logs, access attempts on the network channel are not logged.',
  },
  {
    ruleId: 'NIST.800.53.R5-VPCFlowLogsEnabled',
    clauses: ['DPP 2.6'],
    why: 'Without flow logs, access attempts on the network channel are not logged.',
  },
  {
    ruleId: 'AwsSolutions-S1',
    clauses: ['DPP 2.6'],
    why: 'Without server access logs, access attempts on the storage layer are not logged.',
  },
  {
    ruleId: 'NIST.800.53.R5-S3BucketLoggingEnabled',
    clauses: ['DPP 2.6'],
    why: 'Without server access logs, access attempts on the storage layer are not logged.',
  },
  {
    ruleId: 'NIST.800.53.R5-CloudTrailLogFileValidationEnabled',
    clauses: ['DPP 2.6'],
    why: 'Without digest files, tampering with the trail cannot be detected.',
  },
  {
    ruleId: 'AwsSolutions-SMG4',
    clauses: ['DUP 3.4'],
    why: 'A secret that is never rotated is not reset regularly.',
  },
  {
    ruleId: 'NIST.800.53.R5-SecretsManagerRotationEnabled',
    clauses: ['DUP 3.4'],
    why: 'A secret that is never rotated is not reset regularly.',
  },
];

const BY_RULE: ReadonlyMap<string, CdkNagRuleClauses> = new Map(
  CDK_NAG_RULE_CLAUSES.map((entry) => [entry.ruleId, entry]),
);

/** A finding id without its detail: `AwsSolutions-IAM5[Resource::*]` -> `AwsSolutions-IAM5`. */
export function baseRuleId(findingId: string): string {
  const bracket = findingId.indexOf('[');
  return bracket === -1 ? findingId : findingId.slice(0, bracket);
}

/** The table's entry for a cdk-nag rule (or one of its findings), if it has one. */
export function cdkNagRuleClauses(findingId: string): CdkNagRuleClauses | undefined {
  return BY_RULE.get(baseRuleId(findingId));
}
