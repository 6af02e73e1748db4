import * as path from 'path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { acknowledge } from '../../lib/nag/acknowledge';
import { EncryptedLogGroup } from '../logging/encrypted-log-group';
import { handlerEntry } from '../lambda/handler-entry';

/** The Lambda runtime of the credential functions: the latest Node.js (20 or later is required). */
export const FUNCTION_RUNTIME = lambda.Runtime.NODEJS_24_X;

export interface CredentialFunctionProps {
  /** The handler file in `functions/`, e.g. `rotation-handler.ts`. */
  readonly entry: string;
  readonly description: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly timeout: Duration;
  readonly reservedConcurrency: number;
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  readonly securityGroup: ec2.ISecurityGroup;
  readonly logEncryptionKey: kms.IKey;
  readonly logRetentionDays: number;
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * One of the credential functions (DPP 1.3 Least Privilege Principle, DPP 2.6 Logging
 * and Monitoring): Node.js on arm64 in the private subnets, whose only way out is the
 * egress firewall; a role of its own that starts with nothing but the network
 * interfaces Lambda needs in a VPC; logs in an encrypted log group kept as long as the
 * other security logs. Bundled with the local esbuild.
 */
export class CredentialFunction extends Construct {
  public readonly function: nodejs.NodejsFunction;
  public readonly role: iam.Role;
  public readonly logGroup: EncryptedLogGroup;

  constructor(scope: Construct, id: string, props: CredentialFunctionProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: props.description,
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaVPCAccessExecutionRole'),
      ],
    });
    this.logGroup = new EncryptedLogGroup(this, 'Logs', {
      encryptionKey: props.logEncryptionKey,
      retentionDays: props.logRetentionDays,
      removalPolicy: props.removalPolicy,
    });
    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: handlerEntry(path.join(__dirname, 'functions'), props.entry),
      handler: 'handler',
      description: props.description,
      runtime: FUNCTION_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: props.timeout,
      reservedConcurrentExecutions: props.reservedConcurrency,
      role: this.role,
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      securityGroups: [props.securityGroup],
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
    this.acknowledgeFindings();
  }

  private acknowledgeFindings(): void {
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
          'The inline policy belongs to this function role alone and is reviewed in this template; a managed policy would grant no less.',
        basis: { clause: 'DPP 1.3' },
      },
    );
    acknowledge(this.function, {
      ruleId: 'NIST.800.53.R5-LambdaDLQ',
      reason:
        'Secrets Manager and the SQS event source invoke the function synchronously, where a function DLQ is never used; notifications that keep failing go to their queue dead-letter queue, and a failed hourly check raises the overdue alarm.',
      basis: { engineering: 'Synchronous invocation' },
    });
  }
}
