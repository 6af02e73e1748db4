import { Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';

/** A secret with a resource policy made of `statements`, for the secret-policy rules. */
export function secretWithPolicy(
  stack: Stack,
  id: string,
  statements: Record<string, unknown>[],
): secretsmanager.CfnSecret {
  const secret = new secretsmanager.CfnSecret(stack, id, { generateSecretString: {} });
  if (statements.length > 0) {
    new secretsmanager.CfnResourcePolicy(stack, `${id}Policy`, {
      secretId: secret.ref,
      resourcePolicy: { Version: '2012-10-17', Statement: statements },
    });
  }
  return secret;
}

export const READER = 'arn:aws:iam::123456789012:role/reader';
export const ENDPOINT = 'vpce-0123456789abcdef0';

export const denyOutsideEndpoint = (
  condition: Record<string, unknown> = {
    StringNotEquals: { 'aws:SourceVpce': ENDPOINT },
  },
) => ({
  Effect: 'Deny',
  Principal: '*',
  Action: 'secretsmanager:GetSecretValue',
  Resource: '*',
  Condition: condition,
});

export const denyOtherReaders = (condition?: Record<string, unknown>) => ({
  Effect: 'Deny',
  Principal: '*',
  Action: 'secretsmanager:GetSecretValue',
  Resource: '*',
  ...(condition ? { Condition: condition } : {}),
});
