import * as path from 'path';
import { CustomResource, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { PiiBucket } from '../data/pii-bucket';
import { PiiTable } from '../data/pii-table';
import {
  PII_TABLE_PARTITION_KEY,
  PII_TABLE_SORT_KEY,
  PII_TABLE_TTL_ATTRIBUTE,
  sellingPartnerPrefix,
} from '../data/layout';
import { BaselineFunction } from '../functions/baseline-function';
import { EncryptedLogGroup } from '../logging/encrypted-log-group';
import { CanarySpec } from './functions/canary-content';
import { acknowledgeCanaryFunctions } from './lambda-findings';
import { RUNBOOK_SECTIONS } from './runbook';
import { SESSION_ISSUER_ARN } from './security-alarms';
import { LogPatternAlarm, thresholdAlarm } from './security-alarm';
import { SecurityAlarmTopic } from './security-alarm-topic';
import { handlerEntry } from '../functions/handler-entry';

const F = logs.FilterPattern;

/** How often the canaries are written again: well inside any PII expiry. */
export const CANARY_REFRESH_INTERVAL = Duration.days(1);
/**
 * An S3 data event names the objects and bucket it touched in `resources`, a copy its
 * source and destination; the first three places are matched (a pattern holds at most
 * 1024 characters).
 */
const RESOURCE_SLOTS = [0, 1, 2];

export interface CanaryRecordsProps {
  /** The PII bucket the canary object goes in. */
  readonly piiBucket: PiiBucket;
  /** The PII table the canary item goes in. */
  readonly piiTable: PiiTable;
  /**
   * The log group of the audit trail that records the data events of both stores; the
   * canary alarms watch it.
   */
  readonly trailLogGroup: logs.ILogGroup;
  /** Where the canary alarms publish. */
  readonly topic: SecurityAlarmTopic;
  /** The VPC the writer runs in: the PII bucket accepts writes only through its S3 endpoint. */
  readonly vpc: ec2.IVpc;
  /** Subnets with a route to the S3 and DynamoDB gateway endpoints (the private tier). */
  readonly vpcSubnets: ec2.SubnetSelection;
  /** Security groups of the writer: egress on TCP 443 only. */
  readonly securityGroups: readonly ec2.ISecurityGroup[];
  /** Key of the audit-log data class, for the functions' log groups. */
  readonly logEncryptionKey: kms.IKey;
  /** Retention of the functions' logs, in days (at least 90, DPP 2.6). */
  readonly logRetentionDays: number;
  /**
   * The selling partner id the canaries are filed under. It must not be a real one.
   * @default - an id derived from this construct's path, stable across deployments
   */
  readonly sellingPartnerId?: string;
  /**
   * What happens to the log groups when they leave the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Canary records in the PII stores (DPP 2.6: "trigger investigative alarms on
 * suspicious actions (e.g., ... access to canary data records)").
 *
 * A canary object in the PII bucket and a canary item in the PII table, filed under a
 * selling partner that does not exist and holding fictitious data. No process of the
 * baseline has a reason to touch them, so any access raises an alarm: a read, copy,
 * overwrite or delete of the object; a read, write or delete naming the canary's
 * partition, or a Scan or export of the table, which reads every item. The trail's
 * data events are the source. The one principal exempt is the writer itself, for its
 * own put and delete.
 *
 * The records expire like all PII (bucket lifecycle, table TTL on `expiresAt` from the
 * table's live days), so the writer puts them again every day. A custom resource puts
 * them at deployment and deletes them when the construct is removed.
 */
export class CanaryRecords extends Construct {
  /** Where the canaries are; also what the alarms match. */
  public readonly spec: CanarySpec;
  public readonly writer: nodejs.NodejsFunction;
  public readonly objectAlarm: cloudwatch.Alarm;
  public readonly itemAlarm: cloudwatch.Alarm;
  public readonly refreshFailedAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: CanaryRecordsProps) {
    super(scope, id);
    const bucket = props.piiBucket.bucket;
    const table = props.piiTable.table;
    const sellingPartnerId = props.sellingPartnerId ?? derivedSellingPartnerId(this.node.addr);
    const amazonOrderId = derivedOrderId(this.node.addr);
    this.spec = {
      bucketName: bucket.bucketName,
      objectKey: `${sellingPartnerPrefix(sellingPartnerId)}shipping-labels/${amazonOrderId}.json`,
      tableName: table.tableName,
      partitionKeyName: PII_TABLE_PARTITION_KEY,
      sortKeyName: PII_TABLE_SORT_KEY,
      ttlAttributeName: PII_TABLE_TTL_ATTRIBUTE,
      sellingPartnerId,
      amazonOrderId,
      liveDays: props.piiTable.liveDays,
    };

    const logGroup = (logId: string) =>
      new EncryptedLogGroup(this, logId, {
        encryptionKey: props.logEncryptionKey,
        retentionDays: props.logRetentionDays,
        removalPolicy: props.removalPolicy,
      });
    this.writer = new BaselineFunction(this, 'Writer', {
      entry: handlerEntry(path.join(__dirname, 'functions'), 'canary-writer.ts'),
      description: 'Puts and refreshes the canary records of the PII stores (DPP 2.6)',
      timeout: Duration.minutes(1),
      network: {
        vpc: props.vpc,
        subnets: props.vpcSubnets,
        securityGroups: props.securityGroups,
      },
      logEncryptionKey: props.logEncryptionKey,
      logRetentionDays: props.logRetentionDays,
      removalPolicy: props.removalPolicy,
    }).function;
    this.grantWriterAccess(props);

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.writer,
      logGroup: logGroup('ProviderLogs').logGroup,
    });
    new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::CanaryRecords',
      properties: { canary: this.spec },
    });
    new events.Rule(this, 'Refresh', {
      description: 'Writes the canary records again before they expire (DPP 2.6)',
      schedule: events.Schedule.rate(CANARY_REFRESH_INTERVAL),
      targets: [
        new targets.LambdaFunction(this.writer, {
          event: events.RuleTargetInput.fromObject({ action: 'refresh', canary: this.spec }),
          retryAttempts: 2,
        }),
      ],
    });

    const writerRoleArn = this.writer.role!.roleArn;
    this.objectAlarm = new LogPatternAlarm(this, 'ObjectAccessed', {
      topic: props.topic,
      logGroup: props.trailLogGroup,
      metricName: 'CanaryObjectAccessed',
      name: 'canary-object-accessed',
      meaning:
        'Someone read, copied, overwrote or deleted the canary object in the PII bucket: no process has a reason to, so PII may be being taken.',
      section: RUNBOOK_SECTIONS.canaryAccessed,
      pattern: objectAccessPattern(
        bucket.arnForObjects(this.spec.objectKey),
        this.spec.objectKey,
        writerRoleArn,
      ),
    }).alarm;
    this.itemAlarm = new LogPatternAlarm(this, 'ItemAccessed', {
      topic: props.topic,
      logGroup: props.trailLogGroup,
      metricName: 'CanaryItemAccessed',
      name: 'canary-item-accessed',
      meaning:
        'Someone read, wrote or deleted the canary item in the PII table, or scanned or exported the whole table: no process has a reason to, so PII may be being taken.',
      section: RUNBOOK_SECTIONS.canaryAccessed,
      pattern: itemAccessPattern(table.tableArn, this.spec, writerRoleArn),
    }).alarm;
    this.refreshFailedAlarm = thresholdAlarm(this, 'RefreshFailed', {
      topic: props.topic,
      name: 'canary-refresh-failed',
      meaning:
        'The canary writer failed: the canary records may have expired, and with them the canary alarms.',
      section: RUNBOOK_SECTIONS.canaryRefreshFailed,
      metric: this.writer.metricErrors({ period: CANARY_REFRESH_INTERVAL }),
      threshold: 1,
    });
    acknowledgeCanaryFunctions(this.writer, provider);
  }

  /**
   * The writer may put and delete the canary object and the canary item, and nothing
   * else: the object's own ARN, the canary partition (`dynamodb:LeadingKeys`), and the
   * PII key through S3 and DynamoDB only.
   */
  private grantWriterAccess(props: CanaryRecordsProps): void {
    const bucket = props.piiBucket.bucket;
    const table = props.piiTable.table;
    const role = this.writer.role!;
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion'],
        resources: [bucket.arnForObjects(this.spec.objectKey)],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucketVersions'],
        resources: [bucket.bucketArn],
        conditions: { StringEquals: { 's3:prefix': this.spec.objectKey } },
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
        resources: [table.tableArn],
        conditions: {
          'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [this.spec.sellingPartnerId] },
        },
      }),
    );
    bucket.encryptionKey?.grantEncrypt(role);
    table.encryptionKey?.grantEncryptDecrypt(role);
  }
}

/** Every exemption of the writer: its own puts and deletes, nothing else. */
function notTheWritersOwn(writerRoleArn: string, ownEvents: readonly string[]): logs.JsonPattern {
  return F.any(
    F.notExists(SESSION_ISSUER_ARN),
    F.stringValue(SESSION_ISSUER_ARN, '!=', writerRoleArn),
    F.all(...ownEvents.map((name) => F.stringValue('$.eventName', '!=', name))),
  );
}

/**
 * Any S3 data event on the canary object: it is named as a resource of the event (a
 * read, write or delete, or either side of a copy) or as the request's key. The key is
 * unique to the canary, so a copy of it under the same key elsewhere, read later,
 * counts too.
 */
function objectAccessPattern(
  objectArn: string,
  objectKey: string,
  writerRoleArn: string,
): logs.JsonPattern {
  return F.all(
    F.stringValue('$.eventSource', '=', 's3.amazonaws.com'),
    F.any(
      ...RESOURCE_SLOTS.map((slot) => F.stringValue(`$.resources[${slot}].ARN`, '=', objectArn)),
      F.stringValue('$.requestParameters.key', '=', objectKey),
    ),
    notTheWritersOwn(writerRoleArn, ['PutObject', 'DeleteObject']),
  );
}

/**
 * Any DynamoDB event on the PII table that names the canary's partition (CloudTrail
 * records key values; the SDK's plain and typed forms are both matched), and any Scan
 * or export of the table, which reads every item, the canary included.
 */
function itemAccessPattern(
  tableArn: string,
  spec: CanarySpec,
  writerRoleArn: string,
): logs.JsonPattern {
  const key = `$.requestParameters.key.${spec.partitionKeyName}`;
  return F.all(
    F.stringValue('$.eventSource', '=', 'dynamodb.amazonaws.com'),
    F.any(
      F.stringValue('$.resources[0].ARN', '=', tableArn),
      F.stringValue('$.requestParameters.tableName', '=', spec.tableName),
      F.stringValue('$.requestParameters.tableArn', '=', tableArn),
    ),
    F.any(
      F.stringValue(key, '=', spec.sellingPartnerId),
      F.stringValue(`${key}.S`, '=', spec.sellingPartnerId),
      F.stringValue('$.eventName', '=', 'Scan'),
      F.stringValue('$.eventName', '=', 'ExportTableToPointInTime'),
    ),
    notTheWritersOwn(writerRoleArn, ['PutItem', 'DeleteItem']),
  );
}

/**
 * A selling partner id of Amazon's shape (`A` and 13 upper-case letters and digits)
 * derived from the construct's address: stable across deployments, different per
 * environment, never issued by Amazon in practice (1 in 36^13).
 */
export function derivedSellingPartnerId(address: string): string {
  return `A${BigInt(`0x${address}`).toString(36).toUpperCase().padStart(13, '0').slice(-13)}`;
}

/** An order id of Amazon's `3-7-7` digit shape, derived from the construct's address. */
export function derivedOrderId(address: string): string {
  const digits = BigInt(`0x${address}`).toString().padStart(17, '0').slice(-17);
  return `${digits.slice(0, 3)}-${digits.slice(3, 10)}-${digits.slice(10)}`;
}
