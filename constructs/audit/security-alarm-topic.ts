import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { DataClassKey } from '../keys/data-class-key';

const PUBLISH_KEY_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey*'];

export interface SecurityAlarmTopicProps {
  /**
   * Prefix of the physical names, e.g. `spapi-dpp-prod`. Alarms and event rules that
   * publish here are named `<namePrefix>-security-...`, and only they may publish.
   */
  readonly namePrefix: string;
  /**
   * Who is told: e-mail addresses of the security on-call, a queue of the ticketing
   * system. Each receives every alarm.
   * @default - none; add them with `topic.addSubscription()`
   */
  readonly subscriptions?: readonly sns.ITopicSubscription[];
  /**
   * Waiting period of a scheduled deletion of the topic's key.
   * @default Duration.days(30)
   */
  readonly keyPendingWindow?: Duration;
  /**
   * What happens to the topic's key when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The SNS topic every security alarm and finding of an environment goes to (DPP 2.6
 * "trigger investigative alarms on suspicious actions"; DPP 1.6 detection).
 *
 * Encrypted with a key of its own, whose policy admits exactly what publishes: the
 * environment's CloudWatch alarms (by name prefix, account and region) and EventBridge.
 * The topic's policy refuses anything but TLS and admits the same alarms, and this
 * environment's event rules by name prefix. Alarm and rule names come from
 * `alarmName()` and `ruleName()`, so that they match.
 */
export class SecurityAlarmTopic extends Construct {
  public readonly topic: sns.Topic;
  public readonly key: DataClassKey;
  /** The action every security alarm takes: publish to this topic. */
  public readonly alarmAction: cloudwatch.IAlarmAction;
  /** `<namePrefix>-security-`: every alarm and rule that may publish here starts with it. */
  public readonly publisherNamePrefix: string;
  /** Prefix of physical names, as given. */
  public readonly namePrefix: string;
  /** CloudWatch namespace of the metrics the environment's security metric filters emit. */
  public readonly metricNamespace: string;

  constructor(scope: Construct, id: string, props: SecurityAlarmTopicProps) {
    super(scope, id);
    this.namePrefix = props.namePrefix;
    this.publisherNamePrefix = `${props.namePrefix}-security-`;
    this.metricNamespace = `${props.namePrefix}/security`;
    this.key = new DataClassKey(this, 'Key', {
      aliasName: `alias/${props.namePrefix}-security-alarms`,
      description: `Security alarm topic (${props.namePrefix})`,
      // No grant goes through an AWS service endpoint: the publishers are admitted
      // below by service principal, and nobody else uses the key.
      services: [],
      pendingWindow: props.keyPendingWindow,
      removalPolicy: props.removalPolicy,
    });
    this.topic = new sns.Topic(this, 'Resource', {
      topicName: `${props.namePrefix}-security-alarms`,
      displayName: `Security alarms (${props.namePrefix})`,
      masterKey: this.key,
      enforceSSL: true,
    });
    this.admitCloudWatchAlarms();
    this.admitEventBridgeRules();
    for (const subscription of props.subscriptions ?? []) this.topic.addSubscription(subscription);
    this.alarmAction = new cloudwatchActions.SnsAction(this.topic);
  }

  /** The name an alarm must have to publish here, e.g. `spapi-dpp-prod-security-root-account-use`. */
  public alarmName(suffix: string): string {
    return `${this.publisherNamePrefix}${suffix}`;
  }

  /** The name an EventBridge rule must have to publish here. */
  public ruleName(suffix: string): string {
    return `${this.publisherNamePrefix}${suffix}`;
  }

  /**
   * This topic as an EventBridge rule target. Unlike aws-cdk-lib's `SnsTopic` target it
   * adds no grant: the topic's and key's policies already admit this environment's rules.
   */
  public eventTarget(message?: events.RuleTargetInput): events.IRuleTarget {
    const topic = this.topic;
    return {
      bind: (): events.RuleTargetConfig => ({ arn: topic.topicArn, input: message }),
    };
  }

  /**
   * CloudWatch alarms publish as the `cloudwatch.amazonaws.com` service; the source
   * conditions keep another account's alarms, or alarms not named for this
   * environment, from using the topic or its key (the confused deputy).
   */
  private admitCloudWatchAlarms(): void {
    const { account, region, partition } = Stack.of(this);
    const conditions = {
      StringEquals: { 'aws:SourceAccount': account },
      ArnLike: {
        'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${account}:alarm:${this.publisherNamePrefix}*`,
      },
    };
    const principal = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisEnvironmentPublish',
        principals: [principal],
        actions: PUBLISH_KEY_ACTIONS,
        resources: ['*'],
        conditions,
      }),
    );
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisEnvironmentPublish',
        principals: [principal],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions,
      }),
    );
  }

  /**
   * EventBridge publishes as `events.amazonaws.com`. The topic's policy admits this
   * environment's rules only. The key's statement carries no source condition: AWS
   * documents that EventBridge does not pass `aws:SourceArn` or `aws:SourceAccount` to
   * KMS when it publishes to an encrypted topic, so such a condition would drop every
   * finding. The key encrypts this topic only, and the topic's policy decides who
   * publishes.
   */
  private admitEventBridgeRules(): void {
    const { account, region, partition } = Stack.of(this);
    const principal = new iam.ServicePrincipal('events.amazonaws.com');
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'EventBridgePublishesToTheTopic',
        principals: [principal],
        actions: PUBLISH_KEY_ACTIONS,
        resources: ['*'],
      }),
    );
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'EventRulesOfThisEnvironmentPublish',
        principals: [principal],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': account },
          ArnLike: {
            'aws:SourceArn': `arn:${partition}:events:${region}:${account}:rule/${this.publisherNamePrefix}*`,
          },
        },
      }),
    );
  }
}
