import { CfnResource } from 'aws-cdk-lib';
import { cfnProperty } from '../../rule';
import { Statement, coversAction, isAnyPrincipal, statementsOf } from '../../policy';
import { refersTo, resourcesReferringTo } from '../../template';

/**
 * Reading what a Secrets Manager secret's resource policy says, for the credentials
 * rules. A secret's policy is a separate `AWS::SecretsManager::ResourcePolicy`
 * resource whose `SecretId` refers to the secret.
 */

/** The action that reveals a secret's value. */
export const READ_SECRET_VALUE = 'secretsmanager:GetSecretValue';

/** The statements of every resource policy attached to `secret`. */
export function secretPolicyStatements(secret: CfnResource): Statement[] {
  return resourcesReferringTo(secret, 'AWS::SecretsManager::ResourcePolicy', 'SecretId').flatMap(
    (policy) => statementsOf(cfnProperty(policy, 'ResourcePolicy')),
  );
}

/**
 * A Deny of reading the value, to anyone, on this secret: only its condition (checked
 * by the caller) may narrow it. A Deny written with `NotAction` counts when the read is
 * not among the actions it spares.
 */
export function deniesReadsToAnyone(statement: Statement, secret: CfnResource): boolean {
  return (
    statement.effect === 'Deny' &&
    isAnyPrincipal(statement.principal) &&
    coversAction(statement, READ_SECRET_VALUE) &&
    statement.resources.some((resource) => resource === '*' || refersTo(resource, secret))
  );
}

/** Whether a literal part of a condition value is a wildcard pattern that could match anything. */
export function hasWildcard(values: readonly unknown[]): boolean {
  return values.some((v) => typeof v === 'string' && /[*?]/.test(v));
}
