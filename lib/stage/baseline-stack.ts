import { RemovalPolicy, Stack, StackProps, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { EnvironmentConfig } from '../config/types';

export interface BaselineStackProps extends StackProps {
  /** Prefix of stack names, aliases and tags. */
  readonly projectName: string;
  /** The validated configuration of this environment. */
  readonly environment: EnvironmentConfig;
}

/**
 * The baseline of one environment. It composes the capability constructs and hands
 * each what it needs (keys, network, retention) through props; no construct looks
 * anything up, so synth needs no AWS credentials.
 */
export class BaselineStack extends Stack {
  public readonly config: EnvironmentConfig;
  /** What happens to stateful resources on stack deletion: prod always retains. */
  public readonly statefulRemovalPolicy: RemovalPolicy;

  constructor(scope: Construct, id: string, props: BaselineStackProps) {
    const { environment, projectName } = props;
    super(scope, id, {
      ...props,
      stackName: props.stackName ?? `${projectName}-${environment.name}-baseline`,
      description: `SP-API Data Protection Policy baseline (${environment.name})`,
      terminationProtection: environment.terminationProtection,
      env: { account: environment.account, region: environment.region },
    });
    this.config = environment;
    this.statefulRemovalPolicy =
      environment.removalPolicy === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;

    Tags.of(this).add('Project', projectName);
    Tags.of(this).add('Environment', environment.name);
    for (const [key, value] of Object.entries(environment.tags)) {
      Tags.of(this).add(key, value);
    }
  }

  /** The zones from config: synth never asks AWS which zones exist. */
  public override get availabilityZones(): string[] {
    return [...this.config.availabilityZones];
  }
}
