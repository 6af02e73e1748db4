/**
 * Data classification (DUP 4.5 Data classification): every data store carries a
 * `DataClassification` tag, and the DPP pack's rules key off it. A store that holds
 * any PII, or PII combined with other data, is `pii` as a whole (DPP 2 preamble).
 */
export const DATA_CLASSIFICATION_TAG = 'DataClassification';

export const DATA_CLASSIFICATIONS = ['pii', 'confidential', 'internal'] as const;

/**
 * - `pii`: Personally Identifiable Information of Amazon customers or selling
 *   partners (DPP 2), or a store that mixes it with other data.
 * - `confidential`: other Information from the Selling Partner APIs, credentials,
 *   security logs; encrypted with a customer-managed key like PII.
 * - `internal`: operational data with no Information (e.g. S3 server access logs).
 */
export type DataClassification = (typeof DATA_CLASSIFICATIONS)[number];

/** Classifications whose stores must be encrypted with a customer-managed key (DPP 2.4). */
export const CMK_CLASSIFICATIONS: readonly DataClassification[] = ['pii', 'confidential'];

/**
 * Tag that marks a store as a legally required archive (DPP 2.1: "archival copies of
 * PII for tax or similar regulatory purposes"); its value is the legal purpose, e.g.
 * `tax`. Such a store is exempt from the 30-day expiry of live PII and must instead be
 * cold, encrypted and locked.
 */
export const LEGAL_ARCHIVE_TAG = 'LegalArchive';

/** The CloudFormation types the baseline treats as data stores (DUP 4.5). */
export const DATA_STORE_TYPES: readonly string[] = [
  'AWS::S3::Bucket',
  'AWS::DynamoDB::Table',
  'AWS::DynamoDB::GlobalTable',
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBCluster',
  'AWS::EFS::FileSystem',
  'AWS::SQS::Queue',
  'AWS::Kinesis::Stream',
  'AWS::OpenSearchService::Domain',
  'AWS::ElastiCache::ReplicationGroup',
  'AWS::Redshift::Cluster',
  'AWS::SecretsManager::Secret',
  'AWS::Backup::BackupVault',
];
