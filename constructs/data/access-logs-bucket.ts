import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from '../../lib/nag/acknowledge';
import { declareControl } from '../../lib/nag/controls';
import { classify } from './classification';
import { secureBucketProps } from './secure-bucket';

/** Where a bucket's S3 server access logs go (DPP 2.6). */
export interface IAccessLogDestination {
  /** Sends the server access logs of `source` here, under `prefix`. */
  receiveLogsFrom(source: s3.Bucket, prefix: string): void;
}

export interface AccessLogsBucketProps {
  /** Days to keep the logs: at least the 90 of DPP 2.6. */
  readonly retentionDays: number;
  /**
   * What happens to the bucket when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The target of the data buckets' S3 server access logs (DPP 2.6 Logging and
 * Monitoring: access attempts on the storage layer). S3 delivers server access logs
 * only to buckets encrypted with S3-managed keys, so this bucket is classified
 * `internal`: the logs name object keys, which the write path keeps free of PII, and
 * requesters, never object contents. Nobody may delete a log before the lifecycle
 * expires it.
 */
export class AccessLogsBucket extends Construct implements IAccessLogDestination {
  public readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: AccessLogsBucketProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(
      this,
      'Resource',
      secureBucketProps({
        encryption: 's3-managed',
        removalPolicy: props.removalPolicy,
        lifecycleRules: [
          {
            id: 'ExpireLogs',
            expiration: Duration.days(props.retentionDays),
            noncurrentVersionExpiration: Duration.days(1),
            abortIncompleteMultipartUploadAfter: Duration.days(1),
          },
          { id: 'RemoveExpiredDeleteMarkers', expiredObjectDeleteMarker: true },
        ],
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyDeletingLogs',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:PutObjectRetention'],
        resources: [this.bucket.arnForObjects('*')],
      }),
    );
    classify(this.bucket, 'internal');
    declareControl(this.bucket, {
      clauses: ['DPP 2.6'],
      summary: `S3 server access logs of the data buckets, kept ${props.retentionDays} days; nobody may delete one before it expires`,
    });
    acknowledge(
      this.bucket,
      {
        ruleId: 'NIST.800.53.R5-S3DefaultEncryptionKMS',
        reason:
          'S3 delivers server access logs only to buckets encrypted with S3-managed keys; the logs hold no object contents.',
        basis: { engineering: 'S3 server access logging destination' },
      },
      {
        ruleId: 'NIST.800.53.R5-S3BucketReplicationEnabled',
        reason:
          'Versioning and a policy that refuses deletes protect the logs for their retention; a replica would be one more copy to protect.',
        basis: { clause: 'DPP 2.6' },
      },
    );
  }

  /**
   * Sends the server access logs of `source` here, under `prefix`: the logging
   * configuration on the source, and a statement that admits the S3 logging service
   * for that source bucket only. Written out rather than left to aws-cdk-lib, whose
   * choice between this policy and an ACL depends on a feature flag of the app.
   */
  public receiveLogsFrom(source: s3.Bucket, prefix: string): void {
    (source.node.defaultChild as s3.CfnBucket).loggingConfiguration = {
      destinationBucketName: this.bucket.bucketName,
      logFilePrefix: prefix,
    };
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`${prefix}*`)],
        conditions: {
          ArnLike: { 'aws:SourceArn': source.bucketArn },
          StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
        },
      }),
    );
  }
}
