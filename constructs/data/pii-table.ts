import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledge } from '../../lib/nag/acknowledge';
import { declareControl } from '../../lib/nag/controls';
import { classify } from './classification';
import { PII_TABLE_PARTITION_KEY, PII_TABLE_SORT_KEY, PII_TABLE_TTL_ATTRIBUTE } from './layout';
import { ProcessingDeclaration, declareProcessing } from './processing-record';
import { piiItemExpiry, piiItemLiveDays } from './retention';

export interface PiiTableProps {
  /** The PII data-class key (DPP 2.4). */
  readonly encryptionKey: kms.IKey;
  /** Days after order delivery that PII may exist, backups included: at most 30 (DPP 2.1). */
  readonly retentionDays: number;
  /**
   * Point-in-time-recovery window in days. A restorable item is a copy of PII, so the
   * window comes out of the retention (see `liveDays`).
   */
  readonly pitrRecoveryPeriodDays: number;
  /** What the table holds, for the record of processing (DPP 2.2). */
  readonly processing: ProcessingDeclaration;
  /**
   * What happens to the table when it leaves the stack. `RETAIN` also turns on
   * deletion protection.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A DynamoDB table for order data holding PII, such as buyer names and shipping
 * addresses for merchant-fulfilled shipping (DPP 2.1 Data Retention, 2.4 Encryption at
 * Rest).
 *
 * Encrypted with the PII key; items keyed by selling partner (`sellingPartnerId`,
 * `recordId`) so that one partner's data can be found and deleted (DPP 1.7); a TTL on
 * `expiresAt`, which the write path sets with `itemExpiry(deliveredAt)`; and
 * point-in-time recovery whose window fits inside the retention with the TTL lag.
 */
export class PiiTable extends Construct {
  public readonly table: dynamodb.Table;
  /** Days after delivery an item stays live before its TTL expires it. */
  public readonly liveDays: number;
  private readonly props: PiiTableProps;

  constructor(scope: Construct, id: string, props: PiiTableProps) {
    super(scope, id);
    this.props = props;
    this.liveDays = piiItemLiveDays(props.retentionDays, props.pitrRecoveryPeriodDays);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.table = new dynamodb.Table(this, 'Resource', {
      partitionKey: { name: PII_TABLE_PARTITION_KEY, type: dynamodb.AttributeType.STRING },
      sortKey: { name: PII_TABLE_SORT_KEY, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.encryptionKey,
      timeToLiveAttribute: PII_TABLE_TTL_ATTRIBUTE,
      pointInTimeRecoverySpecification: {
        pointInTimeRecoveryEnabled: true,
        recoveryPeriodInDays: props.pitrRecoveryPeriodDays,
      },
      deletionProtection: removalPolicy === RemovalPolicy.RETAIN,
      removalPolicy,
    });
    classify(this.table, 'pii');
    declareControl(this.table, {
      clauses: ['DPP 2.1', 'DPP 2.4', 'DPP 1.7'],
      summary: `PII table: items expire by TTL within ${props.retentionDays} days, backups inside that window, encrypted with the PII key, keyed by selling partner for deletion`,
    });
    acknowledge(this.table, {
      ruleId: 'NIST.800.53.R5-DynamoDBInBackupPlan',
      reason:
        'AWS Backup copies would keep PII past the 30-day limit; point-in-time recovery, bounded inside the retention, is the recovery mechanism.',
      basis: { clause: 'DPP 2.1' },
    });
    declareProcessing(this.table, props.processing, {
      storeType: 'DynamoDB table',
      retention: `${props.retentionDays} days after order delivery, point-in-time backups included (DPP 2.1)`,
      disposal: `TTL on ${PII_TABLE_TTL_ATTRIBUTE} at delivery + ${this.liveDays} days; point-in-time backups age out after ${props.pitrRecoveryPeriodDays} days; on request, the deletion command removes a selling partner's items (DPP 1.7)`,
    });
  }

  /**
   * The `expiresAt` value (epoch seconds) of an item for an order delivered at
   * `deliveredAt`. Every write of a PII item sets it.
   */
  public itemExpiry(deliveredAt: Date): number {
    return piiItemExpiry(deliveredAt, this.liveDays);
  }

  /** Lets `grantee` read items and decrypt them with the PII key. */
  public grantReadData(grantee: iam.IGrantable): iam.Grant {
    return this.table
      .grantReadData(grantee)
      .combine(this.props.encryptionKey.grantDecrypt(grantee));
  }

  /**
   * Lets `grantee` write and delete items with the PII key. PutItem, UpdateItem and
   * DeleteItem can return the item they replace, so the record of processing lists the
   * grantee as a reader too.
   */
  public grantWriteData(grantee: iam.IGrantable): iam.Grant {
    return this.table
      .grantWriteData(grantee)
      .combine(this.props.encryptionKey.grantEncryptDecrypt(grantee));
  }

  /**
   * Lets `grantee` find and delete a selling partner's items (DPP 1.7): query by
   * partition key and batch-delete, nothing else. A query returns the items it finds,
   * so the record of processing lists the grantee as a reader of the fields it can query.
   */
  public grantDeletion(grantee: iam.IGrantable): iam.Grant {
    return this.table
      .grant(grantee, 'dynamodb:Query', 'dynamodb:BatchWriteItem')
      .combine(this.props.encryptionKey.grantDecrypt(grantee));
  }
}
