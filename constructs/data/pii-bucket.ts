import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { acknowledge } from '../../lib/nag/acknowledge';
import { declareControl } from '../../lib/nag/controls';
import { IAccessLogDestination } from './access-logs-bucket';
import { classify } from './classification';
import {
  PiiField,
  ProcessingDeclaration,
  ProcessingRecord,
  declareProcessing,
} from './processing-record';
import { PII_NONCURRENT_VERSION_DAYS, piiObjectExpirationDays } from './retention';
import {
  denyOtherAccounts,
  denyPresignedUrls,
  grantList,
  secureBucketProps,
} from './secure-bucket';
import { VpcOnlyAccess } from './vpc-perimeter';

/** Object reads and writes that only the VPC's endpoint may carry. */
const OBJECT_DATA_ACTIONS = [
  's3:GetObject*',
  's3:PutObject*',
  's3:RestoreObject',
  's3:ReplicateObject',
];

/**
 * Listing and deleting: what the deletion command does (DPP 1.7). Also only through the
 * VPC's endpoint, except for the roles `allowDeletionOutsideVpc` names.
 */
const LIST_AND_DELETE_ACTIONS = [
  's3:ListBucket',
  's3:ListBucketVersions',
  's3:ListBucketMultipartUploads',
  's3:ListMultipartUploadParts',
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:AbortMultipartUpload',
];

export interface PiiBucketProps {
  /** The PII data-class key (DPP 2.4). */
  readonly encryptionKey: kms.IKey;
  /** Days after order delivery that PII may exist, old versions included: at most 30 (DPP 2.1). */
  readonly retentionDays: number;
  /**
   * The VPC endpoints through which objects may be read, written, listed and deleted.
   * Any other path, the console and the internet included, is refused (DPP 2.3, DUP 4.7).
   */
  readonly vpcEndpoints: readonly ec2.IVpcEndpoint[];
  /** Where the bucket's server access logs go (DPP 2.6). */
  readonly accessLogs: IAccessLogDestination;
  /** What the bucket holds, for the record of processing (DPP 2.2). */
  readonly processing: ProcessingDeclaration;
  /**
   * What happens to the bucket when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * An S3 bucket for documents holding PII, such as shipping labels and tax invoices
 * (DPP 2.1 Data Retention, 2.3 Asset Management, 2.4 Encryption at Rest).
 *
 * SSE-KMS with the PII key; versioned, with a lifecycle that expires every object and
 * its old versions and delete markers within the retention; objects readable and
 * writable only through the VPC's endpoints and never through a pre-signed URL; no
 * replication; server access logs. Objects of a selling partner are stored under
 * `<sellingPartnerId>/` (see `layout.ts`), with keys that contain no PII themselves.
 */
export class PiiBucket extends Construct {
  public readonly bucket: s3.Bucket;
  /** The bucket's entry in the record of processing, with the documents workloads declared. */
  public readonly processing: ProcessingRecord;
  private readonly props: PiiBucketProps;
  private readonly listAndDeleteOutsideVpc: VpcOnlyAccess;

  constructor(scope: Construct, id: string, props: PiiBucketProps) {
    super(scope, id);
    if (props.vpcEndpoints.length === 0) {
      throw new Error(`${this.node.path}: vpcEndpoints is empty; the bucket would be unreachable`);
    }
    this.props = props;
    this.bucket = new s3.Bucket(
      this,
      'Resource',
      secureBucketProps({
        encryption: props.encryptionKey,
        removalPolicy: props.removalPolicy,
        lifecycleRules: [
          {
            id: 'ExpirePii',
            expiration: Duration.days(piiObjectExpirationDays(props.retentionDays)),
            noncurrentVersionExpiration: Duration.days(PII_NONCURRENT_VERSION_DAYS),
            abortIncompleteMultipartUploadAfter: Duration.days(1),
          },
          { id: 'RemoveExpiredDeleteMarkers', expiredObjectDeleteMarker: true },
        ],
      }),
    );
    props.accessLogs.receiveLogsFrom(this.bucket, 'pii-bucket/');
    this.bucket.addToResourcePolicy(
      new VpcOnlyAccess({
        sid: 'DenyObjectAccessOutsideVpcEndpoints',
        actions: OBJECT_DATA_ACTIONS,
        resources: [this.bucket.arnForObjects('*')],
        endpoints: props.vpcEndpoints,
      }).statement,
    );
    this.listAndDeleteOutsideVpc = new VpcOnlyAccess({
      sid: 'DenyListAndDeleteOutsideVpcEndpoints',
      actions: LIST_AND_DELETE_ACTIONS,
      resources: [this.bucket.bucketArn, this.bucket.arnForObjects('*')],
      endpoints: props.vpcEndpoints,
    });
    this.bucket.addToResourcePolicy(this.listAndDeleteOutsideVpc.statement);
    denyPresignedUrls(this.bucket);
    denyOtherAccounts(this.bucket, this);
    classify(this.bucket, 'pii');
    declareControl(this.bucket, {
      clauses: ['DPP 2.1', 'DPP 2.3', 'DPP 2.4', 'DPP 1.5', 'DUP 4.7'],
      summary: `PII bucket: every version expires within ${props.retentionDays} days, objects only through the VPC endpoint, no pre-signed links, TLS 1.2, encrypted with the PII key`,
    });
    acknowledge(this.bucket, {
      ruleId: 'NIST.800.53.R5-S3BucketReplicationEnabled',
      reason:
        'A replica would be another copy of PII outside the 30-day lifecycle and the deletion command; versioning covers recovery within the retention.',
      basis: { clause: 'DPP 2.1' },
    });
    this.processing = declareProcessing(this.bucket, props.processing, {
      storeType: 'S3 bucket',
      retention: `${props.retentionDays} days after creation at or before order delivery, old versions included (DPP 2.1)`,
      disposal: `Lifecycle expiry after ${piiObjectExpirationDays(props.retentionDays)} days, old versions ${PII_NONCURRENT_VERSION_DAYS} day later; on request, the deletion command removes every version (DPP 1.7)`,
    });
  }

  /**
   * Declares, for the record of processing (DPP 2.2), the documents (fields) that
   * objects of this bucket hold on behalf of `declarer`'s stack (a workload's): what each
   * is, where it comes from and its purposes.
   */
  public declareFields(declarer: IConstruct, fields: readonly PiiField[]): void {
    this.processing.declare(declarer, fields);
  }

  /** Lets `grantee` read objects and decrypt them with the PII key. */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return this.bucket.grantRead(grantee).combine(this.props.encryptionKey.grantDecrypt(grantee));
  }

  /** Lets `grantee` write objects and encrypt them with the PII key, not read them. */
  public grantWrite(grantee: iam.IGrantable): iam.Grant {
    return this.bucket.grantPut(grantee).combine(this.props.encryptionKey.grantEncrypt(grantee));
  }

  /**
   * Lets `grantee` list a selling partner's object versions and delete them for good
   * (DPP 1.7), without reading any object.
   */
  public grantDeletion(grantee: iam.IGrantable): iam.Grant {
    return grantList(this.bucket, grantee).combine(
      iam.Grant.addToPrincipal({
        grantee,
        actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
        resourceArns: [this.bucket.arnForObjects('*')],
      }),
    );
  }

  /**
   * Lets `role` list and delete from outside the VPC, where an operator runs the
   * deletion command (DPP 1.7); object reads and writes stay refused.
   */
  public allowDeletionOutsideVpc(role: iam.IRole): void {
    this.listAndDeleteOutsideVpc.exempt(role);
  }
}
