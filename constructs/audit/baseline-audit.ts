import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { IAccessLogDestination } from '../data/access-logs-bucket';
import { PiiBucket } from '../data/pii-bucket';
import { PiiTable } from '../data/pii-table';
import { TaxArchive } from '../data/tax-archive';
import { AuditTrail } from './audit-trail';
import { CanaryRecords } from './canary-records';
import { ISecretReaders, SecurityAlarms } from './security-alarms';
import { SecurityAlarmTopic } from './security-alarm-topic';
import { AccountSecurityServices, ThreatDetection } from './threat-detection';
import { ObjectLockMode } from './trail-bucket';

export interface BaselineAuditProps {
  /** Prefix of physical names (trail, topic, alarms, rules), e.g. `spapi-dpp-prod`. */
  readonly namePrefix: string;
  /** The audit-log data-class key (`DataClassKeys.auditLogs`): trail, bucket and log groups. */
  readonly auditLogsKey: kms.IKey;
  /** Days every audit log is kept: at least the 90 of DPP 2.6 (the baseline keeps 365 in prod). */
  readonly logRetentionDays: number;
  /** Object Lock mode of the trail bucket: GOVERNANCE in test, COMPLIANCE in prod. */
  readonly trailObjectLockMode: ObjectLockMode;
  /**
   * The only principal that may read the trail's log files.
   * @default - a `SecurityAuditor` role that this account's principals assume with MFA, for an hour
   */
  readonly auditor?: iam.IRole;
  /** Where the trail bucket's server access logs go (`BaselineData.accessLogs`). */
  readonly accessLogs: IAccessLogDestination;
  /** The PII stores: their data events are recorded, their reads watched, canaries put in the live ones. */
  readonly piiBucket: PiiBucket;
  readonly piiTable: PiiTable;
  readonly taxArchive: TaxArchive;
  /** The VPC, subnets and security groups the canary writer runs with (the private tier, egress 443 only). */
  readonly vpc: ec2.IVpc;
  readonly workloadSubnets: ec2.SubnetSelection;
  readonly workloadSecurityGroups: readonly ec2.ISecurityGroup[];
  /** Alert log groups of the egress Network Firewalls. */
  readonly networkFirewallAlertLogs: readonly logs.ILogGroup[];
  /** Query log groups of the DNS Firewalls. */
  readonly dnsFirewallQueryLogs: readonly logs.ILogGroup[];
  /** Who GuardDuty, Macie and Inspector belong to, and which are on. */
  readonly accountServices: AccountSecurityServices;
  /**
   * The security alarm topic, when the stack shares it with other capabilities (the
   * credentials' alarms, the break-glass alarm, a workload's alarms).
   * @default - a topic of the audit's own, with `alarmSubscriptions`
   */
  readonly topic?: SecurityAlarmTopic;
  /**
   * Who is told of every alarm and finding (of the audit's own topic; a shared topic
   * carries its subscriptions).
   * @default - none
   */
  readonly alarmSubscriptions?: readonly sns.ITopicSubscription[];
  /**
   * Roles whose reads of secrets are expected.
   * @default - none: every secret read raises an alarm
   */
  readonly expectedSecretReaders?: readonly iam.IRole[];
  /**
   * Where more expected secret readers come from, at synth (e.g. `SpApiCredentials`,
   * which knows every role it granted, workloads' included).
   * @default - none
   */
  readonly expectedSecretReadersOf?: ISecretReaders;
  /**
   * Thresholds of the alarms that count (`SecurityAlarmsProps`).
   * @default - 5 unauthorized calls and 3 failed sign-ins in 5 minutes; an anomaly band of 3 standard deviations
   */
  readonly alarmThresholds?: {
    readonly unauthorizedCalls?: number;
    readonly signInFailures?: number;
    readonly anomalyBandWidth?: number;
  };
  /**
   * What happens to the stateful resources (bucket, log groups, keys) when they leave the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The audit and monitoring capability of an environment (DPP 2.6 Logging and
 * Monitoring, DPP 1.6 Incident Response detection, DPP 2.7 Vulnerability Management
 * scanning, DPP 1.2 lockout signals): the trail, the security topic, the alarms, the
 * canary records and threat detection, composed from the PII stores and the network.
 *
 * Construct ids (`Trail`, `Topic`, `Alarms`, `Canaries`, `ThreatDetection`) are part of
 * logical ids: treat them as API.
 */
export class BaselineAudit extends Construct {
  public readonly auditor: iam.IRole;
  public readonly trail: AuditTrail;
  public readonly topic: SecurityAlarmTopic;
  public readonly alarms: SecurityAlarms;
  public readonly canaries: CanaryRecords;
  public readonly threatDetection: ThreatDetection;

  constructor(scope: Construct, id: string, props: BaselineAuditProps) {
    super(scope, id);
    this.auditor = props.auditor ?? this.defaultAuditor();
    const piiBuckets = [props.piiBucket.bucket, props.taxArchive.bucket];
    const piiTables = [props.piiTable.table];
    this.trail = new AuditTrail(this, 'Trail', {
      trailName: `${props.namePrefix}-audit`,
      encryptionKey: props.auditLogsKey,
      logRetentionDays: props.logRetentionDays,
      objectLockMode: props.trailObjectLockMode,
      auditor: this.auditor,
      accessLogs: props.accessLogs,
      dataEventBuckets: piiBuckets,
      dataEventTables: piiTables,
      removalPolicy: props.removalPolicy,
    });
    if (props.topic && props.alarmSubscriptions?.length) {
      throw new Error(
        `${this.node.path}: alarmSubscriptions are given with a shared topic; subscribe them on the topic`,
      );
    }
    this.topic =
      props.topic ??
      new SecurityAlarmTopic(this, 'Topic', {
        namePrefix: props.namePrefix,
        subscriptions: props.alarmSubscriptions,
        removalPolicy: props.removalPolicy,
      });
    this.alarms = new SecurityAlarms(this, 'Alarms', {
      topic: this.topic,
      trailLogGroup: this.trail.logGroup.logGroup,
      trailBucket: this.trail.bucket.bucket,
      piiBuckets,
      piiTables,
      expectedSecretReaders: props.expectedSecretReaders,
      expectedSecretReadersOf: props.expectedSecretReadersOf,
      networkFirewallAlertLogs: props.networkFirewallAlertLogs,
      dnsFirewallQueryLogs: props.dnsFirewallQueryLogs,
      unauthorizedCallThreshold: props.alarmThresholds?.unauthorizedCalls,
      signInFailureThreshold: props.alarmThresholds?.signInFailures,
      anomalyBandWidth: props.alarmThresholds?.anomalyBandWidth,
    });
    this.canaries = new CanaryRecords(this, 'Canaries', {
      piiBucket: props.piiBucket,
      piiTable: props.piiTable,
      trailLogGroup: this.trail.logGroup.logGroup,
      topic: this.topic,
      vpc: props.vpc,
      vpcSubnets: props.workloadSubnets,
      securityGroups: props.workloadSecurityGroups,
      logEncryptionKey: props.auditLogsKey,
      logRetentionDays: props.logRetentionDays,
      removalPolicy: props.removalPolicy,
    });
    this.threatDetection = new ThreatDetection(this, 'ThreatDetection', {
      topic: this.topic,
      accountServices: props.accountServices,
      piiBuckets,
      logEncryptionKey: props.auditLogsKey,
      logRetentionDays: props.logRetentionDays,
      removalPolicy: props.removalPolicy,
    });
  }

  /** A role for reading the trail's log files: this account's principals, with MFA, for an hour. */
  private defaultAuditor(): iam.Role {
    return new iam.Role(this, 'SecurityAuditor', {
      assumedBy: new iam.AccountRootPrincipal().withConditions({
        Bool: { 'aws:MultiFactorAuthPresent': 'true' },
      }),
      description: 'Reads the audit trail for an investigation (DPP 1.6, DPP 2.6)',
      maxSessionDuration: Duration.hours(1),
    });
  }
}
