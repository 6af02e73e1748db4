import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as macie from 'aws-cdk-lib/aws-macie';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import { declareControl } from '../../lib/nag/controls';
import { Construct } from 'constructs';
import { acknowledge } from '../../lib/nag/acknowledge';
import { EncryptedLogGroup } from '../logging/encrypted-log-group';
import { acknowledgeAwsCustomResource } from './lambda-findings';
import { RUNBOOK_SECTIONS, RunbookSection, describeAlarm, runbookReference } from './runbook';
import { SecurityAlarmTopic } from './security-alarm-topic';

/** Whether removing the construct switches the account's services off. */
function destroys(props: ThreatDetectionProps): boolean {
  return (props.removalPolicy ?? RemovalPolicy.RETAIN) === RemovalPolicy.DESTROY;
}

/** The rule id of the DPP pack's GuardDuty check, which a delegated environment acknowledges. */
const GUARDDUTY_RULE_ID = 'DPP-GuardDutyEnabled';

/**
 * GuardDuty, Macie and Inspector are enabled once per account and region, not per
 * stack: a second detector or Macie session in the same account and region fails to
 * deploy, and disabling Inspector from one stack disables it for all. When test and
 * prod share an account, exactly one environment owns them; the choice is made here,
 * explicitly, and written down.
 */
export type AccountSecurityServices =
  | {
      /** This stack enables and owns the account's services; each is a switch. */
      readonly ownership: 'this-stack';
      /** A GuardDuty detector with S3 protection (DPP 2.6). */
      readonly guardDuty: boolean;
      /** Macie with automated sensitive data discovery over every bucket (DPP 2.6 extraction). */
      readonly macie: boolean;
      /** Inspector scanning of Lambda functions, their packages and their code (DPP 2.7). */
      readonly inspector: boolean;
    }
  | {
      /**
       * Another stack of the same account and region owns the services; this stack only
       * routes their findings to its own topic.
       */
      readonly ownership: 'another-stack';
      /** The stack that owns them, e.g. `spapi-dpp-prod-baseline`, for the reviewer. */
      readonly ownerStackName: string;
    };

export interface ThreatDetectionProps {
  /** Where findings are published. */
  readonly topic: SecurityAlarmTopic;
  /** Which stack owns the account-level services, and which of them are on. */
  readonly accountServices: AccountSecurityServices;
  /**
   * Buckets where PII belongs (classified `pii`). Macie finding PII in any other bucket
   * raises an alarm: Information found outside its protected boundary.
   */
  readonly piiBuckets: readonly s3.IBucket[];
  /** Key of the audit-log data class, for the log group of the enabling function. */
  readonly logEncryptionKey: kms.IKey;
  /** Retention of that function's logs, in days (at least 90, DPP 2.6). */
  readonly logRetentionDays: number;
  /**
   * What happens to the detector, the Macie session and Inspector, and the log group,
   * when they leave the stack. Deleting a detector deletes its findings, which may be
   * evidence; with RETAIN they stay, and Inspector and Macie discovery stay enabled.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Threat detection for an environment (DPP 2.6 monitoring and extraction alarms;
 * DPP 2.7 vulnerability scanning):
 *
 * - GuardDuty with S3 protection; findings of medium severity and above (4.0+) go to the
 *   security topic.
 * - Macie with automated sensitive data discovery over every bucket of the account; a
 *   finding of sensitive data in a bucket that is not one of the PII buckets goes to
 *   the topic.
 * - Inspector for Lambda functions (packages and code); active findings of high and
 *   critical severity go to the topic, for the vulnerability runbook.
 *
 * The finding routes are made whichever stack owns the services, so that each
 * environment's topic hears of the account's findings.
 */
export class ThreatDetection extends Construct {
  public readonly detector?: guardduty.CfnDetector;
  public readonly macieSession?: macie.CfnSession;
  public readonly guardDutyFindings: events.Rule;
  public readonly macieFindings: events.Rule;
  public readonly inspectorFindings: events.Rule;
  private readonly topic: SecurityAlarmTopic;

  constructor(scope: Construct, id: string, props: ThreatDetectionProps) {
    super(scope, id);
    this.topic = props.topic;
    const services = props.accountServices;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    if (services.ownership === 'this-stack') {
      if (services.guardDuty) {
        this.detector = this.enableGuardDuty();
        this.detector.applyRemovalPolicy(removalPolicy);
      }
      if (services.macie) {
        this.macieSession = this.enableMacie(props);
        this.macieSession.applyRemovalPolicy(removalPolicy);
      }
      if (services.inspector) this.enableInspector(props);
    } else {
      if (!services.ownerStackName.trim()) {
        throw new Error(
          `${this.node.path}: accountServices.ownerStackName is empty; name the stack that owns GuardDuty, Macie and Inspector`,
        );
      }
      acknowledge(Stack.of(this), {
        ruleId: GUARDDUTY_RULE_ID,
        reason: `GuardDuty, Macie and Inspector are account-level; in this account and region they are owned by ${services.ownerStackName}, and this environment routes their findings to its own topic.`,
        basis: { engineering: 'one GuardDuty detector per account and region' },
      });
    }
    this.guardDutyFindings = this.route('GuardDutyFindings', {
      name: 'guardduty-findings',
      meaning:
        'GuardDuty reported a finding of medium severity or above: a threat to the account, its credentials or the PII bucket.',
      section: RUNBOOK_SECTIONS.threatFinding,
      pattern: {
        source: ['aws.guardduty'],
        detailType: ['GuardDuty Finding'],
        detail: { severity: [{ numeric: ['>=', 4] }] },
      },
      message: (e) =>
        `GuardDuty finding ${e('$.detail.type')} (severity ${e('$.detail.severity')}) in ${e('$.account')} ${e('$.region')}: ${e('$.detail.title')}. Finding id ${e('$.detail.id')}.`,
    });
    this.macieFindings = this.route('MacieFindings', {
      name: 'pii-outside-boundary',
      meaning:
        'Macie found sensitive data in a bucket that is not classified pii: Information may have been extracted from its protected boundary.',
      section: RUNBOOK_SECTIONS.piiOutsideBoundary,
      pattern: {
        source: ['aws.macie'],
        detailType: ['Macie Finding'],
        detail: {
          type: [{ prefix: 'SensitiveData' }],
          ...(props.piiBuckets.length > 0
            ? {
                resourcesAffected: {
                  s3Bucket: {
                    name: [{ 'anything-but': props.piiBuckets.map((b) => b.bucketName) }],
                  },
                },
              }
            : {}),
        },
      },
      message: (e) =>
        `Macie found ${e('$.detail.type')} in bucket ${e('$.detail.resourcesAffected.s3Bucket.name')}, which is not a PII bucket. Finding id ${e('$.detail.id')}.`,
    });
    this.inspectorFindings = this.route('InspectorFindings', {
      name: 'inspector-findings',
      meaning:
        'Inspector found a high or critical vulnerability in a function, its packages or its code: fix within the runbook deadlines (critical 7 days, high 30).',
      section: RUNBOOK_SECTIONS.vulnerabilityFinding,
      pattern: {
        source: ['aws.inspector2'],
        detailType: ['Inspector2 Finding'],
        detail: { severity: ['HIGH', 'CRITICAL'], status: ['ACTIVE'] },
      },
      message: (e) =>
        `Inspector ${e('$.detail.severity')} finding in ${e('$.detail.resources[0].id')}: ${e('$.detail.title')}. Finding ARN ${e('$.detail.findingArn')}.`,
    });
  }

  /** A detector with S3 protection: S3 data events of every bucket are analysed. */
  private enableGuardDuty(): guardduty.CfnDetector {
    const detector = new guardduty.CfnDetector(this, 'Detector', {
      enable: true,
      findingPublishingFrequency: 'FIFTEEN_MINUTES',
      features: [{ name: 'S3_DATA_EVENTS', status: 'ENABLED' }],
    });
    declareControl(detector, {
      clauses: ['DPP 2.6', 'DPP 1.2'],
      summary:
        'GuardDuty watches the account, its S3 data events included, for suspicious activity and anomalous sign-ins; findings of medium severity and above reach the security topic',
    });
    return detector;
  }

  /**
   * A Macie session, and automated sensitive data discovery (no CloudFormation resource
   * exists for it, so a custom resource calls the Macie API).
   */
  private enableMacie(props: ThreatDetectionProps): macie.CfnSession {
    const session = new macie.CfnSession(this, 'Macie', {
      status: 'ENABLED',
      findingPublishingFrequency: 'FIFTEEN_MINUTES',
    });
    declareControl(session, {
      clauses: ['DPP 2.6', 'DUP 4.5'],
      summary:
        'Macie discovers PII in every bucket; PII in a bucket not classified pii (Information outside its protected boundary) raises an alarm',
    });
    const call = (status: 'ENABLED' | 'DISABLED'): cr.AwsSdkCall => ({
      service: 'Macie2',
      action: 'updateAutomatedDiscoveryConfiguration',
      parameters: { status },
      physicalResourceId: cr.PhysicalResourceId.of('macie-automated-discovery'),
    });
    const discovery = this.sdkCall('MacieAutomatedDiscovery', props, {
      onCreate: call('ENABLED'),
      onUpdate: call('ENABLED'),
      onDelete: destroys(props) ? call('DISABLED') : undefined,
      statements: [
        new iam.PolicyStatement({
          actions: ['macie2:UpdateAutomatedDiscoveryConfiguration'],
          resources: ['*'],
        }),
      ],
    });
    discovery.node.addDependency(session);
    return session;
  }

  /** Inspector scanning of Lambda functions: packages (standard) and code. */
  private enableInspector(props: ThreatDetectionProps): void {
    const call = (action: 'enable' | 'disable'): cr.AwsSdkCall => ({
      service: 'Inspector2',
      action,
      parameters: { resourceTypes: ['LAMBDA', 'LAMBDA_CODE'] },
      physicalResourceId: cr.PhysicalResourceId.of('inspector-lambda-scanning'),
    });
    this.sdkCall('Inspector', props, {
      onCreate: call('enable'),
      onUpdate: call('enable'),
      onDelete: destroys(props) ? call('disable') : undefined,
      statements: [
        new iam.PolicyStatement({
          actions: ['inspector2:Enable', 'inspector2:Disable'],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          actions: ['iam:CreateServiceLinkedRole'],
          resources: ['*'],
          conditions: { StringEquals: { 'iam:AWSServiceName': 'inspector2.amazonaws.com' } },
        }),
      ],
    });
  }

  private sdkCall(
    id: string,
    props: ThreatDetectionProps,
    calls: {
      onCreate: cr.AwsSdkCall;
      onUpdate: cr.AwsSdkCall;
      onDelete?: cr.AwsSdkCall;
      statements: iam.PolicyStatement[];
    },
  ): cr.AwsCustomResource {
    const resource = new cr.AwsCustomResource(this, id, {
      onCreate: calls.onCreate,
      onUpdate: calls.onUpdate,
      onDelete: calls.onDelete,
      policy: cr.AwsCustomResourcePolicy.fromStatements(calls.statements),
      installLatestAwsSdk: false,
      logGroup: this.sdkCallLogs(props).logGroup,
    });
    acknowledgeAwsCustomResource(resource, calls.statements);
    return resource;
  }

  /** One log group for the stack's AWS SDK custom-resource function. */
  private sdkCallLogs(props: ThreatDetectionProps): EncryptedLogGroup {
    const existing = this.node.tryFindChild('SdkCallLogs') as EncryptedLogGroup | undefined;
    return (
      existing ??
      new EncryptedLogGroup(this, 'SdkCallLogs', {
        encryptionKey: props.logEncryptionKey,
        retentionDays: props.logRetentionDays,
        removalPolicy: props.removalPolicy,
      })
    );
  }

  /** An EventBridge rule that sends matching findings to the topic, with a readable message. */
  private route(
    id: string,
    spec: {
      name: string;
      meaning: string;
      section: RunbookSection;
      pattern: events.EventPattern;
      message: (field: (path: string) => string) => string;
    },
  ): events.Rule {
    const topic = this.topic;
    const field = (path: string) => events.EventField.fromPath(path);
    const text = `${spec.message(field)} Runbook: ${runbookReference(spec.section)}`;
    return new events.Rule(this, id, {
      ruleName: topic.ruleName(spec.name),
      description: describeAlarm(spec.meaning, spec.section),
      eventPattern: spec.pattern,
      targets: [topic.eventTarget(events.RuleTargetInput.fromText(text))],
    });
  }
}
