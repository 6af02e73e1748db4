import { CfnResource, TagManager } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

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
 * cold, encrypted and locked (see `TaxArchive`).
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

function taggableResourcesUnder(scope: IConstruct): CfnResource[] {
  return scope.node
    .findAll()
    .filter(
      (c): c is CfnResource =>
        CfnResource.isCfnResource(c) && DATA_STORE_TYPES.includes(c.cfnResourceType),
    );
}

/**
 * Classifies every data store under `scope` (DUP 4.5). The tag is set on the L1
 * resources directly rather than through the `Tags` aspect, so that it is in place
 * before any aspect or check runs and cannot be overridden by a broader tag.
 */
export function classify(scope: IConstruct, classification: DataClassification): void {
  const stores = taggableResourcesUnder(scope);
  if (stores.length === 0) {
    throw new Error(`${scope.node.path}: classify() found no data store to tag`);
  }
  for (const store of stores) tagStore(store, DATA_CLASSIFICATION_TAG, classification);
}

/** Marks the stores under `scope` as a legally required archive for `purpose` (DPP 2.1). */
export function markLegalArchive(scope: IConstruct, purpose: string): void {
  for (const store of taggableResourcesUnder(scope)) tagStore(store, LEGAL_ARCHIVE_TAG, purpose);
}

/**
 * Sets a tag on a store at a priority above any `Tags.of()` aspect. Throws for a store
 * that has no tag manager (a DynamoDB global table keeps its tags per replica; tag it
 * through the `TableV2` props instead), rather than leaving it silently untagged.
 */
function tagStore(store: CfnResource, key: string, value: string): void {
  const tags = TagManager.of(store);
  if (!tags) {
    throw new Error(
      `${store.node.path}: ${store.cfnResourceType} cannot be tagged here; set ${key}=${value} in its own tag properties`,
    );
  }
  tags.setTag(key, value, 1000);
}
