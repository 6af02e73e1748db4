import * as path from 'path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledge } from '../../lib/nag/acknowledge';
import { BaselineFunction } from '../functions/baseline-function';
import { handlerEntry } from '../functions/handler-entry';

export { FUNCTION_RUNTIME } from '../functions/baseline-function';

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
 * One of the credential functions: a `BaselineFunction` in the private subnets, whose
 * only way out is the egress firewall (to LWA and the SP-API), invoked synchronously.
 */
export class CredentialFunction extends BaselineFunction {
  constructor(scope: Construct, id: string, props: CredentialFunctionProps) {
    super(scope, id, {
      entry: handlerEntry(path.join(__dirname, 'functions'), props.entry),
      description: props.description,
      environment: props.environment,
      timeout: props.timeout,
      reservedConcurrency: props.reservedConcurrency,
      network: {
        vpc: props.vpc,
        subnets: props.subnets,
        securityGroups: [props.securityGroup],
      },
      logEncryptionKey: props.logEncryptionKey,
      logRetentionDays: props.logRetentionDays,
      removalPolicy: props.removalPolicy,
    });
    acknowledge(this.function, {
      ruleId: 'NIST.800.53.R5-LambdaDLQ',
      reason:
        'Secrets Manager and the SQS event source invoke the function synchronously, where a function DLQ is never used; notifications that keep failing go to their queue dead-letter queue, and a failed hourly check raises the overdue alarm.',
      basis: { engineering: 'Synchronous invocation' },
    });
  }
}
