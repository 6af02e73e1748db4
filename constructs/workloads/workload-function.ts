import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { acknowledge } from '../../lib/nag/acknowledge';
import { FUNCTION_RUNTIME } from '../credentials/credential-function';
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
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaVPCAccessExecutionRole'),
      ],
    });
    this.grantPrincipal = this.role;
    this.logGroup = new EncryptedLogGroup(this, 'Logs', {
      encryptionKey: baseline.logs.encryptionKey,
      retentionDays: baseline.logs.retentionDays,
      removalPolicy: baseline.removalPolicy,
    });
    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: props.handler ?? 'handler',
      description: props.description,
      runtime: FUNCTION_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.minutes(1),
      reservedConcurrentExecutions: props.reservedConcurrency,
      role: this.role,
      vpc: baseline.network.vpc,
      vpcSubnets: baseline.network.subnets,
      securityGroups: [baseline.network.securityGroup],
      allowPublicSubnet: false,
      logGroup: this.logGroup.logGroup,
      environment: { ...props.environment, POWERTOOLS_LOG_LEVEL: 'INFO' },
      bundling: {
        minify: true,
        sourceMap: false,
        target: 'node24',
        // The SDK versions this project pins and tests, not the runtime's.
        externalModules: [],
      },
    });
    this.logGroup.logGroup.grantWrite(this.role);
    acknowledge(
      this.role,
      {
        ruleId:
          'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
        reason:
          'Lambda needs to create and delete the network interfaces of a function in a VPC; the AWS-managed policy is what Lambda documents for that and grants nothing else.',
        basis: { engineering: 'Lambda in a VPC' },
      },
      {
        ruleId: 'NIST.800.53.R5-IAMNoInlinePolicy',
        reason:
          "The inline policy belongs to this workload's function role alone and is reviewed in this template; a managed policy would grant no less.",
        basis: { clause: 'DPP 1.3' },
      },
    );
  }
}
