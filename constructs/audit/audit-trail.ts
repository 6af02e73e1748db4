import { CfnResource, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { declareControl } from '../../lib/nag/controls';
import { Construct } from 'constructs';
import { acknowledge } from '../../lib/nag/acknowledge';
import { iam5Resource } from '../../lib/nag/finding-ids';
import { IAccessLogDestination } from '../data/access-logs-bucket';
import { EncryptedLogGroup } from '../logging/encrypted-log-group';
import { ObjectLockMode, TrailBucket } from './trail-bucket';

export interface AuditTrailProps {
  /** Physical name of the trail, e.g. `spapi-dpp-prod-audit`; part of its ARN, which policies name. */
  readonly trailName: string;
  /**
   * The audit-log data-class key. It encrypts the log files, the bucket and the log
   * group, so it must be a key of this stack whose policy the trail can extend
   * (`DataClassKeys.auditLogs`); an imported key is refused.
   */
  readonly encryptionKey: kms.IKey;
  /** Days log files and log events are kept (at least 90, DPP 2.6), locked in the bucket for as long. */
  readonly logRetentionDays: number;
  /** Object Lock mode of the trail bucket: GOVERNANCE for test, COMPLIANCE for prod. */
  readonly objectLockMode: ObjectLockMode;
  /** The only principal that may read log files from the bucket (a security-auditor role). */
  readonly auditor: iam.IRole;
  /** Where the trail bucket's server access logs go. */
  readonly accessLogs: IAccessLogDestination;
  /** Buckets of PII whose object-level reads and writes are recorded (DPP 2.6 storage-layer APIs). */
  readonly dataEventBuckets: readonly s3.IBucket[];
  /** Tables of PII whose item-level reads and writes are recorded. */
  readonly dataEventTables: readonly dynamodb.ITable[];
  /**
   * Days after which log files move to a cold class.
   * @default 90
   */
  readonly coldStorageAfterDays?: number;
  /**
   * What happens to the trail, its bucket and log group when they leave the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The audit trail of an environment (DPP 2.6 Logging and Monitoring: "gather logs to
 * detect security-related events ... on all channels (e.g., service APIs,
 * storage-layer APIs, administrative dashboards)").
 *
 * One CloudTrail trail for all regions, global service events included, with log file
 * validation (hourly signed digests: evidence for the chain of custody, DPP 1.6),
 * encrypted with the audit-log key. It records every management event, read and write
 * (secret reads, `GetSecretValue`, are read management events), and the data events of
 * the PII buckets and tables. It delivers to a locked `TrailBucket` and to an
 * `EncryptedLogGroup`, where the security alarms watch it.
 */
export class AuditTrail extends Construct {
  public readonly trail: cloudtrail.CfnTrail;
  public readonly trailArn: string;
  public readonly bucket: TrailBucket;
  public readonly logGroup: EncryptedLogGroup;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const { account, region, partition } = Stack.of(this);
    this.trailArn = `arn:${partition}:cloudtrail:${region}:${account}:trail/${props.trailName}`;
    this.admitToKey(props.encryptionKey, props.auditor);
    this.bucket = new TrailBucket(this, 'Bucket', {
      encryptionKey: props.encryptionKey,
      retentionDays: props.logRetentionDays,
      objectLockMode: props.objectLockMode,
      auditor: props.auditor,
      accessLogs: props.accessLogs,
      coldStorageAfterDays: props.coldStorageAfterDays,
      removalPolicy: props.removalPolicy,
    });
    this.bucket.admitTrail(this.trailArn);
    this.logGroup = new EncryptedLogGroup(this, 'LogGroup', {
      logGroupName: `/aws/cloudtrail/${props.trailName}`,
      encryptionKey: props.encryptionKey,
      retentionDays: props.logRetentionDays,
      removalPolicy: props.removalPolicy,
    });
    const deliveryRole = this.logDeliveryRole();

    this.trail = new cloudtrail.CfnTrail(this, 'Resource', {
      trailName: props.trailName,
      isLogging: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      kmsKeyId: props.encryptionKey.keyArn,
      s3BucketName: this.bucket.bucket.bucketName,
      cloudWatchLogsLogGroupArn: this.logGroup.logGroup.logGroupArn,
      cloudWatchLogsRoleArn: deliveryRole.roleArn,
      advancedEventSelectors: eventSelectors(props.dataEventBuckets, props.dataEventTables),
    });
    // A retained trail keeps recording after a stack deletion or a replacement, so the
    // environment is never without its audit record (DPP 2.6).
    this.trail.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.RETAIN);
    // CloudTrail checks at creation that it may write to the bucket and the log group.
    this.trail.node.addDependency(this.bucket.bucket.policy!, deliveryRole);
    declareControl(this.trail, {
      clauses: ['DPP 2.6', 'DPP 1.6'],
      summary:
        'Records every management event of every region and the data events of the PII stores, with validated digest files (chain of custody), to a locked bucket and a log group the alarms watch',
    });
  }

  /**
   * CloudTrail encrypts log files for this trail only; the auditor decrypts them through
   * S3 and for this trail only. The key's other users (CloudWatch Logs) are the key's own.
   */
  private admitToKey(key: kms.IKey, auditor: iam.IRole): void {
    const cloudTrail = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
    const { account, region, partition } = Stack.of(this);
    const statements = [
      new iam.PolicyStatement({
        sid: 'CloudTrailEncryptsThisTrailsLogs',
        principals: [cloudTrail],
        actions: ['kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceArn': this.trailArn },
          StringLike: {
            'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${partition}:cloudtrail:*:${account}:trail/*`,
          },
        },
      }),
      new iam.PolicyStatement({
        sid: 'CloudTrailDescribesKey',
        principals: [cloudTrail],
        actions: ['kms:DescribeKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceArn': this.trailArn } },
      }),
      new iam.PolicyStatement({
        sid: 'AuditorDecryptsTrailLogsThroughS3',
        principals: [auditor],
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions: {
          StringEquals: {
            'kms:CallerAccount': account,
            'kms:ViaService': `s3.${region}.amazonaws.com`,
            'kms:EncryptionContext:aws:cloudtrail:arn': this.trailArn,
          },
        },
      }),
    ];
    for (const statement of statements) {
      if (!key.addToResourcePolicy(statement).statementAdded) {
        throw new Error(
          `${this.node.path}: encryptionKey ${key.node.path} is imported; the trail needs a key of this stack whose policy it can extend (DataClassKeys.auditLogs)`,
        );
      }
    }
  }

  /**
   * The role CloudTrail assumes to write to the log group: this trail only, the
   * streams CloudTrail names `<account>_CloudTrail_<region>` only.
   */
  private logDeliveryRole(): iam.Role {
    const { account, region, partition } = Stack.of(this);
    const role = new iam.Role(this, 'LogDeliveryRole', {
      assumedBy: new iam.ServicePrincipal('cloudtrail.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceArn': this.trailArn, 'aws:SourceAccount': account },
      }),
      description: 'CloudTrail delivers the audit trail to its log group (DPP 2.6)',
    });
    const streams = `arn:${partition}:logs:${region}:${account}:log-group:${this.logGroup.logGroup.logGroupName}:log-stream:${account}_CloudTrail_*`;
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [streams],
      }),
    );
    acknowledge(
      role,
      {
        ruleId: iam5Resource(
          `arn:${partition}:logs:${region}:${account}:log-group:<${Stack.of(this).resolve((this.logGroup.logGroup.node.defaultChild as CfnResource).logicalId)}>:log-stream:${account}_CloudTrail_*`,
        ),
        reason:
          'CloudTrail names one log stream per region at delivery time; the wildcard covers only those streams of this one log group.',
        basis: { engineering: 'CloudTrail-defined log stream names' },
      },
      {
        ruleId: 'NIST.800.53.R5-IAMNoInlinePolicy',
        reason:
          'The policy belongs to this role alone and is defined and reviewed in this template; a managed policy would grant no less.',
        basis: { clause: 'DPP 1.3' },
      },
    );
    return role;
  }
}

/**
 * Advanced event selectors: every management event, and the object- and item-level
 * events of the PII stores. Advanced selectors can name the stores exactly (a basic
 * data selector for DynamoDB cannot be combined with S3 prefixes as precisely).
 */
function eventSelectors(
  buckets: readonly s3.IBucket[],
  tables: readonly dynamodb.ITable[],
): cloudtrail.CfnTrail.AdvancedEventSelectorProperty[] {
  const data = (resourceType: string, arnSelector: Record<string, string[]>) => [
    { field: 'eventCategory', equalTo: ['Data'] },
    { field: 'resources.type', equalTo: [resourceType] },
    { field: 'resources.ARN', ...arnSelector },
  ];
  return [
    {
      name: 'Management events, read and write',
      fieldSelectors: [{ field: 'eventCategory', equalTo: ['Management'] }],
    },
    ...(buckets.length > 0
      ? [
          {
            name: 'Objects of the PII buckets',
            fieldSelectors: data('AWS::S3::Object', {
              startsWith: buckets.map((b) => `${b.bucketArn}/`),
            }),
          },
        ]
      : []),
    ...(tables.length > 0
      ? [
          {
            name: 'Items of the PII tables',
            fieldSelectors: data('AWS::DynamoDB::Table', {
              equalTo: tables.map((t) => t.tableArn),
            }),
          },
        ]
      : []),
  ];
}
