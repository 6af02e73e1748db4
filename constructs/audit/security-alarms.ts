import { Lazy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ClauseId } from '../../lib/policy/clauses';
import { RUNBOOK_SECTIONS, RunbookSection } from './runbook';
import { LogPatternAlarm, SECURITY_ALARM_PERIOD, anomalyAlarm } from './security-alarm';
import { SecurityAlarmTopic } from './security-alarm-topic';

const F = logs.FilterPattern;
type JsonPattern = logs.JsonPattern;

/** `$.field = "value"` for each value, any of them. */
function anyOf(field: string, values: readonly string[]): JsonPattern {
  return F.any(...values.map((value) => F.stringValue(field, '=', value)));
}

const eventSource = (source: string) => F.stringValue('$.eventSource', '=', source);
const eventName = (...names: string[]) => anyOf('$.eventName', names);
const writes = F.booleanValue('$.readOnly', false);
const reads = F.booleanValue('$.readOnly', true);
/** The role behind an assumed-role session; absent for root, IAM users and AWS services. */
export const SESSION_ISSUER_ARN = '$.userIdentity.sessionContext.sessionIssuer.arn';

/**
 * A filter pattern has at most 1024 characters; each expected reader adds one
 * comparison of up to ~150 characters once its ARN is resolved.
 */
export const MAX_EXPECTED_SECRET_READERS = 5;

/**
 * Who is granted reads of secrets, asked at synth: readers granted after the alarms
 * are built (a workload's role) count too. `SpApiCredentials` is one.
 */
export interface ISecretReaders {
  /** The ARN of every role granted reads of a secret. */
  secretReaderArns(): readonly string[];
}

export interface SecurityAlarmsProps {
  /** Where every alarm publishes. */
  readonly topic: SecurityAlarmTopic;
  /** The audit trail's log group: management events of all regions and the PII stores' data events. */
  readonly trailLogGroup: logs.ILogGroup;
  /** The trail's bucket: a change to its policy, lifecycle or lock is an audit-trail change. */
  readonly trailBucket: s3.IBucket;
  /** Buckets of PII whose object reads are watched for unusual volume (DPP 2.6). */
  readonly piiBuckets: readonly s3.IBucket[];
  /** Tables of PII whose item reads are watched for unusual volume. */
  readonly piiTables: readonly dynamodb.ITable[];
  /**
   * Roles whose reads of secrets are expected (the workload, the rotation function);
   * a read by any other principal raises an alarm. At most `MAX_EXPECTED_SECRET_READERS`.
   * @default - none: every secret read raises the alarm
   */
  readonly expectedSecretReaders?: readonly iam.IRole[];
  /**
   * Where more expected readers come from, at synth (the credentials construct, which
   * knows every role it granted, a workload's included). Together with
   * `expectedSecretReaders` at most `MAX_EXPECTED_SECRET_READERS`.
   * @default - none
   */
  readonly expectedSecretReadersOf?: ISecretReaders;
  /**
   * Alert log groups of the egress Network Firewalls; a blocked flow is a possible
   * extraction of Information (DPP 2.6).
   * @default - none
   */
  readonly networkFirewallAlertLogs?: readonly logs.ILogGroup[];
  /**
   * Query log groups of the DNS Firewalls; a blocked query is a possible extraction
   * through DNS.
   * @default - none
   */
  readonly dnsFirewallQueryLogs?: readonly logs.ILogGroup[];
  /**
   * Unauthorized calls in five minutes that raise the alarm ("multiple unauthorized calls").
   * @default 5
   */
  readonly unauthorizedCallThreshold?: number;
  /**
   * Failed console sign-ins in five minutes that raise the alarm (DPP 1.2 account lockout).
   * @default 3
   */
  readonly signInFailureThreshold?: number;
  /**
   * Width, in standard deviations, of the band above which PII retrieval is unusual.
   * @default 3
   */
  readonly anomalyBandWidth?: number;
}

/** One alarm on a pattern of the trail's log group. */
interface TrailAlarm {
  readonly id: string;
  readonly name: string;
  readonly meaning: string;
  readonly section: RunbookSection;
  readonly pattern: logs.IFilterPattern;
  readonly threshold?: number;
  /** @default ['DPP 2.6'] */
  readonly clauses?: readonly ClauseId[];
}

/**
 * The investigative alarms of an environment (DPP 2.6: "trigger investigative alarms on
 * suspicious actions (e.g., multiple unauthorized calls, unexpected request rate and
 * data retrieval volume, and access to canary data records)"; "detect if Information is
 * extracted from its protected boundaries"; DPP 1.2 account lockout signals).
 *
 * Metric filters on the audit trail's log group (the CIS AWS Foundations set and what
 * this baseline adds), anomaly detection on PII retrieval, and alarms on the egress
 * and DNS firewalls' denials. Every alarm publishes to the security topic and names the
 * runbook section that handles it. Canary alarms live with the canaries (`CanaryRecords`).
 */
export class SecurityAlarms extends Construct {
  /** Every alarm, by id. */
  public readonly alarms: Readonly<Record<string, cloudwatch.IAlarm>>;

  constructor(scope: Construct, id: string, props: SecurityAlarmsProps) {
    super(scope, id);
    const readers = () => this.expectedReaders(props);
    readers();
    this.checkThresholds(props);
    const alarms: Record<string, cloudwatch.IAlarm> = {};
    for (const spec of trailAlarms(props, readers)) {
      alarms[spec.id] = new LogPatternAlarm(this, spec.id, {
        topic: props.topic,
        logGroup: props.trailLogGroup,
        metricName: spec.id,
        ...spec,
      }).alarm;
    }
    Object.assign(alarms, this.firewallAlarms(props), this.retrievalAlarms(props));
    this.alarms = alarms;
  }

  /** The ARNs of the expected secret readers, at most `MAX_EXPECTED_SECRET_READERS`. */
  private expectedReaders(props: SecurityAlarmsProps): string[] {
    const arns = [
      ...new Set([
        ...(props.expectedSecretReaders ?? []).map((role) => role.roleArn),
        ...(props.expectedSecretReadersOf?.secretReaderArns() ?? []),
      ]),
    ];
    if (arns.length > MAX_EXPECTED_SECRET_READERS) {
      throw new Error(
        `${this.node.path}: ${arns.length} roles are expected to read secrets; the secret-read alarm's filter pattern holds at most ${MAX_EXPECTED_SECRET_READERS} (give the readers one role, or fewer roles)`,
      );
    }
    return arns;
  }

  /** Thresholds that could never, or would always, raise their alarm are refused at synth. */
  private checkThresholds(props: SecurityAlarmsProps): void {
    const counts = {
      unauthorizedCallThreshold: props.unauthorizedCallThreshold,
      signInFailureThreshold: props.signInFailureThreshold,
    };
    for (const [field, value] of Object.entries(counts)) {
      if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
        throw new Error(`${this.node.path}: ${field} ${value} is not a whole number of at least 1`);
      }
    }
    const band = props.anomalyBandWidth;
    if (band !== undefined && !(band > 0)) {
      throw new Error(
        `${this.node.path}: anomalyBandWidth ${band} is not a positive number of standard deviations`,
      );
    }
  }

  /** A blocked egress flow or DNS query: something tried to reach what is not allowed. */
  private firewallAlarms(props: SecurityAlarmsProps): Record<string, cloudwatch.IAlarm> {
    const alarms: Record<string, cloudwatch.IAlarm> = {};
    const add = (
      kind: 'NetworkFirewall' | 'DnsFirewall',
      groups: readonly logs.ILogGroup[],
      pattern: logs.IFilterPattern,
      meaning: string,
    ) =>
      groups.forEach((logGroup, index) => {
        const suffix = groups.length > 1 ? `${index + 1}` : '';
        const id = `${kind}Blocked${suffix}`;
        alarms[id] = new LogPatternAlarm(this, id, {
          topic: props.topic,
          logGroup,
          pattern,
          metricName: id,
          name: `${kind === 'NetworkFirewall' ? 'network-firewall' : 'dns-firewall'}-blocked${suffix ? `-${suffix}` : ''}`,
          meaning,
          section: RUNBOOK_SECTIONS.egressBlocked,
        }).alarm;
      });
    add(
      'NetworkFirewall',
      props.networkFirewallAlertLogs ?? [],
      F.stringValue('$.event.alert.action', '=', 'blocked'),
      'The egress firewall blocked a connection to a host that is not on the allow-list: possible extraction of Information from its protected boundary.',
    );
    add(
      'DnsFirewall',
      props.dnsFirewallQueryLogs ?? [],
      F.stringValue('$.firewall_rule_action', '=', 'BLOCK'),
      'The DNS Firewall blocked a query for a domain that is not on the allow-list: possible extraction of Information through DNS.',
    );
    return alarms;
  }

  /**
   * Unusual request rate and retrieval volume from the PII stores: object reads and
   * bytes read per bucket (from the trail's data events), item reads per table (from
   * the data events) and read capacity consumed per table (DynamoDB's own metric, which
   * measures volume whatever the API).
   */
  private retrievalAlarms(props: SecurityAlarmsProps): Record<string, cloudwatch.IAlarm> {
    const alarms: Record<string, cloudwatch.IAlarm> = {};
    const bandWidth = props.anomalyBandWidth ?? 3;
    const namespace = props.topic.metricNamespace;
    const perStore = (
      metricId: string,
      pattern: JsonPattern,
      dimension: string,
      metricValue = '1',
    ) =>
      new logs.MetricFilter(this, `${metricId}Filter`, {
        logGroup: props.trailLogGroup,
        filterPattern: pattern,
        metricNamespace: namespace,
        metricName: metricId,
        metricValue,
        dimensions: { Store: dimension },
      });
    const storeMetric = (metricId: string, store: string) =>
      new cloudwatch.Metric({
        namespace,
        metricName: metricId,
        dimensionsMap: { Store: store },
        statistic: cloudwatch.Stats.SUM,
        period: SECURITY_ALARM_PERIOD,
      });
    const meaning = (what: string) =>
      `${what} rose above its usual band: possible bulk retrieval of PII (unexpected request rate or data retrieval volume).`;
    const section = RUNBOOK_SECTIONS.unusualPiiRetrieval;

    if (props.piiBuckets.length > 0) {
      const objectReads = F.all(
        eventSource('s3.amazonaws.com'),
        eventName('GetObject'),
        anyOf(
          '$.requestParameters.bucketName',
          props.piiBuckets.map((b) => b.bucketName),
        ),
      );
      perStore('PiiObjectReads', objectReads, '$.requestParameters.bucketName');
      perStore(
        'PiiObjectBytesRead',
        objectReads,
        '$.requestParameters.bucketName',
        '$.additionalEventData.bytesTransferredOut',
      );
      props.piiBuckets.forEach((bucket, index) => {
        const n = index + 1;
        alarms[`PiiObjectReads${n}`] = anomalyAlarm(this, `PiiObjectReads${n}`, {
          topic: props.topic,
          name: `pii-object-reads-${n}`,
          meaning: meaning(`Object reads from PII bucket ${n}`),
          section,
          bandWidth,
          metric: storeMetric('PiiObjectReads', bucket.bucketName),
        });
        alarms[`PiiObjectBytesRead${n}`] = anomalyAlarm(this, `PiiObjectBytesRead${n}`, {
          topic: props.topic,
          name: `pii-object-bytes-read-${n}`,
          meaning: meaning(`Bytes read from PII bucket ${n}`),
          section,
          bandWidth,
          metric: storeMetric('PiiObjectBytesRead', bucket.bucketName),
        });
      });
    }
    if (props.piiTables.length > 0) {
      perStore(
        'PiiItemReads',
        F.all(
          eventSource('dynamodb.amazonaws.com'),
          reads,
          anyOf(
            '$.resources[0].ARN',
            props.piiTables.map((t) => t.tableArn),
          ),
        ),
        '$.resources[0].ARN',
      );
      props.piiTables.forEach((table, index) => {
        const n = index + 1;
        alarms[`PiiItemReads${n}`] = anomalyAlarm(this, `PiiItemReads${n}`, {
          topic: props.topic,
          name: `pii-item-reads-${n}`,
          meaning: meaning(`Item read requests to PII table ${n}`),
          section,
          bandWidth,
          metric: storeMetric('PiiItemReads', table.tableArn),
        });
        alarms[`PiiReadCapacity${n}`] = anomalyAlarm(this, `PiiReadCapacity${n}`, {
          topic: props.topic,
          name: `pii-read-capacity-${n}`,
          meaning: meaning(`Read capacity consumed by PII table ${n}`),
          section,
          bandWidth,
          metric: new cloudwatch.Metric({
            namespace: 'AWS/DynamoDB',
            metricName: 'ConsumedReadCapacityUnits',
            dimensionsMap: { TableName: table.tableName },
            statistic: cloudwatch.Stats.SUM,
            period: SECURITY_ALARM_PERIOD,
          }),
        });
      });
    }
    return alarms;
  }
}

/** The alarms on the audit trail's log group. */
function trailAlarms(props: SecurityAlarmsProps, readers: () => readonly string[]): TrailAlarm[] {
  const ec2Change = (namePattern: string) =>
    F.all(eventSource('ec2.amazonaws.com'), writes, eventName(namePattern));
  const network = RUNBOOK_SECTIONS.networkChange;
  return [
    {
      id: 'UnauthorizedApiCalls',
      name: 'unauthorized-api-calls',
      meaning:
        'Multiple API calls were refused (AccessDenied, UnauthorizedOperation): someone or something is probing for access.',
      section: RUNBOOK_SECTIONS.unauthorizedApiCalls,
      pattern: F.any(
        F.stringValue('$.errorCode', '=', '*UnauthorizedOperation'),
        F.stringValue('$.errorCode', '=', 'AccessDenied*'),
      ),
      threshold: props.unauthorizedCallThreshold ?? 5,
    },
    {
      id: 'ConsoleSignInFailures',
      name: 'console-sign-in-failures',
      meaning:
        'Repeated failed console sign-ins: a password is being guessed; decide whether to disable the account (DPP 1.2 account lockout).',
      section: RUNBOOK_SECTIONS.consoleSignInFailures,
      clauses: ['DPP 1.2', 'DPP 2.6'],
      pattern: F.all(
        eventName('ConsoleLogin'),
        F.stringValue('$.errorMessage', '=', 'Failed authentication'),
      ),
      threshold: props.signInFailureThreshold ?? 3,
    },
    {
      id: 'RootAccountUse',
      name: 'root-account-use',
      meaning: 'The account root user made a call: nobody should use it day to day.',
      section: RUNBOOK_SECTIONS.rootAccountUse,
      clauses: ['DPP 1.2', 'DPP 2.6'],
      pattern: F.all(
        F.stringValue('$.userIdentity.type', '=', 'Root'),
        F.notExists('$.userIdentity.invokedBy'),
        F.stringValue('$.eventType', '!=', 'AwsServiceEvent'),
      ),
    },
    {
      id: 'IamChanges',
      name: 'iam-policy-or-credential-change',
      meaning:
        'An IAM policy, permissions boundary, role trust, user, login profile or access key was created, changed or deleted.',
      section: RUNBOOK_SECTIONS.iamChange,
      pattern: F.all(
        eventSource('iam.amazonaws.com'),
        writes,
        eventName(
          '*Policy*',
          '*PermissionsBoundary',
          '*AccessKey',
          '*LoginProfile',
          'CreateUser',
          'AddUserToGroup',
        ),
      ),
    },
    {
      id: 'AuditTrailChanges',
      name: 'audit-trail-change',
      meaning:
        'The audit trail, its bucket or its log group was changed (logging stopped, selectors, bucket policy, lifecycle or lock, retention, metric filters).',
      section: RUNBOOK_SECTIONS.monitoringChange,
      pattern: F.any(
        F.all(eventSource('cloudtrail.amazonaws.com'), writes),
        F.all(
          eventSource('s3.amazonaws.com'),
          writes,
          F.stringValue('$.requestParameters.bucketName', '=', props.trailBucket.bucketName),
        ),
        F.all(
          eventSource('logs.amazonaws.com'),
          writes,
          F.stringValue('$.eventName', '!=', 'CreateLogStream'),
          F.stringValue('$.requestParameters.logGroupName', '=', props.trailLogGroup.logGroupName),
        ),
      ),
    },
    {
      id: 'MonitoringChanges',
      name: 'monitoring-change',
      meaning:
        'Threat detection or alarming was changed: GuardDuty, Macie or Inspector disabled or reconfigured, alarms deleted or disabled, the security topic or its event rules changed.',
      section: RUNBOOK_SECTIONS.monitoringChange,
      pattern: F.any(
        F.all(
          anyOf('$.eventSource', [
            'guardduty.amazonaws.com',
            'macie2.amazonaws.com',
            'inspector2.amazonaws.com',
          ]),
          writes,
          eventName('Delete*', 'Disable*', 'Disassociate*', 'Stop*', 'Update*'),
        ),
        F.all(
          eventSource('monitoring.amazonaws.com'),
          eventName('DeleteAlarms', 'DisableAlarmActions'),
        ),
        F.all(
          eventSource('sns.amazonaws.com'),
          writes,
          F.stringValue('$.requestParameters.topicArn', '=', props.topic.topic.topicArn),
        ),
        F.all(
          eventSource('events.amazonaws.com'),
          eventName('DeleteRule', 'DisableRule', 'RemoveTargets', 'PutTargets'),
          F.any(
            F.stringValue('$.requestParameters.name', '=', `${props.topic.publisherNamePrefix}*`),
            F.stringValue('$.requestParameters.rule', '=', `${props.topic.publisherNamePrefix}*`),
          ),
        ),
      ),
    },
    {
      id: 'KmsKeyDisabledOrScheduledForDeletion',
      name: 'kms-key-disabled-or-scheduled-for-deletion',
      meaning:
        'A KMS key was disabled or scheduled for deletion: the data it protects becomes unreadable (a planned erase, or sabotage).',
      section: RUNBOOK_SECTIONS.kmsKeyDisabled,
      pattern: F.all(
        eventSource('kms.amazonaws.com'),
        eventName('DisableKey', 'ScheduleKeyDeletion'),
      ),
    },
    {
      id: 'SecurityGroupChanges',
      name: 'security-group-change',
      meaning: 'A security group or one of its rules was created, changed or deleted.',
      section: network,
      pattern: ec2Change('*SecurityGroup*'),
    },
    {
      id: 'NetworkAclChanges',
      name: 'network-acl-change',
      meaning: 'A network ACL, one of its entries or a subnet association was changed.',
      section: network,
      pattern: ec2Change('*NetworkAcl*'),
    },
    {
      id: 'RouteTableChanges',
      name: 'route-table-change',
      meaning:
        'A route or route table was created, changed or deleted: egress may bypass the firewall.',
      section: network,
      pattern: ec2Change('*Route*'),
    },
    {
      id: 'VpcChanges',
      name: 'vpc-change',
      meaning:
        'A VPC, its attributes, a peering, a gateway or a VPC endpoint (and its policy) was changed.',
      section: network,
      pattern: F.all(
        eventSource('ec2.amazonaws.com'),
        writes,
        eventName(
          '*Vpc',
          '*VpcAttribute',
          '*VpcCidrBlock',
          '*VpcPeeringConnection*',
          '*Gateway',
          '*VpcEndpoint*',
          '*ClassicLink*',
        ),
      ),
    },
    {
      id: 'FirewallChanges',
      name: 'firewall-change',
      meaning:
        'The Network Firewall, the DNS Firewall or a Route 53 Resolver rule (where DNS queries go) was changed.',
      section: network,
      pattern: F.all(
        anyOf('$.eventSource', ['network-firewall.amazonaws.com', 'route53resolver.amazonaws.com']),
        writes,
      ),
    },
    {
      id: 'UnexpectedSecretReads',
      name: 'secret-read-by-unexpected-principal',
      meaning:
        'A secret (SP-API or LWA credentials) was read, or a read was attempted, by a principal that is not one of its expected readers.',
      section: RUNBOOK_SECTIONS.secretRead,
      // Built at synth, so that readers granted after this construct (workloads) count.
      pattern: {
        logPatternString: Lazy.string({
          produce: () => secretReadPattern(readers()).logPatternString,
        }),
      },
    },
  ];
}

/**
 * A `GetSecretValue` or `BatchGetSecretValue`, failed or not, by anyone but the expected
 * readers. A root or IAM-user call has no session issuer and always matches.
 */
function secretReadPattern(readers: readonly string[]): JsonPattern {
  const secretRead = [
    eventSource('secretsmanager.amazonaws.com'),
    eventName('GetSecretValue', 'BatchGetSecretValue'),
  ];
  if (readers.length === 0) return F.all(...secretRead);
  return F.all(
    ...secretRead,
    F.any(
      F.notExists(SESSION_ISSUER_ARN),
      F.all(...readers.map((arn) => F.stringValue(SESSION_ISSUER_ARN, '!=', arn))),
    ),
  );
}
