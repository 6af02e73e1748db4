import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { BaselineFunction } from '../functions/baseline-function';
import { EncryptedLogGroup } from '../logging/encrypted-log-group';
import { BaselineResources } from './baseline-resources';
import { WorkloadRole } from './workload-role';

export interface WorkloadFunctionProps {
  /** What the environment's baseline gives its workloads. */
  readonly baseline: BaselineResources;
  /** The function's role name after the environment prefix, e.g. `order-sync` (see `WorkloadRole`). */
  readonly name: string;
  /** The handler file (TypeScript or JavaScript), e.g. `handlerEntry(path.join(__dirname, 'functions'), 'handler.ts')`. */
  readonly entry: string;
  /**
   * The exported handler function.
   * @default 'handler'
   */
  readonly handler?: string;
  readonly description: string;
  /**
   * Environment variables: names and ids only, never a credential (DPP 2.5).
   * @default - none
   */
  readonly environment?: Readonly<Record<string, string>>;
  /** @default Duration.minutes(1) */
  readonly timeout?: Duration;
  /** @default 256 */
  readonly memorySize?: number;
  /**
   * Concurrent executions reserved for the function, and so its ceiling (DPP 2.6
   * "unexpected request rate": a runaway or abused function cannot scale past it). The
   * account's unreserved concurrency must stay at least 10.
   */
  readonly reservedConcurrency: number;
}

/**
 * A Node.js Lambda function of a workload (DPP 1.1, 1.3, 2.6): in the baseline's
 * private subnets with the workload security group, so its only way out is the egress
 * firewall; a `WorkloadRole` of its own that starts with nothing but the network
 * interfaces Lambda needs in a VPC; logs in a log group encrypted with the audit-logs
 * key, kept as long as the other security logs. Bundled with the local esbuild.
 */
export class WorkloadFunction extends Construct implements iam.IGrantable {
  public readonly function: nodejs.NodejsFunction;
  public readonly role: WorkloadRole;
  public readonly logGroup: EncryptedLogGroup;
  public readonly grantPrincipal: iam.IPrincipal;

  constructor(scope: Construct, id: string, props: WorkloadFunctionProps) {
    super(scope, id);
    const { baseline } = props;
    this.role = new WorkloadRole(this, 'Role', {
      baseline,
      name: props.name,
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: props.description,
    });
    this.grantPrincipal = this.role;
    // The baseline's one function shape: arm64, its logs encrypted and kept as long as
    // the other security logs, in the private subnets behind the egress firewall.
    const fn = new BaselineFunction(this, 'Shape', {
      entry: props.entry,
      handler: props.handler,
      description: props.description,
      environment: props.environment,
      timeout: props.timeout ?? Duration.minutes(1),
      memorySize: props.memorySize,
      reservedConcurrency: props.reservedConcurrency,
      role: this.role,
      network: {
        vpc: baseline.network.vpc,
        subnets: baseline.network.subnets,
        securityGroups: [baseline.network.securityGroup],
      },
      logEncryptionKey: baseline.logs.encryptionKey,
      logRetentionDays: baseline.logs.retentionDays,
      removalPolicy: baseline.removalPolicy,
    });
    this.function = fn.function;
    this.logGroup = fn.logGroup;
  }
}
