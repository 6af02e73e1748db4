import { Duration, Stack, Stage } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as cwlogs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { classify } from '../constructs/data/classification';
import { EncryptedLogGroup } from '../constructs/logging/encrypted-log-group';
import { BaselineStack } from '../lib/stage/baseline-stack';

/** The L1 resources one unit of the workload adds to a stack. */
export const RESOURCES_PER_UNIT = 10;

/**
 * A stand-in for a team's workload beside the baseline, for the scaling benchmark: a
 * stack of its own in the environment's stage (the baseline's stack has room for few
 * more resources under CloudFormation's 500), made of units of what a workload adds:
 * an encrypted log group with a metric filter, a security group with HTTPS egress to
 * the VPC only, an encrypted queue and its dead-letter queue, an encrypted topic (each
 * with a TLS-only policy), and an alarm on the dead letters to the topic. Ten
 * resources a unit, all compliant with the three packs, so that what the benchmark
 * measures is the checks' work on more resources, not their findings.
 * test/bench/workload.test.ts keeps it compliant and its count exact.
 */
export class BenchWorkload extends Stack {
  /**
   * @param baseline the environment's baseline, whose keys and VPC it uses
   * @param resources how many L1 resources to add: a multiple of RESOURCES_PER_UNIT
   */
  constructor(stage: Stage, id: string, baseline: BaselineStack, resources: number) {
    super(stage, id, {
      env: { account: baseline.account, region: baseline.region },
      // As every stack of the environment (prod's must be protected, BaselineStage).
      terminationProtection: baseline.terminationProtection,
    });
    if (resources % RESOURCES_PER_UNIT !== 0) {
      throw new Error(`${resources} resources is not a multiple of ${RESOURCES_PER_UNIT}`);
    }
    for (let i = 0; i < resources / RESOURCES_PER_UNIT; i++) this.addUnit(baseline, `Unit${i}`);
  }

  private addUnit(baseline: BaselineStack, id: string): void {
    const unit = new Construct(this, id);
    const removalPolicy = baseline.statefulRemovalPolicy;
    const logs = new EncryptedLogGroup(unit, 'Logs', {
      encryptionKey: baseline.keys.auditLogs,
      retentionDays: baseline.config.audit.logRetentionDays,
      removalPolicy,
    });
    logs.logGroup.addMetricFilter('Errors', {
      filterPattern: cwlogs.FilterPattern.stringValue('$.level', '=', 'ERROR'),
      metricNamespace: `BenchWorkload/${id}`,
      metricName: 'Errors',
    });
    const securityGroup = new ec2.SecurityGroup(unit, 'SecurityGroup', {
      vpc: baseline.network.vpc,
      description: 'A workload function: HTTPS to the VPC endpoints only',
      allowAllOutbound: false,
    });
    securityGroup.addEgressRule(
      ec2.Peer.ipv4(baseline.config.network.vpcCidr),
      ec2.Port.tcp(443),
      'HTTPS to the VPC endpoints',
    );
    const queueProps: sqs.QueueProps = {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: baseline.keys.pii,
      enforceSSL: true,
      retentionPeriod: Duration.days(4),
      removalPolicy,
    };
    const deadLetters = new sqs.Queue(unit, 'DeadLetters', queueProps);
    new sqs.Queue(unit, 'Queue', {
      ...queueProps,
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: 3 },
    });
    // Order messages: confidential, under the PII key like the order data they carry.
    classify(unit, 'confidential');
    const topic = new sns.Topic(unit, 'Topic', { masterKey: baseline.keys.pii, enforceSSL: true });
    const alarm = new cloudwatch.Alarm(unit, 'DeadLetterAlarm', {
      metric: deadLetters.metricApproximateNumberOfMessagesVisible(),
      threshold: 1,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(topic));
  }
}
