import { Stack, Stage, StageProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { giveFunctionsLogGroups } from '../../constructs/logging/function-log-groups';
import { BaselineResources } from '../../constructs/workloads';
import { recordAcknowledgements } from '../checks';
import { EnvironmentConfig } from '../config/types';
import { BaselineStack } from './baseline-stack';

/**
 * Builds a workload's stack in an environment: `scope` is the environment's stage, `id`
 * the stack's construct id, `baseline` what the baseline gives it. Return the stack
 * (usually a `WorkloadStack`).
 */
export type WorkloadFactory<T extends Stack = Stack> = (
  scope: Construct,
  id: string,
  baseline: BaselineResources,
) => T;

/** A workload of the app, added to each environment whose config enables it. */
export interface WorkloadDefinition {
  /** Construct id of its stack in each stage; part of every logical id below it (API). */
  readonly id: string;
  /**
   * Whether an environment runs it.
   * @default - every environment
   */
  readonly enabledIn?: (environment: EnvironmentConfig) => boolean;
  /** Builds its stack; `environment` is the environment's validated config. */
  readonly create: (
    scope: Construct,
    id: string,
    baseline: BaselineResources,
    environment: EnvironmentConfig,
  ) => Stack;
}

export interface BaselineStageProps extends StageProps {
  /** Prefix of stack names, aliases and tags. */
  readonly projectName: string;
  /** The validated configuration of this environment. */
  readonly environment: EnvironmentConfig;
  /**
   * Workloads to add to the stage, each where its `enabledIn` says.
   * @default - none; add them with `addWorkload`
   */
  readonly workloads?: readonly WorkloadDefinition[];
}

/**
 * One environment (test or prod) of the baseline: a `Stage` in its own account and
 * region holding the baseline stack and the workload stacks of the team's SP-API
 * application (`addWorkload`). DPP 2.5 requires test and production to be separate;
 * each stage deploys its own stacks and shares nothing with the other.
 *
 * Everything in the stage is checked alike: the app's packs walk every stack, the
 * acknowledgement aspect registered here writes each stack's acknowledgements into its
 * template, and the gate and reports read the whole assembly.
 */
export class BaselineStage extends Stage {
  public readonly baseline: BaselineStack;
  /** The workload stacks added so far, in order. */
  public readonly workloads: Stack[] = [];
  private readonly environmentConfig: EnvironmentConfig;

  constructor(scope: Construct, id: string, props: BaselineStageProps) {
    super(scope, id, {
      ...props,
      env: { account: props.environment.account, region: props.environment.region },
    });
    this.environmentConfig = props.environment;
    recordAcknowledgements(this);
    this.node.addValidation({ validate: () => this.unprotectedStacks() });
    this.baseline = new BaselineStack(this, 'Baseline', {
      projectName: props.projectName,
      environment: props.environment,
    });
    for (const workload of props.workloads ?? []) {
      if (workload.enabledIn && !workload.enabledIn(props.environment)) continue;
      this.addWorkload(workload.id, (scope, stackId, baseline) =>
        workload.create(scope, stackId, baseline, props.environment),
      );
    }
  }

  /**
   * Where the environment requires termination protection (prod always does), every
   * stack of the stage has it: a workload stack built as a plain `Stack`, or one whose
   * protection was switched off after `addWorkload`, fails the synth (DPP 2.5).
   */
  private unprotectedStacks(): string[] {
    if (!this.environmentConfig.terminationProtection) return [];
    return this.node.children
      .filter((c): c is Stack => Stack.isStack(c) && !c.terminationProtection)
      .map(
        (stack) =>
          `${stack.node.path}: terminationProtection is false in ${this.environmentConfig.name}, whose config requires it for every stack; build workload stacks as WorkloadStack, which takes it from the baseline (DPP 2.5)`,
      );
  }

  /** What the baseline gives the environment's workloads (docs/workloads.md). */
  public get resources(): BaselineResources {
    return this.baseline.workloadResources();
  }

  /**
   * Adds a workload stack to the environment: `factory` builds it in this stage with
   * what the baseline gives (`resources`), usually as a `WorkloadStack`, which carries
   * the permissions boundary and the environment's tags. Afterwards every function of
   * the stack that has no log group gets an encrypted one (DPP 2.6), and the stack must
   * be in this stage's account and region: anything else throws at synth.
   */
  public addWorkload<T extends Stack>(id: string, factory: WorkloadFactory<T>): T {
    const stack = factory(this, id, this.resources);
    const { account, region } = this.environmentConfig;
    if (stack.node.scope !== this) {
      throw new Error(
        `${this.node.path}: the workload factory for ${id} built ${stack.node.path}, not a stack of this stage; build it in the scope it is given`,
      );
    }
    if (stack.account !== account || stack.region !== region) {
      throw new Error(
        `${stack.node.path}: a workload deploys where its environment is (${account}/${region}), not ${stack.account}/${stack.region} (DPP 2.5)`,
      );
    }
    giveFunctionsLogGroups(stack, {
      encryptionKey: this.baseline.keys.auditLogs,
      retentionDays: this.environmentConfig.audit.logRetentionDays,
      removalPolicy: this.baseline.statefulRemovalPolicy,
    });
    this.workloads.push(stack);
    return stack;
  }
}
