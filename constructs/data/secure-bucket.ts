import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';

/**
 * What every bucket of the baseline has in common: no public access and no ACLs
 * (DPP 2.3), TLS 1.2 or later on every request (DPP 1.5), versioning so that an
 * overwrite or delete can be traced and undone within the retention (DPP 2.6
 * tampering), and retention on removal from the stack.
 */
export interface SecureBucketOptions {
  /** A customer-managed key (SSE-KMS with bucket keys), or S3-managed keys for buckets S3 itself writes to. */
  readonly encryption: kms.IKey | 's3-managed';
  readonly lifecycleRules: s3.LifecycleRule[];
  readonly removalPolicy?: RemovalPolicy;
  readonly objectLockDefaultRetention?: s3.ObjectLockRetention;
}

export function secureBucketProps(options: SecureBucketOptions): s3.BucketProps {
  const kmsKey = options.encryption === 's3-managed' ? undefined : options.encryption;
  return {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    versioned: true,
    encryption: kmsKey ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
    encryptionKey: kmsKey,
    bucketKeyEnabled: kmsKey ? true : undefined,
    lifecycleRules: options.lifecycleRules,
    objectLockEnabled: options.objectLockDefaultRetention ? true : undefined,
    objectLockDefaultRetention: options.objectLockDefaultRetention,
    removalPolicy: options.removalPolicy ?? RemovalPolicy.RETAIN,
  };
}

/** Refuses pre-signed URLs: no link to the bucket's objects can be handed out (DPP 2.3). */
export function denyPresignedUrls(bucket: s3.IBucket): void {
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'DenyPresignedUrls',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:*'],
      resources: [bucket.bucketArn, bucket.arnForObjects('*')],
      conditions: { StringEquals: { 's3:authType': 'REST-QUERY-STRING' } },
    }),
  );
}

/** Refuses every principal of another account, whatever a later statement might allow (DUP 4.7). */
export function denyOtherAccounts(bucket: s3.IBucket, scope: IConstruct): void {
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'DenyOtherAccounts',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:*'],
      resources: [bucket.bucketArn, bucket.arnForObjects('*')],
      conditions: { StringNotEquals: { 'aws:PrincipalAccount': Stack.of(scope).account } },
    }),
  );
}

/** Lets `grantee` list the bucket's keys and versions (not read objects). */
export function grantList(bucket: s3.IBucket, grantee: iam.IGrantable): iam.Grant {
  return iam.Grant.addToPrincipal({
    grantee,
    actions: ['s3:ListBucket', 's3:ListBucketVersions'],
    resourceArns: [bucket.bucketArn],
  });
}
