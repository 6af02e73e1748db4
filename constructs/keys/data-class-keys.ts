import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { DataClassKey, DataClassKeyProps } from './data-class-key';

export interface DataClassKeysProps {
  /** Prefix of the aliases, e.g. `spapi-dpp`. */
  readonly projectName: string;
  /** The environment the keys belong to, e.g. `prod`; part of every alias. */
  readonly environmentName: string;
  /**
   * Waiting period of a scheduled deletion of any of the keys (7 to 30 days).
   * @default Duration.days(30)
   */
  readonly pendingWindow?: Duration;
  /**
   * What happens to the keys when they leave the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * The only principals that may change the keys' policies (see `DataClassKeyProps`).
   * @default - the stack's CloudFormation execution role
   */
  readonly keyPolicyAdministrators?: readonly iam.IRole[];
  /**
   * The IAM path of the environment's workload roles (see `DataClassKeyProps`).
   * @default - roles of other stacks cannot be granted use of the keys
   */
  readonly workloadRolePath?: string;
}

/**
 * One customer-managed key per data class (DPP 2.4 Encryption at Rest), so that each
 * class has its own access list and can be erased on its own by scheduling deletion
 * of its key (DPP 1.7, NIST 800-88 purge by cryptographic erase).
 *
 * Aliases: `alias/<project>-<environment>-<class>`.
 */
export class DataClassKeys extends Construct {
  /** PII stores: the PII bucket and table (DPP 2.1-2.4). */
  public readonly pii: DataClassKey;
  /** SP-API and LWA credentials in Secrets Manager (DPP 2.5, DUP 3.4). */
  public readonly credentials: DataClassKey;
  /** Security logs in CloudWatch Logs: flow logs, firewall logs (DPP 2.6). */
  public readonly auditLogs: DataClassKey;
  /** The legally required tax archive, kept apart from live PII (DPP 2.1). */
  public readonly taxArchive: DataClassKey;

  constructor(scope: Construct, id: string, props: DataClassKeysProps) {
    super(scope, id);
    const key = (
      keyId: string,
      dataClass: string,
      what: string,
      services: DataClassKeyProps['services'],
    ) =>
      new DataClassKey(this, keyId, {
        aliasName: `alias/${props.projectName}-${props.environmentName}-${dataClass}`,
        description: `${what} (${props.environmentName})`,
        services,
        pendingWindow: props.pendingWindow,
        removalPolicy: props.removalPolicy,
        keyPolicyAdministrators: props.keyPolicyAdministrators,
        workloadRolePath: props.workloadRolePath,
      });
    this.pii = key('Pii', 'pii', 'PII of Amazon customers and selling partners', [
      's3',
      'dynamodb',
    ]);
    this.credentials = key('Credentials', 'credentials', 'SP-API and LWA credentials', [
      'secretsmanager',
    ]);
    this.auditLogs = key('AuditLogs', 'audit-logs', 'Security and audit logs', ['logs']);
    this.taxArchive = key('TaxArchive', 'tax-archive', 'Legally required tax archive of PII', [
      's3',
    ]);
  }
}
