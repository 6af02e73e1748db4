import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { acknowledge } from '../../lib/nag/acknowledge';
import { EncryptedLogGroup } from '../logging/encrypted-log-group';

/** The Lambda runtime of every function the baseline ships: the latest Node.js (20 or later is required). */
export const FUNCTION_RUNTIME = lambda.Runtime.NODEJS_24_X;

/** Where a function runs when it must reach the VPC's endpoints or the SP-API through the firewall. */
export interface FunctionNetwork {
  readonly vpc: ec2.IVpc;
  /** The private tier: the only way out is the egress firewall. */
  readonly subnets: ec2.SubnetSelection;
  readonly securityGroups: readonly ec2.ISecurityGroup[];
}

export interface BaselineFunctionProps {
  /** The handler file, an absolute path (e.g. `path.join(__dirname, 'functions', 'x.ts')`). */
  readonly entry: string;
  /**
   * The handler's export name.
   * @default 'handler'
   */
  readonly handler?: string;
  /** What the function does, with its clause; shown in the console and on its role. */
  readonly description: string;
  /** @default - none */
  readonly environment?: Readonly<Record<string, string>>;
  readonly timeout: Duration;
  /** @default 256 */
  readonly memorySize?: number;
  /** @default - no reservation */
  readonly reservedConcurrency?: number;
  /**
   * Where the function runs. Left out, in Lambda's own network: only for a function
   * whose APIs have no VPC endpoint (IAM) and that handles no Information.
   * @default - outside the VPC
   */
  readonly network?: FunctionNetwork;
  /**
   * The function's role, when it must have a fixed name (a boundary or policy names it).
   * @default - a role of its own
   */
  readonly role?: iam.Role;
  /** Key of the audit-log data class, for the function's log group. */
  readonly logEncryptionKey: kms.IKey;
  /** Retention of the function's logs, at least 90 days (DPP 2.6). */
  readonly logRetentionDays: number;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A function the baseline ships (DPP 1.3 Least Privilege Principle, DPP 2.6 Logging and
 * Monitoring): Node.js on arm64, a role of its own that starts with nothing but writing
 * its logs (and the network interfaces Lambda needs in a VPC), logs in an encrypted log
 * group kept as long as the other security logs, bundled with the local esbuild and the
 * SDK versions this project pins and tests rather than the runtime's.
 */
export class BaselineFunction extends Construct {
  public readonly function: nodejs.NodejsFunction;
  public readonly role: iam.Role;
  public readonly logGroup: EncryptedLogGroup;

  constructor(scope: Construct, id: string, props: BaselineFunctionProps) {
    super(scope, id);
    this.role =
      props.role ??
      new iam.Role(this, 'Role', {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        description: props.description,
      });
    if (props.network) {
      this.role.addManagedPolicy(
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaVPCAccessExecutionRole'),
      );
    }
    this.logGroup = new EncryptedLogGroup(this, 'Logs', {
      encryptionKey: props.logEncryptionKey,
      retentionDays: props.logRetentionDays,
      removalPolicy: props.removalPolicy,
    });
    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: props.handler ?? 'handler',
      description: props.description,
      runtime: FUNCTION_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout,
      reservedConcurrentExecutions: props.reservedConcurrency,
      role: this.role,
      ...(props.network
        ? {
            vpc: props.network.vpc,
            vpcSubnets: props.network.subnets,
            securityGroups: [...props.network.securityGroups],
            allowPublicSubnet: false,
          }
        : {}),
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
    this.acknowledgeFindings(props);
  }

  private acknowledgeFindings(props: BaselineFunctionProps): void {
    acknowledge(this.role, {
      ruleId: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason:
        'The inline policy belongs to this function role alone and is reviewed in this template; a managed policy would grant no less.',
      basis: { clause: 'DPP 1.3' },
    });
    if (props.network) {
      acknowledge(this.role, {
        ruleId:
          'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
        reason:
          'Lambda needs to create and delete the network interfaces of a function in a VPC; the AWS-managed policy is what Lambda documents for that and grants nothing else.',
        basis: { engineering: 'Lambda in a VPC' },
      });
    }
  }
}
