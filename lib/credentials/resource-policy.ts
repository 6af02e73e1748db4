/**
 * The resource policy of every credential secret (AUP 3.1 Never share keys or
 * passwords, DPP 1.3 Least Privilege Principle, DUP 4.7 Data stays on the internal
 * network): the roles that need the value may read it, every other principal is
 * refused, and reads that do not come through the VPC's Secrets Manager endpoint are
 * refused whoever makes them. The stack applies it to the secrets it owns; the
 * onboarding command applies the same policy to each selling partner's secret.
 *
 * Writing a value is not restricted here: people put values in from outside the VPC
 * with the commands, through a role that can write but not read.
 */

/** Actions that reveal a secret's value. */
export const SECRET_READ_ACTIONS = ['secretsmanager:GetSecretValue'] as const;

export interface SecretPolicyOptions {
  /** ARNs of the roles that may read the value; empty refuses every read. */
  readonly readerArns: readonly string[];
  /**
   * ARNs of workload roles (docs/workloads.md) that may read the value through their own
   * IAM policy: the Deny exempts them, the Allow does not name them, because a policy
   * naming a principal that does not exist yet is refused and the workload's stack is
   * deployed after the secret's.
   * @default none
   */
  readonly workloadReaderArns?: readonly string[];
  /** The Secrets Manager interface endpoint of the VPC (`vpce-...`). */
  readonly secretsManagerEndpointId: string;
}

/** A policy document as Secrets Manager takes it (JSON-serialisable). */
export interface SecretPolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly Record<string, unknown>[];
}

export function secretResourcePolicy(options: SecretPolicyOptions): SecretPolicyDocument {
  const { readerArns, secretsManagerEndpointId } = options;
  const exempt = [...readerArns, ...(options.workloadReaderArns ?? [])];
  const statements: Record<string, unknown>[] = [];
  if (readerArns.length > 0) {
    statements.push({
      Sid: 'AllowReadsByNamedRoles',
      Effect: 'Allow',
      Principal: { AWS: [...readerArns] },
      Action: [...SECRET_READ_ACTIONS, 'secretsmanager:DescribeSecret'],
      Resource: '*',
    });
  }
  statements.push({
    Sid: 'DenyReadsByOtherPrincipals',
    Effect: 'Deny',
    Principal: '*',
    Action: [...SECRET_READ_ACTIONS],
    Resource: '*',
    ...(exempt.length > 0 ? { Condition: { ArnNotEquals: { 'aws:PrincipalArn': exempt } } } : {}),
  });
  statements.push({
    Sid: 'DenyReadsOutsideVpcEndpoint',
    Effect: 'Deny',
    Principal: '*',
    Action: [...SECRET_READ_ACTIONS],
    Resource: '*',
    Condition: { StringNotEquals: { 'aws:SourceVpce': secretsManagerEndpointId } },
  });
  return { Version: '2012-10-17', Statement: statements };
}
