import { Duration, Lazy, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { acknowledge } from '../../lib/nag/acknowledge';
import { declareControl } from '../../lib/nag/controls';
import { arnReference, iam5Resource } from '../../lib/nag/finding-ids';
import { IAccessLogDestination } from './access-logs-bucket';
import { classify, markLegalArchive } from './classification';
import {
  PiiField,
  ProcessingDeclaration,
  ProcessingRecord,
  declareProcessing,
} from './processing-record';
import { legalPeriodDays } from '../../lib/policy/bounds';
import {
  denyOtherAccounts,
  denyPresignedUrls,
  grantList,
  secureBucketProps,
} from './secure-bucket';
import { VpcOnlyAccess } from './vpc-perimeter';

/** The storage class archival copies are written in: hours to restore, never interactive. */
export const ARCHIVE_STORAGE_CLASS = 'DEEP_ARCHIVE';

export interface TaxArchiveProps {
  /** The tax-archive data-class key, separate from the live PII key (DPP 2.4). */
  readonly encryptionKey: kms.IKey;
  /** Years the law requires the archive to be kept. */
  readonly retentionYears: number;
  /** COMPLIANCE: nobody, root included, can shorten the lock. GOVERNANCE: a privileged bypass exists. */
  readonly objectLockMode: 'COMPLIANCE' | 'GOVERNANCE';
  /** Where the bucket's server access logs go (DPP 2.6). */
  readonly accessLogs: IAccessLogDestination;
  /** What the archive holds, for the record of processing (DPP 2.2). */
  readonly processing: ProcessingDeclaration;
  /**
   * Whether the archive has a reader role of its own. Without one, the archive's readers
   * are the roles granted `grantRestore` (the access capability's tax officer), and the
   * synth fails if there is none: a legally required copy must be retrievable.
   * @default true
   */
  readonly ownReaderRole?: boolean;
  /**
   * Who may assume the archive's own reader role.
   * @default - principals of this account, with MFA
   */
  readonly readerTrust?: iam.IPrincipal;
  /**
   * What happens to the bucket when it leaves the stack. Object Lock keeps locked
   * objects whatever is chosen here.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * The VPC endpoints through which the archive is written, listed and read. Any other
   * path is refused (DPP 2.3, DUP 4.7), except for the reader role (see
   * `readerOutsideVpc`) and the roles `allowListingOutsideVpc` names.
   */
  readonly vpcEndpoints: readonly ec2.IVpcEndpoint[];
  /**
   * Whether the reader role and the roles granted `grantRestore` may restore, read and
   * list from outside the VPC: a tax authority's request is served by a person with MFA,
   * and the baseline has no host inside the VPC to do it from. Set false once such a host
   * exists.
   * @default true
   */
  readonly readerOutsideVpc?: boolean;
}

/**
 * The archive of PII that law requires to be kept for tax purposes (DPP 2.1: "stored
 * as a 'cold' or offline encrypted backup (e.g., not available for immediate or
 * interactive use)").
 *
 * A bucket of its own with its own key; every object is written straight to Glacier
 * Deep Archive (the bucket policy refuses any other storage class, and a lifecycle
 * rule moves anything that slipped through on day 0); Object Lock holds it for the
 * legal period, after which it expires. Objects can be read only by the archive's
 * reader role and the roles granted `grantRestore` (the tax officer of
 * `constructs/access`), and only after a restore that takes hours.
 */
export class TaxArchive extends Construct {
  public readonly bucket: s3.Bucket;
  /** The archive's entry in the record of processing, with the documents workloads declared. */
  public readonly processing: ProcessingRecord;
  /** The only principal that may restore and read archived objects. */
  public readonly readerRole?: iam.Role;
  private readonly props: TaxArchiveProps;
  /** ARNs of the roles that may restore and read; the bucket policy refuses everyone else. */
  private readonly restorerArns: string[] = [];
  /** The perimeter's statements that a restorer is exempted from, where `readerOutsideVpc`. */
  private readonly perimeter: { readonly reads: VpcOnlyAccess; readonly listing: VpcOnlyAccess };

  constructor(scope: Construct, id: string, props: TaxArchiveProps) {
    super(scope, id);
    this.props = props;
    const lockDays = legalPeriodDays(props.retentionYears);
    const lock =
      props.objectLockMode === 'COMPLIANCE'
        ? s3.ObjectLockRetention.compliance(Duration.days(lockDays))
        : s3.ObjectLockRetention.governance(Duration.days(lockDays));
    this.bucket = new s3.Bucket(
      this,
      'Resource',
      secureBucketProps({
        encryption: props.encryptionKey,
        removalPolicy: props.removalPolicy,
        objectLockDefaultRetention: lock,
        lifecycleRules: [
          {
            id: 'ColdFromDayZeroExpireAfterLegalPeriod',
            transitions: [
              { storageClass: s3.StorageClass.DEEP_ARCHIVE, transitionAfter: Duration.days(0) },
            ],
            expiration: Duration.days(lockDays + 1),
            noncurrentVersionExpiration: Duration.days(1),
            abortIncompleteMultipartUploadAfter: Duration.days(1),
          },
          { id: 'RemoveExpiredDeleteMarkers', expiredObjectDeleteMarker: true },
        ],
      }),
    );
    props.accessLogs.receiveLogsFrom(this.bucket, 'tax-archive/');
    this.perimeter = this.keepInsideVpc(props);
    if (props.ownReaderRole ?? true) {
      this.readerRole = new iam.Role(this, 'ReaderRole', {
        assumedBy:
          props.readerTrust ??
          new iam.AccountRootPrincipal().withConditions({
            Bool: { 'aws:MultiFactorAuthPresent': 'true' },
          }),
        description: 'Restores and reads the tax archive for a legal or tax purpose (DPP 2.1)',
        maxSessionDuration: Duration.hours(1),
      });
      this.grantRestore(this.readerRole);
    }
    this.node.addValidation({
      validate: () =>
        this.restorerArns.length > 0
          ? []
          : [
              `${this.node.path}: nobody may restore the archive (no own reader role, and no role granted restore); copies kept because law requires them must be retrievable (DPP 2.1). grantRestore a role, e.g. the tax officer`,
            ],
    });
    acknowledge(this.bucket, {
      ruleId: 'NIST.800.53.R5-S3BucketReplicationEnabled',
      reason:
        'A replica would be another copy of PII outside the archive lock and its expiry; Object Lock and versioning protect the archive.',
      basis: { clause: 'DPP 2.1' },
    });
    this.refuseWarmWrites();
    this.refuseReadsByOthers();
    denyPresignedUrls(this.bucket);
    denyOtherAccounts(this.bucket, this);
    classify(this.bucket, 'pii');
    markLegalArchive(this.bucket, 'tax');
    declareControl(this.bucket, {
      clauses: ['DPP 2.1', 'DPP 2.4'],
      summary: `Tax archive: cold (Deep Archive) and locked ${props.objectLockMode} for ${props.retentionYears} years, with its own key, readable only after a restore`,
    });
    this.processing = declareProcessing(this.bucket, props.processing, {
      storeType: 'S3 bucket (Glacier Deep Archive, Object Lock)',
      retention: `${props.retentionYears} years, as required by tax law (DPP 2.1 archival copies); Object Lock ${props.objectLockMode}`,
      disposal: `Lifecycle expiry the day after the ${lockDays}-day lock ends; exempt from deletion requests while the law requires it (DPP 1.7)`,
    });
  }

  /**
   * Declares, for the record of processing (DPP 2.2), the documents (fields) that
   * objects of this archive hold on behalf of `declarer`'s stack (a workload's): what each
   * is, where it comes from and its purposes.
   */
  public declareFields(declarer: IConstruct, fields: readonly PiiField[]): void {
    this.processing.declare(declarer, fields);
  }

  /** Lets `grantee` add archival copies (written to Deep Archive), never read them. */
  public grantArchiveWrite(grantee: iam.IGrantable): iam.Grant {
    return this.bucket.grantPut(grantee).combine(this.props.encryptionKey.grantEncrypt(grantee));
  }

  /**
   * Lets `role` restore archived objects and read them once restored, for a legal or
   * tax purpose (DPP 2.1); the bucket policy admits it among the archive's readers,
   * from outside the VPC too unless `readerOutsideVpc` is false.
   */
  public grantRestore(role: iam.IRole): iam.Grant {
    this.restorerArns.push(role.roleArn);
    if (this.props.readerOutsideVpc ?? true) {
      this.perimeter.reads.exempt(role);
      this.perimeter.listing.exempt(role);
    }
    const grant = iam.Grant.addToPrincipal({
      grantee: role,
      actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:RestoreObject'],
      resourceArns: [this.bucket.arnForObjects('*')],
    });
    const listing = grantList(this.bucket, role);
    const decryption = this.props.encryptionKey.grantDecrypt(role);
    acknowledge(
      role,
      {
        ruleId: iam5Resource(`${arnReference(this.bucket)}/*`),
        reason:
          'The reader restores and reads archived objects of this one bucket; which objects a tax authority asks for is known only then.',
        basis: { clause: 'DPP 1.3' },
      },
      {
        ruleId: 'NIST.800.53.R5-IAMNoInlinePolicy',
        reason:
          'The policy belongs to this role alone and is defined and reviewed in this template; a managed policy would grant no less.',
        basis: { clause: 'DPP 1.3' },
      },
    );
    return grant.combine(listing).combine(decryption);
  }

  /** Lets `grantee` list what the archive holds (e.g. to report it on a deletion request), not read it. */
  public grantList(grantee: iam.IGrantable): iam.Grant {
    return grantList(this.bucket, grantee);
  }

  /** Lets `role` list the archive from outside the VPC (the deletion command reports what it retains). */
  public allowListingOutsideVpc(role: iam.IRole): void {
    this.perimeter.listing.exempt(role);
  }

  /**
   * Writes, deletes and replication only through the VPC's endpoints, for everyone;
   * restores, reads and listing likewise, but for the restorers where `readerOutsideVpc`
   * (see `grantRestore`) and, for listing, the roles `allowListingOutsideVpc` names.
   */
  private keepInsideVpc(props: TaxArchiveProps): { reads: VpcOnlyAccess; listing: VpcOnlyAccess } {
    const objects = [this.bucket.arnForObjects('*')];
    const writes = new VpcOnlyAccess({
      sid: 'DenyWritesAndDeletesOutsideVpcEndpoints',
      actions: [
        's3:PutObject*',
        's3:DeleteObject*',
        's3:ReplicateObject',
        's3:AbortMultipartUpload',
      ],
      resources: objects,
      endpoints: props.vpcEndpoints,
    });
    const reads = new VpcOnlyAccess({
      sid: 'DenyReadsOutsideVpcEndpoints',
      actions: ['s3:GetObject*', 's3:RestoreObject'],
      resources: objects,
      endpoints: props.vpcEndpoints,
    });
    const listing = new VpcOnlyAccess({
      sid: 'DenyListingOutsideVpcEndpoints',
      actions: ['s3:ListBucket', 's3:ListBucketVersions', 's3:ListBucketMultipartUploads'],
      resources: [this.bucket.bucketArn],
      endpoints: props.vpcEndpoints,
    });
    for (const access of [writes, reads, listing])
      this.bucket.addToResourcePolicy(access.statement);
    return { reads, listing };
  }

  /** Objects go to Deep Archive as they are written, or not at all. */
  private refuseWarmWrites(): void {
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyWritesOutsideDeepArchive',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects('*')],
        conditions: { StringNotEquals: { 's3:x-amz-storage-class': ARCHIVE_STORAGE_CLASS } },
      }),
    );
  }

  /** Only the roles granted `grantRestore` restore or read, whatever IAM policies elsewhere allow. */
  private refuseReadsByOthers(): void {
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyReadsExceptByReaderRole',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:GetObject*', 's3:RestoreObject'],
        resources: [this.bucket.arnForObjects('*')],
        conditions: {
          ArnNotEquals: {
            'aws:PrincipalArn': Lazy.any({
              produce: () =>
                this.restorerArns.length === 1 ? this.restorerArns[0] : this.restorerArns,
            }),
          },
        },
      }),
    );
  }
}
