import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledge } from '../../lib/nag/acknowledge';
import { declareControl } from '../../lib/nag/controls';
import { arnReference, iam5Resource } from '../../lib/nag/finding-ids';
import { AccessLogsBucket } from './access-logs-bucket';
import { PiiBucket } from './pii-bucket';
import { PiiTable } from './pii-table';
import { ProcessingDeclaration } from './processing-record';
import { TaxArchive } from './tax-archive';

/**
 * What the baseline's stores are for, before any workload declares a field in them:
 * the record of processing (DPP 2.2) lists the fields workloads declare.
 */
export const STORE_DATASETS: {
  readonly piiTable: ProcessingDeclaration;
  readonly piiBucket: ProcessingDeclaration;
  readonly taxArchive: ProcessingDeclaration;
} = {
  piiTable: {
    dataset:
      'Order data that workloads keep to ship merchant-fulfilled orders and to invoice and remit tax',
    fields: [],
  },
  piiBucket: {
    dataset:
      'Documents that carry PII, such as shipping labels and tax invoices, kept by workloads',
    fields: [],
  },
  taxArchive: {
    dataset: 'Archival copies of issued tax invoices that tax law requires to be kept',
    fields: [],
  },
};

export interface BaselineDataProps {
  /** The PII data-class key, for the live stores. */
  readonly piiKey: kms.IKey;
  /** The tax-archive data-class key. */
  readonly taxArchiveKey: kms.IKey;
  /** The S3 gateway endpoint through which the PII bucket and the tax archive are reached. */
  readonly s3Endpoint: ec2.IVpcEndpoint;
  /** The DynamoDB gateway endpoint through which the PII table is reached. */
  readonly dynamoDbEndpoint: ec2.IVpcEndpoint;
  /** Days after order delivery that PII may exist (at most 30, DPP 2.1). */
  readonly piiRetentionDays: number;
  /** Point-in-time-recovery window of the PII table, in days. */
  readonly pitrRecoveryPeriodDays: number;
  /** Years the law requires the tax archive to be kept. */
  readonly taxArchiveRetentionYears: number;
  readonly taxArchiveObjectLockMode: 'COMPLIANCE' | 'GOVERNANCE';
  /**
   * Whether the archive's readers may restore and read it from outside the VPC (see
   * `TaxArchiveProps.readerOutsideVpc`).
   * @default true
   */
  readonly taxArchiveReaderOutsideVpc?: boolean;
  /**
   * Whether the tax archive has a reader role of its own (`TaxArchiveProps.ownReaderRole`);
   * false when another role, such as the access capability's tax officer, is granted
   * restore instead.
   * @default true
   */
  readonly taxArchiveOwnReaderRole?: boolean;
  /** Retention of the S3 server access logs, in days (at least 90, DPP 2.6). */
  readonly logRetentionDays: number;
  /**
   * What each store is for, for the record of processing (DPP 2.2). The fields come
   * from the workloads that write and read them (`declareFields` on each store).
   * @default STORE_DATASETS, with no field
   */
  readonly declarations?: {
    readonly piiTable: ProcessingDeclaration;
    readonly piiBucket: ProcessingDeclaration;
    readonly taxArchive: ProcessingDeclaration;
  };
  /**
   * What happens to the stores when they leave the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The data stores of an environment (DPP 2.1-2.4, DUP 4.5): the PII table and bucket,
 * the tax archive, the bucket their access logs go to, and the role that deletes one
 * selling partner's data on Amazon's request (DPP 1.7).
 */
export class BaselineData extends Construct {
  public readonly accessLogs: AccessLogsBucket;
  public readonly piiTable: PiiTable;
  public readonly piiBucket: PiiBucket;
  public readonly taxArchive: TaxArchive;
  /**
   * Assumed (with MFA) by whoever runs `npm run delete-selling-partner-data`: it can
   * query the PII table for key attributes only and delete items by key, list and
   * delete object versions of the PII bucket, and list the archive. It reads the keys it
   * lists, no other attribute and no object, and writes nothing.
   */
  public readonly deletionRole: iam.Role;

  constructor(scope: Construct, id: string, props: BaselineDataProps) {
    super(scope, id);
    const { removalPolicy } = props;
    const declarations = props.declarations ?? STORE_DATASETS;
    this.accessLogs = new AccessLogsBucket(this, 'AccessLogs', {
      retentionDays: props.logRetentionDays,
      removalPolicy,
    });
    this.piiTable = new PiiTable(this, 'PiiTable', {
      encryptionKey: props.piiKey,
      retentionDays: props.piiRetentionDays,
      pitrRecoveryPeriodDays: props.pitrRecoveryPeriodDays,
      vpcEndpoints: [props.dynamoDbEndpoint],
      processing: declarations.piiTable,
      removalPolicy,
    });
    this.piiBucket = new PiiBucket(this, 'PiiBucket', {
      encryptionKey: props.piiKey,
      retentionDays: props.piiRetentionDays,
      vpcEndpoints: [props.s3Endpoint],
      accessLogs: this.accessLogs,
      processing: declarations.piiBucket,
      removalPolicy,
    });
    this.taxArchive = new TaxArchive(this, 'TaxArchive', {
      encryptionKey: props.taxArchiveKey,
      retentionYears: props.taxArchiveRetentionYears,
      objectLockMode: props.taxArchiveObjectLockMode,
      readerOutsideVpc: props.taxArchiveReaderOutsideVpc,
      ownReaderRole: props.taxArchiveOwnReaderRole,
      vpcEndpoints: [props.s3Endpoint],
      accessLogs: this.accessLogs,
      processing: declarations.taxArchive,
      removalPolicy,
    });

    this.deletionRole = new iam.Role(this, 'DeletionRole', {
      assumedBy: new iam.AccountRootPrincipal().withConditions({
        Bool: { 'aws:MultiFactorAuthPresent': 'true' },
      }),
      description: "Deletes one selling partner's PII on Amazon's request (DPP 1.7)",
      maxSessionDuration: Duration.hours(1),
    });
    this.piiTable.grantDeletion(this.deletionRole);
    this.piiBucket.grantDeletion(this.deletionRole);
    this.taxArchive.grantList(this.deletionRole);
    // The operator runs the deletion command from outside the VPC (the runbook).
    this.piiTable.allowDeletionOutsideVpc(this.deletionRole);
    this.piiBucket.allowDeletionOutsideVpc(this.deletionRole);
    this.taxArchive.allowListingOutsideVpc(this.deletionRole);
    declareControl(this.deletionRole, {
      clauses: ['DPP 1.7'],
      summary: "Deletes one selling partner's PII on Amazon's request, with MFA; reads nothing",
    });
    acknowledge(
      this.deletionRole,
      {
        ruleId: iam5Resource(`${arnReference(this.piiBucket.bucket)}/*`),
        reason:
          "The role deletes a selling partner's object versions under a prefix known only when Amazon's request arrives; it can list keys and versions, and read no object.",
        basis: { clause: 'DPP 1.7' },
      },
      {
        ruleId: 'NIST.800.53.R5-IAMNoInlinePolicy',
        reason:
          'The policy belongs to this role alone and is defined and reviewed in this template; a managed policy would grant no less.',
        basis: { clause: 'DPP 1.3' },
      },
    );
  }
}
