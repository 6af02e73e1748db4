/**
 * Stateful resource types: what deleting or replacing a resource of the type destroys,
 * and whether production must retain it. The DPP pack's retention rule and the tests
 * that pin logical ids read this one list.
 *
 * CloudFormation replaces a resource when its logical id changes (a construct id or a
 * parent's id renamed, a construct moved) or when a property that cannot be updated
 * changes. Replacement creates the new resource and deletes the old one; deleting a
 * stack deletes everything in it. A `Retain` policy keeps the old resource (orphaned:
 * no longer in the stack, still billed, still holding the data) instead of deleting it.
 */

/** How production must keep a stateful resource when the stack deletes or replaces it. */
export type RetentionInProduction =
  /** `DeletionPolicy` and `UpdateReplacePolicy` `Retain`. */
  | 'retain'
  /** `Retain`, or `Snapshot` where CloudFormation takes a final snapshot of the type. */
  | 'retain-or-snapshot'
  /**
   * No policy required: the resource holds no data, and an orphan would do harm (see
   * the type's `noRetentionReason`). Its logical id is still pinned.
   */
  | 'none';

export interface StatefulType {
  /** The CloudFormation type, e.g. `AWS::S3::Bucket`. */
  readonly type: string;
  /** What deleting or replacing a resource of the type destroys, as a clause of a sentence. */
  readonly destroys: string;
  /** What production must do with it on stack deletion and on replacement. */
  readonly production: RetentionInProduction;
  /** Why production does not retain it, for `production: 'none'`. */
  readonly noRetentionReason?: string;
}

const retain = (type: string, destroys: string): StatefulType => ({
  type,
  destroys,
  production: 'retain',
});

const retainOrSnapshot = (type: string, destroys: string): StatefulType => ({
  type,
  destroys,
  production: 'retain-or-snapshot',
});

/**
 * The stateful types, those the baseline deploys first, then those a workload is
 * likely to add. A type missing here is neither pinned nor retained: add it when the
 * templates or a workload bring one.
 */
export const STATEFUL_TYPES: readonly StatefulType[] = [
  retain(
    'AWS::KMS::Key',
    'schedules the key for deletion; once deleted, everything encrypted with it (PII, archives, logs, secrets) can never be decrypted again',
  ),
  retain(
    'AWS::S3::Bucket',
    'deletes the bucket and every object in it (a bucket that is not empty fails to delete, and the stack operation fails)',
  ),
  retain(
    'AWS::DynamoDB::Table',
    'deletes the table and every item in it, with its point-in-time recovery history',
  ),
  retain(
    'AWS::DynamoDB::GlobalTable',
    'deletes the table in every replica region and every item in it',
  ),
  retain(
    'AWS::SecretsManager::Secret',
    'schedules the secret for deletion: the credentials in it are lost (an LWA refresh token needs the selling partner to authorize again)',
  ),
  retain(
    'AWS::Logs::LogGroup',
    'deletes the log group and every event in it, which DPP 2.6 requires to keep for at least 90 days',
  ),
  retain(
    'AWS::CloudTrail::Trail',
    'stops the audit trail: no event is recorded from the deletion until a new trail logs (DPP 2.6)',
  ),
  retain('AWS::SQS::Queue', 'deletes the queue and every message waiting in it'),
  retain(
    'AWS::GuardDuty::Detector',
    "deletes the account's detector and its findings, and stops threat detection",
  ),
  retain(
    'AWS::Macie::Session',
    'disables Macie in the account and deletes its findings and discovery results',
  ),
  retain('AWS::Events::Archive', 'deletes the archive and every event in it'),
  retain('AWS::Kinesis::Stream', 'deletes the stream and every record in it'),
  retain('AWS::EFS::FileSystem', 'deletes the file system and every file in it'),
  retain('AWS::ECR::Repository', 'deletes the repository and every image in it'),
  retain('AWS::Backup::BackupVault', 'deletes the vault (it must be empty) and its settings'),
  retain('AWS::Cognito::UserPool', 'deletes the user pool and every user in it'),
  retainOrSnapshot('AWS::RDS::DBCluster', 'deletes the cluster and its databases'),
  retainOrSnapshot('AWS::RDS::DBInstance', 'deletes the instance and its databases'),
  retainOrSnapshot('AWS::EC2::Volume', 'deletes the volume and its data'),
  retainOrSnapshot('AWS::ElastiCache::ReplicationGroup', 'deletes the cache and its data'),
  retainOrSnapshot('AWS::Neptune::DBCluster', 'deletes the cluster and its graph'),
  retainOrSnapshot('AWS::DocDB::DBCluster', 'deletes the cluster and its documents'),
  retainOrSnapshot('AWS::Redshift::Cluster', 'deletes the cluster and its data'),
  {
    type: 'AWS::NetworkFirewall::Firewall',
    destroys:
      'deletes the egress firewall and its endpoints; the new one gets new endpoints, so egress from the private subnets stops until the routes point at them, and a fixed firewall name makes the replacement fail halfway',
    production: 'none',
    noRetentionReason:
      'it holds no data; a retained firewall keeps its billed endpoints in the subnets, which blocks deleting the VPC, and occupies the subnets a replacement needs',
  },
  {
    type: 'AWS::SNS::Topic',
    destroys:
      'deletes the security alarm topic with its subscriptions: every email subscriber must confirm again, and until then alarms reach nobody (DPP 2.6)',
    production: 'none',
    noRetentionReason:
      'it stores no messages; a retained topic would keep subscribers of an environment that no longer exists',
  },
];

const BY_TYPE: ReadonlyMap<string, StatefulType> = new Map(STATEFUL_TYPES.map((t) => [t.type, t]));

/** The catalogue entry of `type`, or `undefined` when the type holds no state. */
export function statefulType(type: string): StatefulType | undefined {
  return BY_TYPE.get(type);
}

/** The deletion and replace policies production accepts for `type`, or none if it has no rule. */
export function productionPolicies(type: string): readonly string[] {
  switch (statefulType(type)?.production) {
    case 'retain':
      return ['Retain'];
    case 'retain-or-snapshot':
      return ['Retain', 'Snapshot'];
    default:
      return [];
  }
}
