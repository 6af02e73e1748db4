import {
  Annotations,
  ArnFormat,
  CfnOutput,
  Duration,
  Fn,
  Lazy,
  RemovalPolicy,
  Stack,
} from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as eventSources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { declareControl } from '../../lib/nag/controls';
import { Construct, IConstruct } from 'constructs';
import { cite } from '../../lib/policy/clauses';
import {
  CREDENTIALS_OUTPUTS,
  LWA_PLACEHOLDER_CLIENT_ID,
  NO_READERS,
  ROTATION_REQUESTED_AT_TAG,
  lwaCredentialsSecretName,
  secretResourcePolicy,
  sellingPartnerSecretPrefix,
} from '../../lib/credentials';
import { acknowledge } from '../../lib/nag/acknowledge';
import { iam5Resource } from '../../lib/nag/finding-ids';
import { SpApiRegion, spApiEndpoint } from '../../lib/runtime/sp-api-client';
import { classify } from '../data/classification';
import { crossStackRoleArn } from '../workloads/workload-roles';
import { CredentialFunction } from './credential-function';
import {
  CHECK_ROTATION_INPUT,
  CONSUMER_ENVIRONMENT,
  ROTATION_ENVIRONMENT,
} from './functions/environment';
import { LOG_EVENTS } from './functions/log-events';
import { NotificationQueue, NotificationQueues } from './notification-queues';

/** DPP 1.4 Password Management: system credentials are rotated at least quarterly. */
export const MAX_ROTATION_DAYS = 90;
/** The default schedule leaves a month under the quarterly bound to repair a failed rotation. */
export const DEFAULT_ROTATION_DAYS = 60;
/** Amazon's old client secret stays valid 7 days after a new one is issued; finish well before. */
export const MAX_COMPLETION_TIMEOUT = Duration.hours(72);
export const DEFAULT_COMPLETION_TIMEOUT = Duration.hours(24);

const ROTATION_TIMEOUT = Duration.minutes(5);
const CONSUMER_TIMEOUT = Duration.minutes(1);
/** Concurrent consumer invocations per queue; two queues and the hourly check fit in the reserve. */
const CONSUMER_CONCURRENCY_PER_QUEUE = 2;

export interface SpApiCredentialsProps {
  /** Prefix of secret names, aliases and tags, e.g. `spapi-dpp`. */
  readonly projectName: string;
  /** The environment, e.g. `prod`; part of every secret name. */
  readonly environmentName: string;
  /**
   * The credentials data-class key (`DataClassKeys.credentials`). Its policy must take
   * grants that name each role (a `DataClassKey` does, limited to Secrets Manager):
   * the construct grants it to exactly the roles that read or write the secrets.
   */
  readonly credentialsKey: kms.IKey;
  /** The audit-log key (`DataClassKeys.auditLogs`) for the functions' log groups. */
  readonly logEncryptionKey: kms.IKey;
  /** Retention of the functions' logs in days (at least 90, DPP 2.6). */
  readonly logRetentionDays: number;
  /** The VPC the functions run in. */
  readonly vpc: ec2.IVpc;
  /** The private tier (`BaselineNetwork.workloadSubnets`), whose only way out is the egress firewall. */
  readonly subnets: ec2.SubnetSelection;
  /** The functions' security group (`BaselineNetwork.workloadSecurityGroup`): HTTPS out only. */
  readonly securityGroup: ec2.ISecurityGroup;
  /** The VPC's Secrets Manager endpoint; reads of a secret from anywhere else are refused. */
  readonly secretsManagerEndpoint: ec2.IInterfaceVpcEndpoint;
  /** The SP-API region of the application (its rotation call goes to that region's host). */
  readonly spApiRegion: SpApiRegion;
  /**
   * Call the SP-API sandbox host instead. Amazon's sandbox sends no notifications, so a
   * rotation against it never completes; for testing the plumbing only.
   * @default false
   */
  readonly sandbox?: boolean;
  /**
   * Days between rotations of the LWA client secret: 1 to 90 (DPP 1.4 "rotated at
   * least quarterly"; Amazon requires 180 at most).
   * @default 60
   */
  readonly rotationDays?: number;
  /**
   * How long a rotation may take once Amazon was asked for a new secret before it is
   * overdue and alarms: 1 to 72 hours (the old secret stays valid 7 days).
   * @default Duration.hours(24)
   */
  readonly rotationCompletionTimeout?: Duration;
  /** Where the alarms notify, on ALARM and back to OK (an alarm nobody hears protects nothing). */
  readonly alarmTopic: sns.ITopic;
  /**
   * Waiting period of a scheduled deletion of the notification queues' key.
   * @default Duration.days(30)
   */
  readonly keyPendingWindow?: Duration;
  /**
   * What happens to the secret, queues, key and log groups when they leave the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * The IAM path of the environment's workload roles (`workloadRolePath()`): a role of
   * another stack under it, with a fixed name, can be granted reads; the secrets'
   * policies name it by ARN. `credentialsKey` must admit the same path.
   * @default - roles of other stacks cannot be granted reads
   */
  readonly workloadRolePath?: string;
}

/** A role granted reads: by reference (this stack's), or by ARN (a workload stack's). */
type SecretReader = { readonly principal: iam.IPrincipal } | { readonly workloadRoleArn: string };

/**
 * The SP-API credentials of an environment (DPP 2.5 Secure Coding Practices, DPP 1.4
 * Password Management, AUP 3.1 Never share keys or passwords, DUP 3.4 Regular key
 * rotation), see docs/credentials.md:
 *
 * - the application's LWA client credentials in Secrets Manager, created with a
 *   generated placeholder (no value in the template) and filled by
 *   `npm run put-lwa-credentials`; one secret per selling partner under
 *   `<project>/<env>/selling-partners/`, created by `npm run add-selling-partner`;
 * - every secret encrypted with the credentials key, readable only by the roles
 *   granted here and only through the VPC's Secrets Manager endpoint;
 * - rotation of the LWA client secret every `rotationDays` through Amazon's
 *   Application Management API and its notifications, with a function per side;
 * - alarms on a failed rotation, an overdue one and dead-lettered notifications.
 *
 * One per stack: its outputs have fixed names, which the commands read.
 */
export class SpApiCredentials extends Construct {
  /** The LWA client credentials secret (`{ clientId, clientSecret }`). */
  public readonly lwaCredentials: secretsmanager.CfnSecret;
  /** Its full ARN. */
  public readonly lwaCredentialsSecretArn: string;
  /** Name prefix of the selling partners' secrets: `<project>/<env>/selling-partners/`. */
  public readonly sellingPartnerSecretPrefix: string;
  public readonly rotationFunction: CredentialFunction;
  public readonly notificationConsumer: CredentialFunction;
  public readonly notificationQueues: NotificationQueues;
  /**
   * Assumed (with MFA) by whoever runs the credential commands: it writes secret values
   * and policies, and reads none.
   */
  public readonly adminRole: iam.Role;
  public readonly alarms: {
    readonly rotationFailed: cloudwatch.Alarm;
    readonly rotationOverdue: cloudwatch.Alarm;
    readonly newClientSecretDeadLetters: cloudwatch.Alarm;
    readonly clientSecretExpiryDeadLetters: cloudwatch.Alarm;
  };

  private readonly props: SpApiCredentialsProps;
  private readonly lwaReaders: SecretReader[] = [];
  private readonly sellingPartnerReaders: SecretReader[] = [];

  constructor(scope: Construct, id: string, props: SpApiCredentialsProps) {
    super(scope, id);
    this.props = props;
    const rotationDays = validateRotationDays(this, props.rotationDays ?? DEFAULT_ROTATION_DAYS);
    const completionTimeout = validateCompletionTimeout(
      this,
      props.rotationCompletionTimeout ?? DEFAULT_COMPLETION_TIMEOUT,
    );
    if (props.sandbox) {
      Annotations.of(this).addWarningV2(
        'spapi-dpp:credentials:sandbox',
        "The rotation calls the SP-API sandbox, which sends no notifications: rotations will not complete. Use it to test the plumbing, never for an application's real credentials.",
      );
    }
    const { projectName, environmentName } = props;
    this.sellingPartnerSecretPrefix = sellingPartnerSecretPrefix(projectName, environmentName);

    this.lwaCredentials = new secretsmanager.CfnSecret(this, 'LwaCredentials', {
      name: lwaCredentialsSecretName(projectName, environmentName),
      description: `SP-API LWA client credentials (${environmentName}); set with npm run put-lwa-credentials, rotated every ${rotationDays} days`,
      kmsKeyId: props.credentialsKey.keyArn,
      // A placeholder generated at deploy time, so that no value is in the template.
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ clientId: LWA_PLACEHOLDER_CLIENT_ID }),
        generateStringKey: 'clientSecret',
        passwordLength: 64,
        excludePunctuation: true,
      },
    });
    this.lwaCredentials.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.RETAIN);
    this.lwaCredentialsSecretArn = this.lwaCredentials.ref;
    classify(this.lwaCredentials, 'confidential');
    declareControl(this.lwaCredentials, {
      clauses: ['DPP 2.5', 'AUP 3.1', 'DUP 3.1'],
      summary:
        'The LWA client credentials live only here, under the credentials key, readable by named roles through the VPC endpoint; no value is in code, config or a template',
    });

    this.notificationQueues = new NotificationQueues(this, 'NotificationQueues', {
      projectName,
      environmentName,
      visibilityTimeout: Duration.seconds(CONSUMER_TIMEOUT.toSeconds() * 6),
      keyPendingWindow: props.keyPendingWindow,
      removalPolicy: props.removalPolicy,
    });

    const functionProps = {
      vpc: props.vpc,
      subnets: props.subnets,
      securityGroup: props.securityGroup,
      logEncryptionKey: props.logEncryptionKey,
      logRetentionDays: props.logRetentionDays,
      removalPolicy: props.removalPolicy,
    };
    this.rotationFunction = new CredentialFunction(this, 'Rotation', {
      ...functionProps,
      entry: 'rotation-handler.ts',
      description: 'Rotates the SP-API LWA client secret (Secrets Manager rotation steps)',
      timeout: ROTATION_TIMEOUT,
      reservedConcurrency: 1,
      environment: {
        [ROTATION_ENVIRONMENT.secretArn]: this.lwaCredentialsSecretArn,
        [ROTATION_ENVIRONMENT.spApiEndpoint]: spApiEndpoint(props.spApiRegion, props.sandbox),
      },
    });
    this.notificationConsumer = new CredentialFunction(this, 'NotificationConsumer', {
      ...functionProps,
      entry: 'notification-handler.ts',
      description: 'Stages new LWA client secrets from SP-API notifications; checks rotation',
      timeout: CONSUMER_TIMEOUT,
      reservedConcurrency: 2 * CONSUMER_CONCURRENCY_PER_QUEUE + 1,
      environment: {
        [CONSUMER_ENVIRONMENT.secretArn]: this.lwaCredentialsSecretArn,
        [CONSUMER_ENVIRONMENT.rotationDays]: String(rotationDays),
        [CONSUMER_ENVIRONMENT.completionTimeoutMinutes]: String(completionTimeout.toMinutes()),
      },
    });
    this.grantRotation(this.rotationFunction.role);
    this.grantConsumer(this.notificationConsumer);
    this.scheduleRotation(rotationDays);
    this.scheduleRotationCheck();

    new secretsmanager.CfnResourcePolicy(this, 'LwaCredentialsPolicy', {
      secretId: this.lwaCredentialsSecretArn,
      blockPublicPolicy: true,
      resourcePolicy: Lazy.any({
        produce: () =>
          secretResourcePolicy({
            readerArns: this.lwaReaders.flatMap((r) =>
              'principal' in r ? principalArns(r.principal) : [],
            ),
            workloadReaderArns: this.lwaReaders.flatMap((r) =>
              'workloadRoleArn' in r ? [r.workloadRoleArn] : [],
            ),
            secretsManagerEndpointId: props.secretsManagerEndpoint.vpcEndpointId,
          }),
      }),
    });

    this.adminRole = this.createAdminRole();
    this.alarms = this.createAlarms();
    this.addOutputs();
  }

  /**
   * Lets `grantee` read the LWA client credentials: IAM, the key (through Secrets
   * Manager only) and the secret's resource policy, which refuses everyone not granted.
   * A role of a workload stack is named by ARN (see `workloadRolePath`).
   */
  public grantReadLwaCredentials(grantee: iam.IGrantable): iam.Grant {
    this.lwaReaders.push(this.reader(grantee, 'reads of the LWA credentials'));
    this.props.credentialsKey.grantDecrypt(grantee);
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      resourceArns: [this.lwaCredentialsSecretArn],
    });
  }

  /**
   * Lets `grantee` read every selling partner's refresh token: IAM on the name prefix,
   * the key, and the partners' resource policies, which the onboarding command writes
   * from the `SpApiSellingPartnerSecretReaderArns` output. After granting a new role,
   * run `npm run add-selling-partner` again for existing partners (docs/credentials.md);
   * for a workload's role, once its stack is deployed (the policy names the role, which
   * must exist).
   */
  public grantReadSellingPartnerSecrets(grantee: iam.IGrantable): iam.Grant {
    this.sellingPartnerReaders.push(this.reader(grantee, "reads of the selling partners' secrets"));
    this.props.credentialsKey.grantDecrypt(grantee);
    const resource = this.sellingPartnerSecretsArn();
    const grant = iam.Grant.addToPrincipal({
      grantee,
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      resourceArns: [resource],
    });
    acknowledgePrefixWildcard(grantee, resource, 'reads');
    return grant;
  }

  /** Both: what a workload that calls SP-API for selling partners needs. */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return this.grantReadLwaCredentials(grantee).combine(
      this.grantReadSellingPartnerSecrets(grantee),
    );
  }

  /**
   * The ARN of every role granted reads of a credential secret, known at synth: the
   * expected readers of the audit's secret-read alarm (`ISecretReaders`).
   */
  public secretReaderArns(): string[] {
    const arns = [...this.lwaReaders, ...this.sellingPartnerReaders].flatMap(readerArns);
    return [...new Set(arns)];
  }

  private reader(grantee: iam.IGrantable, what: string): SecretReader {
    const arn = crossStackRoleArn(this, grantee, this.props.workloadRolePath, what);
    return arn === undefined ? { principal: grantee.grantPrincipal } : { workloadRoleArn: arn };
  }

  /** `arn:...:secret:<project>/<env>/selling-partners/*` */
  private sellingPartnerSecretsArn(): string {
    return Stack.of(this).formatArn({
      service: 'secretsmanager',
      resource: 'secret',
      resourceName: `${this.sellingPartnerSecretPrefix}*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  /**
   * The rotation function reads the secret, moves its staging labels and records when
   * it asked Amazon (one tag); it never writes a value: the consumer stages values.
   */
  private grantRotation(role: iam.Role): void {
    this.grantReadLwaCredentials(role);
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:UpdateSecretVersionStage'],
        resources: [this.lwaCredentialsSecretArn],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:TagResource', 'secretsmanager:UntagResource'],
        resources: [this.lwaCredentialsSecretArn],
        conditions: { 'ForAllValues:StringEquals': { 'aws:TagKeys': [ROTATION_REQUESTED_AT_TAG] } },
      }),
    );
  }

  /**
   * The consumer reads the secret (to match the client id), stages a new version and
   * starts a rotation, which needs the right to invoke the rotation function; it
   * consumes the two notification queues.
   */
  private grantConsumer(consumer: CredentialFunction): void {
    const { role } = consumer;
    this.grantReadLwaCredentials(role);
    this.props.credentialsKey.grantEncrypt(role);
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [
          'secretsmanager:PutSecretValue',
          'secretsmanager:RotateSecret',
          'secretsmanager:ListSecretVersionIds',
        ],
        resources: [this.lwaCredentialsSecretArn],
      }),
    );
    // RotateSecret requires its caller to be allowed to invoke the rotation function.
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [this.rotationFunction.function.functionArn],
      }),
    );
    for (const { queue } of this.queuePairs()) {
      consumer.function.addEventSource(
        new eventSources.SqsEventSource(queue, {
          batchSize: 10,
          reportBatchItemFailures: true,
          maxConcurrency: CONSUMER_CONCURRENCY_PER_QUEUE,
        }),
      );
    }
  }

  /**
   * Secrets Manager's own schedule invokes the rotation (so it records LastRotatedDate,
   * the evidence of rotation). Not at creation: the secret then holds the placeholder.
   */
  private scheduleRotation(rotationDays: number): void {
    const permission = new lambda.CfnPermission(this, 'RotationInvokedBySecretsManager', {
      action: 'lambda:InvokeFunction',
      functionName: this.rotationFunction.function.functionArn,
      principal: 'secretsmanager.amazonaws.com',
      sourceAccount: Stack.of(this).account,
    });
    const schedule = new secretsmanager.CfnRotationSchedule(this, 'LwaCredentialsRotation', {
      secretId: this.lwaCredentialsSecretArn,
      rotationLambdaArn: this.rotationFunction.function.functionArn,
      rotationRules: { automaticallyAfterDays: rotationDays },
      rotateImmediatelyOnUpdate: false,
    });
    schedule.addResourceDependency(permission);
    declareControl(schedule, {
      clauses: ['DPP 1.4', 'DUP 3.4'],
      summary: `The LWA client secret is rotated every ${rotationDays} days through Amazon's Application Management API`,
    });
  }

  /** Hourly: is the rotation overdue; resume one stuck on a staged secret. */
  private scheduleRotationCheck(): void {
    new events.Rule(this, 'RotationCheckSchedule', {
      description: 'Hourly check of the SP-API LWA client-secret rotation',
      schedule: events.Schedule.rate(Duration.hours(1)),
      targets: [
        new targets.LambdaFunction(this.notificationConsumer.function, {
          event: events.RuleTargetInput.fromObject(CHECK_ROTATION_INPUT),
          retryAttempts: 2,
        }),
      ],
    });
  }

  private createAdminRole(): iam.Role {
    const stack = Stack.of(this);
    const role = new iam.Role(this, 'AdminRole', {
      assumedBy: new iam.AccountRootPrincipal().withConditions({
        Bool: { 'aws:MultiFactorAuthPresent': 'true' },
      }),
      description:
        'Puts SP-API credential values and onboards selling partners; reads no secret value',
      maxSessionDuration: Duration.hours(1),
    });
    // Through Secrets Manager only; without GetSecretValue, Decrypt serves no read.
    this.props.credentialsKey.grantEncryptDecrypt(role);
    const partners = this.sellingPartnerSecretsArn();
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'PutLwaCredentials',
        actions: [
          'secretsmanager:PutSecretValue',
          'secretsmanager:DescribeSecret',
          'secretsmanager:ListSecretVersionIds',
          'secretsmanager:UpdateSecretVersionStage',
          'secretsmanager:UntagResource',
        ],
        resources: [this.lwaCredentialsSecretArn],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ManageSellingPartnerSecrets',
        actions: [
          'secretsmanager:CreateSecret',
          'secretsmanager:PutSecretValue',
          'secretsmanager:DescribeSecret',
          'secretsmanager:PutResourcePolicy',
          'secretsmanager:GetResourcePolicy',
          'secretsmanager:TagResource',
          'secretsmanager:DeleteSecret',
        ],
        resources: [partners],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'CreateOnlyWithTheCredentialsKey',
        effect: iam.Effect.DENY,
        actions: ['secretsmanager:CreateSecret'],
        resources: ['*'],
        conditions: {
          StringNotEquals: { 'secretsmanager:KmsKeyArn': this.props.credentialsKey.keyArn },
        },
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadStackOutputs',
        actions: ['cloudformation:DescribeStacks'],
        resources: [stack.stackId],
      }),
    );
    acknowledgePrefixWildcard(role, partners, 'manages');
    acknowledge(role, {
      ruleId: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason:
        'The inline policy belongs to this operator role alone and is reviewed in this template; a managed policy would grant no less.',
      basis: { clause: 'DPP 1.3' },
    });
    return role;
  }

  private queuePairs(): NotificationQueue[] {
    return [this.notificationQueues.newClientSecret, this.notificationQueues.clientSecretExpiry];
  }

  private createAlarms(): SpApiCredentials['alarms'] {
    const namespace = `${this.props.projectName}/${this.props.environmentName}/SpApiCredentials`;
    const filterMetric = (
      logGroup: logs.ILogGroup,
      id: string,
      pattern: logs.IFilterPattern,
      defaultValue?: number,
    ) =>
      new logs.MetricFilter(this, id, {
        logGroup,
        filterPattern: pattern,
        metricNamespace: namespace,
        metricName: id,
        metricValue: '1',
        ...(defaultValue === undefined ? {} : { defaultValue }),
      }).metric({ statistic: 'Sum' });

    const stepFailures = filterMetric(
      this.rotationFunction.logGroup.logGroup,
      'LwaRotationStepFailures',
      logs.FilterPattern.stringValue('$.event', '=', LOG_EVENTS.stepFailed),
    );
    const rotationFailed = this.alarm('RotationFailedAlarm', {
      metric: stepFailures.with({ period: Duration.minutes(5) }),
      threshold: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `A step of the LWA client-secret rotation failed; AWSCURRENT still holds the old secret. See docs/credentials.md, "What the alarms mean". (${cite('DPP 1.4')})`,
    });

    const consumerLogs = this.notificationConsumer.logGroup.logGroup;
    const checks = filterMetric(
      consumerLogs,
      'LwaRotationChecks',
      logs.FilterPattern.stringValue('$.event', '=', LOG_EVENTS.rotationStatus),
      0,
    );
    const overdue = filterMetric(
      consumerLogs,
      'LwaRotationOverdue',
      logs.FilterPattern.all(
        logs.FilterPattern.stringValue('$.event', '=', LOG_EVENTS.rotationStatus),
        logs.FilterPattern.booleanValue('$.overdue', true),
      ),
      0,
    );
    const rotationOverdue = this.alarm('RotationOverdueAlarm', {
      // Overdue, or the hourly check itself did not run in three hours.
      metric: new cloudwatch.MathExpression({
        expression: 'IF(FILL(checks, 0) < 1, 1, FILL(overdue, 0))',
        usingMetrics: { checks, overdue },
        period: Duration.hours(3),
        label: 'LWA rotation overdue or unchecked',
      }),
      threshold: 1,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      alarmDescription: `The LWA client-secret rotation is overdue (schedule missed, Amazon's notification not come, a staged secret not promoted, rotation disabled), or the hourly check did not run. See docs/credentials.md. (${cite('DPP 1.4')})`,
    });

    const deadLetters = (id: string, pair: NotificationQueue, what: string) =>
      this.alarm(id, {
        metric: pair.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
        threshold: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `An SP-API ${what} notification could not be handled and waits in the dead-letter queue. See docs/credentials.md.`,
      });
    return {
      rotationFailed,
      rotationOverdue,
      newClientSecretDeadLetters: deadLetters(
        'NewClientSecretDeadLettersAlarm',
        this.notificationQueues.newClientSecret,
        'new client secret',
      ),
      clientSecretExpiryDeadLetters: deadLetters(
        'ClientSecretExpiryDeadLettersAlarm',
        this.notificationQueues.clientSecretExpiry,
        'client secret expiry',
      ),
    };
  }

  private alarm(
    id: string,
    props: Omit<cloudwatch.AlarmProps, 'evaluationPeriods' | 'comparisonOperator'>,
  ): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      ...props,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
    const action = new cloudwatchActions.SnsAction(this.props.alarmTopic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    declareControl(alarm, {
      clauses: ['DPP 1.4', 'DUP 3.4'],
      summary: props.alarmDescription ?? 'An alarm on the LWA client secret rotation',
    });
    return alarm;
  }

  /** What the credential commands read; fixed logical ids (see CREDENTIALS_OUTPUTS). */
  private addOutputs(): void {
    const values: Record<keyof typeof CREDENTIALS_OUTPUTS, string> = {
      lwaSecretArn: this.lwaCredentialsSecretArn,
      sellingPartnerSecretPrefix: this.sellingPartnerSecretPrefix,
      sellingPartnerSecretReaderArns: Lazy.string({
        produce: () => {
          const arns = this.sellingPartnerReaders.flatMap(readerArns);
          return arns.length > 0 ? Fn.join(',', arns) : NO_READERS;
        },
      }),
      credentialsKeyArn: this.props.credentialsKey.keyArn,
      secretsManagerEndpointId: this.props.secretsManagerEndpoint.vpcEndpointId,
      adminRoleArn: this.adminRole.roleArn,
      newSecretQueueArn: this.notificationQueues.newClientSecret.queue.queueArn,
      secretExpiryQueueArn: this.notificationQueues.clientSecretExpiry.queue.queueArn,
    };
    for (const [key, value] of Object.entries(values)) {
      const logicalId = CREDENTIALS_OUTPUTS[key as keyof typeof CREDENTIALS_OUTPUTS];
      new CfnOutput(this, logicalId, { value }).overrideLogicalId(logicalId);
    }
  }
}

/** The ARNs a reader is named by. */
function readerArns(reader: SecretReader): string[] {
  return 'principal' in reader ? principalArns(reader.principal) : [reader.workloadRoleArn];
}

/** The ARNs a principal is named by in a resource policy; a role is named by its ARN. */
function principalArns(principal: iam.IPrincipal): string[] {
  const aws = principal.policyFragment.principalJson.AWS;
  if (!aws || aws.length === 0) {
    throw new Error(
      `a credential secret can be granted to IAM roles and users only, not to ${principal.toString()}`,
    );
  }
  return aws;
}

/**
 * The selling partners' secrets are known by a name prefix only (they are created
 * after deployment); the wildcard after it is acknowledged on the grantee, when the
 * grantee is a construct of this app (a role, a function).
 */
function acknowledgePrefixWildcard(grantee: iam.IGrantable, resource: string, what: string): void {
  const target = [grantee.grantPrincipal, grantee].find((c): c is IConstruct & iam.IGrantable =>
    Construct.isConstruct(c),
  );
  if (!target) return;
  acknowledge(target, {
    ruleId: iam5Resource(asNagWritesIt(target, resource)),
    reason: `The role ${what} the selling partners' secrets, which exist only once a partner is onboarded; the wildcard covers that name prefix and nothing else.`,
    basis: { clause: 'AUP 3.1' },
  });
}

/** An ARN as AwsSolutions-IAM5 writes it: literal, or joined with `<AWS::Region>`-style references. */
function asNagWritesIt(scope: IConstruct, arn: string): string {
  const resolved = Stack.of(scope).resolve(arn) as string | { 'Fn::Join'?: [string, unknown[]] };
  if (typeof resolved === 'string' || !resolved['Fn::Join']) return String(resolved);
  const [separator, parts] = resolved['Fn::Join'];
  return parts
    .map((part) => (typeof part === 'string' ? part : `<${(part as { Ref?: string }).Ref}>`))
    .join(separator);
}

function validateRotationDays(scope: IConstruct, days: number): number {
  if (!Number.isInteger(days) || days < 1) {
    throw new Error(
      `${scope.node.path}: rotationDays ${days} is not a whole number of days of at least 1`,
    );
  }
  if (days > MAX_ROTATION_DAYS) {
    throw new Error(
      `${scope.node.path}: rotationDays ${days} is above the ${MAX_ROTATION_DAYS} days that ${cite('DPP 1.4')} requires ("rotated at least quarterly")`,
    );
  }
  return days;
}

function validateCompletionTimeout(scope: IConstruct, timeout: Duration): Duration {
  const hours = timeout.toHours({ integral: false });
  if (hours < 1 || hours > MAX_COMPLETION_TIMEOUT.toHours()) {
    throw new Error(
      `${scope.node.path}: rotationCompletionTimeout ${hours} hours is outside 1 to ${MAX_COMPLETION_TIMEOUT.toHours()} hours; Amazon keeps the old secret valid 7 days after issuing a new one`,
    );
  }
  return timeout;
}
