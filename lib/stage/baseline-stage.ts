import { Stage, StageProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { recordAcknowledgements } from '../checks';
import { EnvironmentConfig } from '../config/types';
import { BaselineStack } from './baseline-stack';

export interface BaselineStageProps extends StageProps {
  /** Prefix of stack names, aliases and tags. */
  readonly projectName: string;
  /** The validated configuration of this environment. */
  readonly environment: EnvironmentConfig;
}

/**
 * One environment (test or prod) of the baseline: a `Stage` in its own account and
 * region holding the baseline stack. DPP 2.5 requires test and production to be
 * separate; each stage deploys its own stacks and shares nothing with the other.
 */
export class BaselineStage extends Stage {
  public readonly baseline: BaselineStack;

  constructor(scope: Construct, id: string, props: BaselineStageProps) {
    super(scope, id, {
      ...props,
      env: { account: props.environment.account, region: props.environment.region },
    });
    recordAcknowledgements(this);
    this.baseline = new BaselineStack(this, 'Baseline', {
      projectName: props.projectName,
      environment: props.environment,
    });
  }
}
