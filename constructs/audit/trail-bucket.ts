import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { cite } from '../../lib/policy/clauses';
import { DPP_MIN_LOG_RETENTION_DAYS } from '../../lib/policy/bounds';
import { acknowledge } from '../../lib/nag/acknowledge';
import { IAccessLogDestination } from '../data/access-logs-bucket';
import { classify } from '../data/classification';
import { denyPresignedUrls, secureBucketProps } from '../data/secure-bucket';

/** S3 Glacier Instant Retrieval bills every object for at least this many days. */
const COLD_CLASS_MINIMUM_DAYS = 90;

/** Object reads: only the auditor may make them. */
const READ_ACTIONS = ['s3:GetObject*', 's3:RestoreObject'];
/** What would remove or unprotect a log file before its lock and lifecycle do. */
const DELETE_ACTIONS = [
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:BypassGovernanceRetention',
  's3:PutObjectRetention',
  's3:PutObjectLegalHold',
];

export type ObjectLockMode = 'GOVERNANCE' | 'COMPLIANCE';

export interface TrailBucketProps {
  /** The audit-log data-class key: the bucket's default encryption. */
  readonly encryptionKey: kms.IKey;
  /** Days each log file is locked and kept, then expired: at least the 90 of DPP 2.6. */
  readonly retentionDays: number;
  /**
   * COMPLIANCE: nobody, the account root included, can delete a log file or shorten its
   * lock. GOVERNANCE: a principal with `s3:BypassGovernanceRetention` could, which the
   * bucket policy refuses to everyone; the account root can still remove that policy.
   */
  readonly objectLockMode: ObjectLockMode;
  /** The only principal that may read log files (a security-auditor role). */
  readonly auditor: iam.IRole;
  /** Where the bucket's own server access logs go (DPP 2.6: access attempts on the logs). */
  readonly accessLogs: IAccessLogDestination;
  /**
   * Days after which log files move to S3 Glacier Instant Retrieval (still readable at
   * once, for an investigation). No transition is made when the files would stay in
   * that class for less than its 90-day minimum before they expire.
   * @default 90
   */
  readonly coldStorageAfterDays?: number;
  /**
   * What happens to the bucket when it leaves the stack. Object Lock keeps locked log
   * files whatever is chosen here.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The bucket an audit trail delivers to (DPP 2.6: "All logs must have access controls
 * to prevent any unauthorized access and tampering throughout their lifecycle ...
 * retained for at least 90 days").
 *
 * No public access, TLS 1.2 or later, versioned, encrypted with the audit-log key,
 * Object Lock for the retention, a lifecycle that moves log files to a cold class and
 * expires them after the retention, server access logs. The bucket policy lets only
 * the auditor read, only AWS services write (CloudTrail, see `admitTrail`) and nobody
 * delete.
 */
export class TrailBucket extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly retentionDays: number;

  constructor(scope: Construct, id: string, props: TrailBucketProps) {
    super(scope, id);
    if (props.retentionDays < DPP_MIN_LOG_RETENTION_DAYS) {
      throw new Error(
        `${this.node.path}: trail retention ${props.retentionDays} days is below the ${DPP_MIN_LOG_RETENTION_DAYS} days that ${cite('DPP 2.6')} requires`,
      );
    }
    this.retentionDays = props.retentionDays;
    const lockPeriod = Duration.days(props.retentionDays);
    this.bucket = new s3.Bucket(this, 'Resource', {
      ...secureBucketProps({
        encryption: props.encryptionKey,
        removalPolicy: props.removalPolicy,
        objectLockDefaultRetention:
          props.objectLockMode === 'COMPLIANCE'
            ? s3.ObjectLockRetention.compliance(lockPeriod)
            : s3.ObjectLockRetention.governance(lockPeriod),
        lifecycleRules: lifecycleRules(props.retentionDays, props.coldStorageAfterDays ?? 90),
      }),
      // CloudTrail encrypts each log file with the trail's key under an encryption
      // context that names the trail; an S3 Bucket Key would replace that context with
      // the bucket's, which the key policy's CloudTrail statements do not admit.
      bucketKeyEnabled: false,
    });
    props.accessLogs.receiveLogsFrom(this.bucket, 'audit-trail/');
    this.admitAuditor(props.auditor);
    this.refuseReadsByOthers(props.auditor);
    this.refuseDeletes();
    this.refuseWritesByPeople();
    this.refuseOtherAccounts();
    denyPresignedUrls(this.bucket);
    classify(this.bucket, 'confidential');
    acknowledge(this.bucket, {
      ruleId: 'NIST.800.53.R5-S3BucketReplicationEnabled',
      reason:
        'Object Lock and versioning keep every log file for the retention; the digest files prove any tampering. A replica would be one more copy of the logs to protect.',
      basis: { clause: 'DPP 2.6' },
    });
  }

  /**
   * Lets the trail named `trailArn` check the bucket's ACL and deliver log and digest
   * files under `AWSLogs/<account>/`; the source condition keeps another account's
   * trail from writing here.
   */
  public admitTrail(trailArn: string): void {
    const principal = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
    const ofThisTrail = { 'aws:SourceArn': trailArn };
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailChecksBucketAcl',
        principals: [principal],
        actions: ['s3:GetBucketAcl'],
        resources: [this.bucket.bucketArn],
        conditions: { StringEquals: ofThisTrail },
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailDeliversLogFiles',
        principals: [principal],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`AWSLogs/${Stack.of(this).account}/*`)],
        conditions: {
          StringEquals: { ...ofThisTrail, 's3:x-amz-acl': 'bucket-owner-full-control' },
        },
      }),
    );
  }

  /** The auditor lists and reads log files through the bucket policy alone. */
  private admitAuditor(auditor: iam.IRole): void {
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AuditorReadsLogFiles',
        principals: [auditor],
        actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectRetention'],
        resources: [this.bucket.arnForObjects('*')],
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AuditorListsLogFiles',
        principals: [auditor],
        actions: ['s3:ListBucket', 's3:ListBucketVersions'],
        resources: [this.bucket.bucketArn],
      }),
    );
  }

  /** Whatever IAM policies elsewhere allow, nobody but the auditor reads a log file. */
  private refuseReadsByOthers(auditor: iam.IRole): void {
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyReadsExceptByAuditor',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: READ_ACTIONS,
        resources: [this.bucket.arnForObjects('*')],
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': auditor.roleArn } },
      }),
    );
  }

  /**
   * Nobody, the account root included, deletes a log file, bypasses a governance lock
   * or changes a file's retention; the lifecycle expires files after the retention.
   */
  private refuseDeletes(): void {
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyDeletingLogFiles',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: DELETE_ACTIONS,
        resources: [this.bucket.arnForObjects('*')],
      }),
    );
  }

  /** Only AWS services (CloudTrail) write; a person cannot plant or overwrite a log file. */
  private refuseWritesByPeople(): void {
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyWritesExceptByAwsServices',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutObject*', 's3:ReplicateObject'],
        resources: [this.bucket.arnForObjects('*')],
        conditions: { Bool: { 'aws:PrincipalIsAWSService': 'false' } },
      }),
    );
  }

  /**
   * Principals of other accounts are refused everything. AWS service principals carry
   * no account, so they are exempt here; the CloudTrail statements bind them to this
   * account's trail by source ARN.
   */
  private refuseOtherAccounts(): void {
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyOtherAccounts',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:*'],
        resources: [this.bucket.bucketArn, this.bucket.arnForObjects('*')],
        conditions: {
          StringNotEquals: { 'aws:PrincipalAccount': Stack.of(this).account },
          Bool: { 'aws:PrincipalIsAWSService': 'false' },
        },
      }),
    );
  }
}

/**
 * To a cold class after `coldAfterDays` when the files would stay there at least its
 * minimum billable period, expiry the day after the lock releases them, old versions a
 * day later.
 */
function lifecycleRules(retentionDays: number, coldAfterDays: number): s3.LifecycleRule[] {
  const cold = retentionDays - coldAfterDays >= COLD_CLASS_MINIMUM_DAYS;
  return [
    {
      id: 'ColdThenExpireAfterRetention',
      transitions: cold
        ? [
            {
              storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL,
              transitionAfter: Duration.days(coldAfterDays),
            },
          ]
        : undefined,
      expiration: Duration.days(retentionDays + 1),
      noncurrentVersionExpiration: Duration.days(1),
      abortIncompleteMultipartUploadAfter: Duration.days(1),
    },
    { id: 'RemoveExpiredDeleteMarkers', expiredObjectDeleteMarker: true },
  ];
}
