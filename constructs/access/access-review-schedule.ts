import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { declareControl } from '../../lib/nag/controls';
import { Construct } from 'constructs';
import { acknowledge } from '../../lib/nag/acknowledge';
import { BaselineFunction } from '../functions/baseline-function';
import {
  ACCESS_REVIEW_ENV,
  ACCESS_REVIEW_HANDLER,
  ACCESS_REVIEW_PERMISSIONS,
  ACCESS_REVIEW_RETRY_ATTEMPTS,
  ACCESS_REVIEW_SCHEDULE_DAYS,
  ACCESS_REVIEW_TIMEOUT_SECONDS,
} from './functions/access-review';

export interface AccessReviewScheduleProps {
  /** The environment, as the report names it, e.g. `prod`. */
  readonly environmentName: string;
  /** The SP-API credential secret prefixes whose last use and rotation are reviewed (AUP 3.5). */
  readonly secretPrefixes: readonly string[];
  /** Break-glass roles: listed, never acted on. */
  readonly breakGlassRoleNames: readonly string[];
  /**
   * `enforce` deactivates stale access keys and removes the console access of inactive
   * users ("account lockout", DPP 1.2); `dry-run` only reports.
   * @default 'dry-run'
   */
  readonly mode?: 'dry-run' | 'enforce';
  /** Where the summary goes: the security alarm topic, and its key. */
  readonly topic: sns.ITopic;
  readonly topicKey: kms.IKey;
  /** Key and retention of the function's logs. */
  readonly logEncryptionKey: kms.IKey;
  readonly logRetentionDays: number;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The weekly access review (DPP 1.2 Access Management: "review the list of people and
 * services with access to Information every 90 days"; AUP 3.5; DUP 3.3, 3.4): a function
 * that runs `lib/access-review` against the account every 7 days, publishes its summary
 * to the security topic and, only in `enforce` mode, locks out stale access. A failed
 * run raises an alarm on the same topic.
 *
 * The function runs outside the VPC: IAM has no VPC endpoint, and the function handles
 * no Information (users, roles, keys and secret metadata only, never a secret value).
 */
export class AccessReviewSchedule extends Construct {
  public readonly function: BaselineFunction;
  public readonly failedAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: AccessReviewScheduleProps) {
    super(scope, id);
    const mode = props.mode ?? 'dry-run';
    this.function = new BaselineFunction(this, 'Review', {
      entry: ACCESS_REVIEW_HANDLER.entry,
      description: `Reviews who and what has access every ${ACCESS_REVIEW_SCHEDULE_DAYS} days (DPP 1.2), ${mode}`,
      environment: {
        [ACCESS_REVIEW_ENV.topicArn]: props.topic.topicArn,
        [ACCESS_REVIEW_ENV.mode]: mode,
        [ACCESS_REVIEW_ENV.secretPrefixes]: props.secretPrefixes.join(','),
        [ACCESS_REVIEW_ENV.breakGlassRoles]: props.breakGlassRoleNames.join(','),
        [ACCESS_REVIEW_ENV.environment]: props.environmentName,
      },
      timeout: Duration.seconds(ACCESS_REVIEW_TIMEOUT_SECONDS),
      reservedConcurrency: 1,
      logEncryptionKey: props.logEncryptionKey,
      logRetentionDays: props.logRetentionDays,
      removalPolicy: props.removalPolicy,
    });
    declareControl(this.function.function, {
      clauses: ['DPP 1.2', 'AUP 3.5', 'DUP 3.3', 'DUP 3.4'],
      summary: `Reviews users, roles, access keys and the SP-API credentials' use every ${ACCESS_REVIEW_SCHEDULE_DAYS} days and reports to the security topic (${mode})`,
    });
    const role = this.function.role;
    this.grantReview(role, mode);
    props.topic.grantPublish(role);
    props.topicKey.grantEncryptDecrypt(role);

    new events.Rule(this, 'Schedule', {
      description: `Runs the access review every ${ACCESS_REVIEW_SCHEDULE_DAYS} days (DPP 1.2)`,
      schedule: events.Schedule.rate(Duration.days(ACCESS_REVIEW_SCHEDULE_DAYS)),
      targets: [
        new targets.LambdaFunction(this.function.function, {
          retryAttempts: ACCESS_REVIEW_RETRY_ATTEMPTS,
        }),
      ],
    });
    this.failedAlarm = new cloudwatch.Alarm(this, 'Failed', {
      alarmDescription:
        'The weekly access review failed or left its review incomplete (DPP 1.2): run npm run access-review by hand and see docs/runbooks/access-review.md.',
      metric: this.function.function.metricErrors({ period: Duration.days(1) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.failedAlarm.addAlarmAction(new cloudwatchActions.SnsAction(props.topic));
    this.acknowledgeFindings();
  }

  /** Exactly the actions the review calls: reads on the account, and lock-outs only when enforcing. */
  private grantReview(role: iam.Role, mode: 'dry-run' | 'enforce'): void {
    const { partition, account } = Stack.of(this);
    const grants = [
      ...ACCESS_REVIEW_PERMISSIONS.read,
      ...(mode === 'enforce' ? ACCESS_REVIEW_PERMISSIONS.enforce : []),
    ];
    for (const grant of grants) {
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: [...grant.actions],
          resources:
            grant.resources === 'account' ? ['*'] : [`arn:${partition}:iam::${account}:user/*`],
        }),
      );
    }
  }

  private acknowledgeFindings(): void {
    acknowledge(this.function.role, {
      ruleId: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'The credential report, the account authorization details and ListSecrets are account-level calls that take no resource ARN; they return metadata, never a secret value or Information.',
      basis: { clause: 'DPP 1.2' },
    });
    acknowledge(
      this.function.function,
      {
        ruleId: 'NIST.800.53.R5-LambdaInsideVPC',
        reason:
          'IAM has no VPC endpoint, and the function handles no Information (users, roles, keys and secret metadata only); in the VPC it could not reach IAM without widening the egress allow-list.',
        basis: { clause: 'DPP 1.1' },
      },
      {
        ruleId: 'NIST.800.53.R5-LambdaDLQ',
        reason:
          'EventBridge invokes it once a week without retries; a failed run raises the Failed alarm, and the next run is the retry.',
        basis: { engineering: 'Scheduled invocation' },
      },
    );
  }
}
