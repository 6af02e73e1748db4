import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * The actions through which a principal reads Information, its secrets, or lifts the
 * controls that keep them private (DPP 1.3 need-to-know; separation of duties for the
 * roles that run the platform or audit it). Roles that must never read Information
 * carry explicit Deny statements built from these lists, so that no Allow added later,
 * by a managed policy or a careless grant, can give them the reads.
 */

/** Reading objects, or making a readable copy of an archived one. */
export const OBJECT_READ_ACTIONS: readonly string[] = ['s3:GetObject*', 's3:RestoreObject'];

/** Reading items, or copying a table into a backup, an export or another table. */
export const ITEM_READ_ACTIONS: readonly string[] = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:PartiQLSelect',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
  'dynamodb:ExportTableToPointInTime',
  'dynamodb:RestoreTableToPointInTime',
  'dynamodb:RestoreTableFromBackup',
  'dynamodb:CreateBackup',
];

/** Reading secret values: Secrets Manager, SecureString parameters, Macie's samples. */
export const SECRET_READ_ACTIONS: readonly string[] = [
  'secretsmanager:GetSecretValue',
  'secretsmanager:BatchGetSecretValue',
  'ssm:GetParameter',
  'ssm:GetParameters',
  'ssm:GetParametersByPath',
  'ssm:GetParameterHistory',
  // Macie keeps samples of the sensitive data it found.
  'macie2:GetSensitiveDataOccurrences',
];

/** Decrypting directly, or re-encrypting ciphertext under a key one controls. */
export const KEY_USE_ACTIONS: readonly string[] = ['kms:Decrypt', 'kms:ReEncrypt*'];

/** Changing the resource policies and grants that decide who may read, or copying data out. */
export const PROTECTION_CHANGE_ACTIONS: readonly string[] = [
  's3:PutBucketPolicy',
  's3:DeleteBucketPolicy',
  's3:PutReplicationConfiguration',
  's3:PutAccessPointPolicy',
  'dynamodb:PutResourcePolicy',
  'dynamodb:DeleteResourcePolicy',
  'kms:PutKeyPolicy',
  'kms:CreateGrant',
  'secretsmanager:PutResourcePolicy',
  'secretsmanager:DeleteResourcePolicy',
];

/** A Deny of `actions` on `resources` (every resource when omitted). */
export function denyStatement(
  sid: string,
  actions: readonly string[],
  scope: { resources?: readonly string[]; notResources?: readonly string[] } = {},
): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid,
    effect: iam.Effect.DENY,
    actions: [...actions],
    ...(scope.notResources
      ? { notResources: [...scope.notResources] }
      : { resources: [...(scope.resources ?? ['*'])] }),
  });
}
