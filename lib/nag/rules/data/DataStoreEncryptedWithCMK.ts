import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import {
  CMK_CLASSIFICATIONS,
  DATA_CLASSIFICATION_TAG,
} from '../../../../lib/policy/classification';
import { DppRule, cfnProperties, isTrue, resolveLiteral } from '../../rule';
import { tagValue } from '../../template';

type Properties = Record<string, unknown>;

/** Decides, from a store's resolved properties, whether a customer-managed key encrypts it. */
type CmkCheck = (node: CfnResource, properties: Properties) => boolean;

/** AWS-managed keys are addressed by reserved aliases: alias/aws/s3, alias/aws/dynamodb... */
const AWS_MANAGED_ALIAS = /alias\/aws\//i;

const S3_KMS_ALGORITHMS = ['aws:kms', 'aws:kms:dsse'];

/** The value at `path` inside a resolved template value; `undefined` when any step is missing. */
function at(value: unknown, ...path: string[]): unknown {
  return path.reduce<unknown>(
    (current, key) =>
      current !== null && typeof current === 'object' ? (current as Properties)[key] : undefined,
    value,
  );
}

/** A list property as a list; throws when the list itself is an intrinsic. */
function listAt(node: CfnResource, value: unknown, what: string): unknown[] {
  if (Array.isArray(value)) return value;
  return resolveLiteral(node, value, what) === undefined ? [] : [value];
}

/** Every literal string inside a resolved value (an intrinsic's arguments included). */
function literalStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(literalStrings);
}

/**
 * Whether a key id, ARN or alias names a customer-managed key: it is present and no
 * literal part of it is an AWS-managed alias. A literal key ARN, a customer alias, a
 * Ref/GetAtt to a key in the stack, and also an intrinsic the template cannot resolve
 * (Fn::ImportValue of a keys stack's export, a parameter) count: what this rule asks
 * is that a key of the Developer's is named, and CDK's cross-stack references to such
 * a key take exactly that form.
 */
function namesCustomerKey(keyId: unknown): boolean {
  if (keyId === undefined || keyId === null || keyId === '') return false;
  return !literalStrings(keyId).some((part) => AWS_MANAGED_ALIAS.test(part));
}

function flag(node: CfnResource, value: unknown, what: string): boolean {
  return isTrue(resolveLiteral(node, value, what));
}

const bucketUsesCmk: CmkCheck = (node, p) => {
  const rules = listAt(
    node,
    at(p, 'BucketEncryption', 'ServerSideEncryptionConfiguration'),
    'BucketEncryption.ServerSideEncryptionConfiguration',
  );
  // Without a rule S3 applies SSE-S3, with keys S3 owns.
  return (
    rules.length > 0 &&
    rules.every((rule) => {
      const byDefault = at(rule, 'ServerSideEncryptionByDefault');
      const algorithm = resolveLiteral(node, at(byDefault, 'SSEAlgorithm'), 'SSEAlgorithm');
      return (
        S3_KMS_ALGORITHMS.includes(String(algorithm)) &&
        namesCustomerKey(at(byDefault, 'KMSMasterKeyID'))
      );
    })
  );
};

const tableUsesCmk: CmkCheck = (node, p) =>
  flag(node, at(p, 'SSESpecification', 'SSEEnabled'), 'SSESpecification.SSEEnabled') &&
  resolveLiteral(node, at(p, 'SSESpecification', 'SSEType'), 'SSESpecification.SSEType') ===
    'KMS' &&
  namesCustomerKey(at(p, 'SSESpecification', 'KMSMasterKeyId'));

const globalTableUsesCmk: CmkCheck = (node, p) => {
  const replicas = listAt(node, at(p, 'Replicas'), 'Replicas');
  return (
    flag(node, at(p, 'SSESpecification', 'SSEEnabled'), 'SSESpecification.SSEEnabled') &&
    resolveLiteral(node, at(p, 'SSESpecification', 'SSEType'), 'SSESpecification.SSEType') ===
      'KMS' &&
    replicas.length > 0 &&
    replicas.every((replica) => namesCustomerKey(at(replica, 'SSESpecification', 'KMSMasterKeyId')))
  );
};

/** A check for stores that switch encryption on with a flag and name the key beside it. */
const flagAndKey =
  (flagProperty: string, keyProperty: string): CmkCheck =>
  (node, p) =>
    flag(node, p[flagProperty], flagProperty) && namesCustomerKey(p[keyProperty]);

/** A check for stores that are encrypted with whatever key they name. */
const keyOnly =
  (keyProperty: string): CmkCheck =>
  (_node, p) =>
    namesCustomerKey(p[keyProperty]);

/** How each data store type (DATA_STORE_TYPES) shows a customer-managed key. */
export const CMK_CHECKS: Readonly<Record<string, CmkCheck>> = {
  'AWS::S3::Bucket': bucketUsesCmk,
  'AWS::DynamoDB::Table': tableUsesCmk,
  'AWS::DynamoDB::GlobalTable': globalTableUsesCmk,
  'AWS::RDS::DBInstance': flagAndKey('StorageEncrypted', 'KmsKeyId'),
  'AWS::RDS::DBCluster': flagAndKey('StorageEncrypted', 'KmsKeyId'),
  'AWS::EFS::FileSystem': flagAndKey('Encrypted', 'KmsKeyId'),
  // SqsManagedSseEnabled uses keys SQS owns; only a named KMS key counts.
  'AWS::SQS::Queue': keyOnly('KmsMasterKeyId'),
  'AWS::Kinesis::Stream': (node, p) =>
    resolveLiteral(
      node,
      at(p, 'StreamEncryption', 'EncryptionType'),
      'StreamEncryption.EncryptionType',
    ) === 'KMS' && namesCustomerKey(at(p, 'StreamEncryption', 'KeyId')),
  'AWS::OpenSearchService::Domain': (node, p) =>
    flag(node, at(p, 'EncryptionAtRestOptions', 'Enabled'), 'EncryptionAtRestOptions.Enabled') &&
    namesCustomerKey(at(p, 'EncryptionAtRestOptions', 'KmsKeyId')),
  'AWS::ElastiCache::ReplicationGroup': flagAndKey('AtRestEncryptionEnabled', 'KmsKeyId'),
  'AWS::Redshift::Cluster': flagAndKey('Encrypted', 'KmsKeyId'),
  'AWS::SecretsManager::Secret': keyOnly('KmsKeyId'),
  'AWS::Backup::BackupVault': keyOnly('EncryptionKeyArn'),
};

function needsCmk(node: CfnResource): boolean {
  const classification = tagValue(node, DATA_CLASSIFICATION_TAG);
  return (CMK_CLASSIFICATIONS as readonly (string | undefined)[]).includes(classification);
}

/** An Aurora instance: its storage, and so its encryption, belong to its DB cluster. */
function isClusterMember(node: CfnResource, properties: Properties): boolean {
  return (
    node.cfnResourceType === 'AWS::RDS::DBInstance' && properties.DBClusterIdentifier !== undefined
  );
}

/**
 * DPP 2.4: a store classified pii or confidential is encrypted at rest with a
 * customer-managed KMS key. With an AWS-owned key or an AWS-managed key (aws/s3,
 * aws/dynamodb, ...) the key policy is AWS's, and anyone the service lets read the
 * store can decrypt it; with a customer-managed key the key policy the baseline
 * controls also decides, so the key is only accessible to the Developer's processes
 * and services. Stores classified internal are not checked, nor unclassified ones
 * (DataStoreClassified flags those), nor Aurora instances (their cluster is checked).
 */
export const DataStoreEncryptedWithCMK: DppRule = {
  name: 'DataStoreEncryptedWithCMK',
  clauses: ['DPP 2.4'],
  finding: `The ${CMK_CLASSIFICATIONS.join(' or ')} data store is not encrypted at rest with a customer-managed KMS key (it uses no key, an AWS-owned key or an AWS-managed alias/aws/* key). Encrypt it with a customer-managed key, such as the baseline's key for its data class.`,
  check(node: CfnResource) {
    const usesCmk = CMK_CHECKS[node.cfnResourceType];
    if (usesCmk === undefined || !needsCmk(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const properties = cfnProperties(node);
    if (isClusterMember(node, properties)) return NagRuleCompliance.NOT_APPLICABLE;
    return usesCmk(node, properties)
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
};
