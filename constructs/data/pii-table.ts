import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct, IConstruct } from 'constructs';
import { acknowledge } from '../../lib/nag/acknowledge';
import { declareControl } from '../../lib/nag/controls';
import { classify } from './classification';
import {
  PII_TABLE_PARTITION_KEY,
  PII_TABLE_SORT_KEY,
  PII_TABLE_TTL_ATTRIBUTE,
  piiItemExpiry,
} from './layout';
import {
  PiiField,
  ProcessingDeclaration,
  ProcessingRecord,
  declareProcessing,
} from './processing-record';
import { piiItemLiveDays } from './retention';
import { VpcOnlyAccess } from './vpc-perimeter';

/** Attributes every item has and that hold no PII: never a declared field. */
const KEY_AND_EXPIRY_ATTRIBUTES: readonly string[] = [
  PII_TABLE_PARTITION_KEY,
  PII_TABLE_SORT_KEY,
  PII_TABLE_TTL_ATTRIBUTE,
];

/** The calls of the deletion command (DPP 1.7): find a partner's keys, delete items one by one. */
const DELETION_ACTIONS = ['dynamodb:Query', 'dynamodb:DeleteItem'];

/** Every other call that reads or writes items. */
const OTHER_DATA_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Scan',
  'dynamodb:ConditionCheckItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:PartiQLSelect',
  'dynamodb:PartiQLInsert',
  'dynamodb:PartiQLUpdate',
  'dynamodb:PartiQLDelete',
];

/** What a field-level grant covers (`grantReadItems`, `grantWriteItems`). */
export interface PiiItemAccess {
  /**
   * The PII fields the grantee reads or writes, each declared by the grantee's stack
   * with `declareFields` (DPP 2.2).
   */
  readonly fields: readonly string[];
  /**
   * Attributes that hold no PII, beyond the keys and `expiresAt` (a checkpoint, a
   * status). None may be a declared field.
   * @default - none
   */
  readonly otherAttributes?: readonly string[];
}

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
  /**
   * The VPC's DynamoDB endpoints: the only way items can be read or written. A call
   * from anywhere else is refused by the table's resource policy, valid credentials or
   * not (DPP 2.3, DUP 4.7).
   */
  readonly vpcEndpoints: readonly ec2.IVpcEndpoint[];
  /**
   * What the table holds, for the record of processing (DPP 2.2). Workloads add the
   * fields they write and read with `declareFields`.
   */
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
  /** The table's entry in the record of processing, with the fields workloads declared. */
  public readonly processing: ProcessingRecord;
  private readonly props: PiiTableProps;
  private readonly deletionOutsideVpc: VpcOnlyAccess;

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
    this.deletionOutsideVpc = this.keepInsideVpc(props.vpcEndpoints);
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
    this.processing = declareProcessing(
      this.table,
      props.processing,
      {
        storeType: 'DynamoDB table',
        retention: `${props.retentionDays} days after order delivery, point-in-time backups included (DPP 2.1)`,
        disposal: `TTL on ${PII_TABLE_TTL_ATTRIBUTE} at delivery + ${this.liveDays} days; point-in-time backups age out after ${props.pitrRecoveryPeriodDays} days; on request, the deletion command removes a selling partner's items (DPP 1.7)`,
      },
      KEY_AND_EXPIRY_ATTRIBUTES,
    );
  }

  /**
   * Declares, for the record of processing (DPP 2.2), PII fields that items of this
   * table hold on behalf of `declarer`'s stack (a workload's): what each is, where it
   * comes from and its purposes. The field-level grants admit only declared fields.
   */
  public declareFields(declarer: IConstruct, fields: readonly PiiField[]): void {
    this.processing.declare(declarer, fields);
  }

  /**
   * Lets `grantee` read items' keys and `access` attributes, nothing else, and decrypt
   * them with the PII key: GetItem, BatchGetItem and Query that project only those
   * attributes (`dynamodb:Attributes`, `Select` `SPECIFIC_ATTRIBUTES`). The record of
   * processing lists the grantee as a reader of those fields.
   */
  public grantReadItems(grantee: iam.IGrantable, access: PiiItemAccess): iam.Grant {
    const attributes = this.itemAttributes(grantee, access, 'reads of');
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
      resourceArns: [this.table.tableArn],
      conditions: {
        'ForAllValues:StringEquals': { 'dynamodb:Attributes': attributes },
        // ForAllValues holds when the key is absent: require it.
        Null: { 'dynamodb:Attributes': 'false' },
        StringEqualsIfExists: { 'dynamodb:Select': 'SPECIFIC_ATTRIBUTES' },
      },
    }).combine(this.props.encryptionKey.grantDecrypt(grantee));
  }

  /**
   * Lets `grantee` put and update items holding the keys, `expiresAt` and `access`
   * attributes, nothing else, returning nothing (`ReturnValues` `NONE`), with the PII
   * key. Every item written sets `expiresAt` with `itemExpiry` (DPP 2.1). A write can
   * replace an item, so the record of processing lists the grantee as a reader of the
   * fields too. No delete: the TTL and the deletion command delete.
   */
  public grantWriteItems(grantee: iam.IGrantable, access: PiiItemAccess): iam.Grant {
    const attributes = [
      ...this.itemAttributes(grantee, access, 'writes of'),
      PII_TABLE_TTL_ATTRIBUTE,
    ];
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
      resourceArns: [this.table.tableArn],
      conditions: {
        'ForAllValues:StringEquals': { 'dynamodb:Attributes': attributes },
        Null: { 'dynamodb:Attributes': 'false' },
        StringEqualsIfExists: { 'dynamodb:ReturnValues': 'NONE' },
      },
    }).combine(this.props.encryptionKey.grantEncryptDecrypt(grantee));
  }

  /**
   * A grant of every attribute to a role of another stack (a workload's) would let it
   * read fields it never declared: workloads get field-level grants only (DPP 2.2, 1.3).
   */
  private refuseWholeTableGrantAcrossStacks(grantee: iam.IGrantable, instead: string): void {
    const principal: unknown = grantee.grantPrincipal;
    if (!Construct.isConstruct(principal) || Stack.of(principal) === Stack.of(this)) return;
    throw new Error(
      `${this.node.path}: ${principal.node.path} is of another stack and cannot be granted every attribute of the table; a workload names the fields it declared with ${instead}() (docs/workloads.md; DPP 2.2, DPP 1.3)`,
    );
  }

  /** The keys and the attributes of `access`, after checking its fields were declared. */
  private itemAttributes(grantee: iam.IGrantable, access: PiiItemAccess, what: string): string[] {
    this.processing.assertDeclaredFor(grantee, access.fields, what);
    const declared = this.processing.fields.map((f) => f.name);
    for (const name of access.otherAttributes ?? []) {
      if (declared.includes(name) || KEY_AND_EXPIRY_ATTRIBUTES.includes(name)) {
        throw new Error(
          `${this.node.path}: '${name}' is given as an attribute without PII, but it is ${declared.includes(name) ? 'a declared PII field: grant it in fields' : 'a key or expiry attribute, always included'} (DPP 2.2)`,
        );
      }
    }
    return [
      PII_TABLE_PARTITION_KEY,
      PII_TABLE_SORT_KEY,
      ...access.fields,
      ...(access.otherAttributes ?? []),
    ];
  }

  /**
   * The `expiresAt` value (epoch seconds) of an item for an order delivered at
   * `deliveredAt`. Every write of a PII item sets it.
   */
  public itemExpiry(deliveredAt: Date): number {
    return piiItemExpiry(deliveredAt, this.liveDays);
  }

  /**
   * Lets `grantee` read items, every attribute, and decrypt them with the PII key: for
   * the baseline's own roles (an operator's). A workload's role, of another stack, is
   * refused: it names its fields with `grantReadItems`.
   */
  public grantReadData(grantee: iam.IGrantable): iam.Grant {
    this.refuseWholeTableGrantAcrossStacks(grantee, 'grantReadItems');
    return this.table
      .grantReadData(grantee)
      .combine(this.props.encryptionKey.grantDecrypt(grantee));
  }

  /**
   * Lets `grantee` write and delete items with the PII key. PutItem, UpdateItem and
   * DeleteItem can return the item they replace, so the record of processing lists the
   * grantee as a reader too. For the baseline's own roles; a workload's role is refused
   * (see `grantReadData`): it names its fields with `grantWriteItems`.
   */
  public grantWriteData(grantee: iam.IGrantable): iam.Grant {
    this.refuseWholeTableGrantAcrossStacks(grantee, 'grantWriteItems');
    return this.table
      .grantWriteData(grantee)
      .combine(this.props.encryptionKey.grantEncryptDecrypt(grantee));
  }

  /**
   * Lets `grantee` find and delete a selling partner's items (DPP 1.7), and nothing else:
   * Query that projects the key attributes only (`Select` must be `SPECIFIC_ATTRIBUTES`,
   * and no other attribute may be projected or filtered on), and DeleteItem by key that
   * returns nothing (`ReturnValues` `NONE`) and conditions on no other attribute. No
   * BatchWriteItem: IAM cannot tell its puts from its deletes. The grantee reads the
   * keys (selling partner id, record id), which the record of processing says.
   * `kms:Decrypt` through DynamoDB is needed for any call on the table.
   */
  public grantDeletion(grantee: iam.IGrantable): iam.Grant {
    const decryption = this.props.encryptionKey.grantDecrypt(grantee);
    const keysOnly = {
      'ForAllValues:StringEquals': {
        'dynamodb:Attributes': [PII_TABLE_PARTITION_KEY, PII_TABLE_SORT_KEY],
      },
    };
    const resourceArns = [this.table.tableArn];
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:Query'],
      resourceArns,
      conditions: { ...keysOnly, StringEquals: { 'dynamodb:Select': 'SPECIFIC_ATTRIBUTES' } },
    })
      .combine(
        iam.Grant.addToPrincipal({
          grantee,
          actions: ['dynamodb:DeleteItem'],
          resourceArns,
          conditions: { ...keysOnly, StringEquals: { 'dynamodb:ReturnValues': 'NONE' } },
        }),
      )
      .combine(decryption);
  }

  /**
   * Lets `role` make the deletion command's calls (Query, DeleteItem) from outside the
   * VPC, where an operator runs the command (DPP 1.7); every other call stays refused.
   */
  public allowDeletionOutsideVpc(role: iam.IRole): void {
    this.deletionOutsideVpc.exempt(role);
  }

  /**
   * The table's resource policy: item reads and writes only through the VPC's
   * endpoints, and no export of the table to S3 from anywhere: an export is a copy of
   * every item in a bucket of the caller's choosing, outside the retention and deletion
   * controls (DPP 2.1, DUP 4.7). Resources are `*`: the policy belongs to this table
   * and cannot name its own ARN without a circular reference.
   */
  private keepInsideVpc(endpoints: readonly ec2.IVpcEndpoint[]): VpcOnlyAccess {
    const data = new VpcOnlyAccess({
      sid: 'DenyItemAccessOutsideVpcEndpoints',
      actions: OTHER_DATA_ACTIONS,
      resources: ['*'],
      endpoints,
    });
    const deletion = new VpcOnlyAccess({
      sid: 'DenyDeletionCallsOutsideVpcEndpoints',
      actions: DELETION_ACTIONS,
      resources: ['*'],
      endpoints,
    });
    this.table.addToResourcePolicy(data.statement);
    this.table.addToResourcePolicy(deletion.statement);
    this.table.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyExportingTheTable',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['dynamodb:ExportTableToPointInTime'],
        resources: ['*'],
      }),
    );
    return deletion;
  }
}
