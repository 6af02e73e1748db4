import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { classify } from '../data/classification';
import { DataClassKey } from '../keys/data-class-key';

/**
 * The SQS queues Amazon delivers the rotation notifications to (AUP 3.1 Never share
 * keys or passwords; DPP 1.5 Encryption in Transit): a new client secret travels in one
 * of them, so they are encrypted with a customer-managed key of their own, reachable
 * over TLS only, and open to Amazon's SP-API notification account for sending and
 * nothing else.
 */

/** The AWS account from which SP-API delivers notifications to SQS. */
export const SP_API_NOTIFICATION_ACCOUNT = '437568002678';

/** What SP-API needs on a destination queue, and all it gets. */
export const SP_API_QUEUE_ACTIONS = ['sqs:SendMessage', 'sqs:GetQueueAttributes'];

/** Receives after which a message that keeps failing moves to the dead-letter queue. */
export const MAX_RECEIVE_COUNT = 3;

export interface NotificationQueuesProps {
  readonly projectName: string;
  readonly environmentName: string;
  /** Visibility timeout: at least six times the consumer's timeout, as Lambda advises. */
  readonly visibilityTimeout: Duration;
  /** @default Duration.days(30) */
  readonly keyPendingWindow?: Duration;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** A notification queue and its dead-letter queue. */
export interface NotificationQueue {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
}

export class NotificationQueues extends Construct {
  /** The customer-managed key of both queues and their dead-letter queues. */
  public readonly key: DataClassKey;
  /** `APPLICATION_OAUTH_CLIENT_NEW_SECRET`. */
  public readonly newClientSecret: NotificationQueue;
  /** `APPLICATION_OAUTH_CLIENT_SECRET_EXPIRY`. */
  public readonly clientSecretExpiry: NotificationQueue;

  constructor(scope: Construct, id: string, props: NotificationQueuesProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.key = new DataClassKey(this, 'Key', {
      aliasName: `alias/${props.projectName}-${props.environmentName}-spapi-notifications`,
      description: `SP-API rotation notification queues (${props.environmentName})`,
      services: ['sqs'],
      pendingWindow: props.keyPendingWindow,
      removalPolicy,
    });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'SpApiNotificationsThroughSqsInThisRegion',
        principals: [new iam.AccountPrincipal(SP_API_NOTIFICATION_ACCOUNT)],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'kms:ViaService': `sqs.${Stack.of(this).region}.amazonaws.com` },
        },
      }),
    );
    const queue = (queueId: string, visibilityTimeout: Duration, deadLetters?: sqs.IQueue) =>
      new sqs.Queue(this, queueId, {
        encryption: sqs.QueueEncryption.KMS,
        encryptionMasterKey: this.key,
        enforceSSL: true,
        // Nothing is lost while a broken consumer is fixed: SQS keeps messages 14 days at most.
        retentionPeriod: Duration.days(14),
        visibilityTimeout,
        ...(deadLetters
          ? { deadLetterQueue: { queue: deadLetters, maxReceiveCount: MAX_RECEIVE_COUNT } }
          : {}),
        removalPolicy,
      });
    const pair = (name: string): NotificationQueue => {
      const deadLetterQueue = queue(`${name}DeadLetters`, Duration.seconds(30));
      const main = queue(name, props.visibilityTimeout, deadLetterQueue);
      this.admitSpApi(main);
      denyOtherAccounts(deadLetterQueue, [Stack.of(this).account]);
      return { queue: main, deadLetterQueue };
    };
    this.newClientSecret = pair('NewClientSecret');
    this.clientSecretExpiry = pair('ClientSecretExpiry');
    classify(this, 'confidential');
  }

  /** SP-API may send to the queue and read its attributes; nothing else, and nobody else outside. */
  private admitSpApi(queue: sqs.Queue): void {
    queue.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'SpApiSendsNotifications',
        principals: [new iam.AccountPrincipal(SP_API_NOTIFICATION_ACCOUNT)],
        actions: SP_API_QUEUE_ACTIONS,
        resources: [queue.queueArn],
      }),
    );
    queue.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'SpApiDoesNothingElse',
        effect: iam.Effect.DENY,
        principals: [new iam.AccountPrincipal(SP_API_NOTIFICATION_ACCOUNT)],
        notActions: SP_API_QUEUE_ACTIONS,
        resources: [queue.queueArn],
      }),
    );
    denyOtherAccounts(queue, [Stack.of(this).account, SP_API_NOTIFICATION_ACCOUNT]);
  }
}

/** Refuses principals of any account but `accounts`, whatever a later statement allows. */
function denyOtherAccounts(queue: sqs.Queue, accounts: string[]): void {
  queue.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'DenyOtherAccounts',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['sqs:*'],
      resources: [queue.queueArn],
      conditions: { StringNotEquals: { 'aws:PrincipalAccount': accounts } },
    }),
  );
}
