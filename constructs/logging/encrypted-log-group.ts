import { RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { declareControl } from '../../lib/nag/controls';
import { CLOUDWATCH_RETENTION_DAYS, DPP_MIN_LOG_RETENTION_DAYS } from '../../lib/policy/bounds';
import { cite } from '../../lib/policy/clauses';

export interface EncryptedLogGroupProps {
  /** Customer-managed key of the audit-log data class; its policy must admit CloudWatch Logs (`DataClassKeys.auditLogs` does). */
  readonly encryptionKey: kms.IKey;
  /** Days to keep events: at least the 90 of DPP 2.6, and a value CloudWatch Logs accepts. */
  readonly retentionDays: number;
  /**
   * What happens to the log group when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Physical name of the log group.
   * @default - a name CloudFormation generates
   */
  readonly logGroupName?: string;
}

/**
 * A CloudWatch log group for security logs (DPP 2.6 Logging and Monitoring):
 * encrypted with a customer-managed key so reading it needs a grant on that key,
 * kept at least 90 days, retained by default.
 */
export class EncryptedLogGroup extends Construct {
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps) {
    super(scope, id);
    if (props.retentionDays < DPP_MIN_LOG_RETENTION_DAYS) {
      throw new Error(
        `${this.node.path}: log retention ${props.retentionDays} days is below the ${DPP_MIN_LOG_RETENTION_DAYS} days that ${cite('DPP 2.6')} requires`,
      );
    }
    if (!(CLOUDWATCH_RETENTION_DAYS as readonly number[]).includes(props.retentionDays)) {
      throw new Error(
        `${this.node.path}: log retention ${props.retentionDays} days is not a value CloudWatch Logs accepts (${CLOUDWATCH_RETENTION_DAYS.join(', ')})`,
      );
    }
    this.logGroup = new logs.LogGroup(this, 'Resource', {
      logGroupName: props.logGroupName,
      encryptionKey: props.encryptionKey,
      // RetentionDays is a numeric enum whose values are the day counts themselves.
      retention: props.retentionDays as logs.RetentionDays,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    declareControl(this.logGroup, {
      clauses: ['DPP 2.6'],
      summary: `Security log encrypted with the audit-log key, kept ${props.retentionDays} days`,
    });
  }
}
