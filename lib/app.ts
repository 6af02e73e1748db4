import { App, AppProps } from 'aws-cdk-lib';
import { registerChecks } from './checks';
import { BaselineConfig, ENVIRONMENT_NAMES, EnvironmentName } from './config/types';
import { BaselineStage, WorkloadDefinition } from './stage/baseline-stage';
import { APP_WORKLOADS } from './stage/workloads';

export interface BaselineAppProps extends AppProps {
  /** The validated configuration (see `loadConfig`). */
  readonly config: BaselineConfig;
  /**
   * The workloads added to each environment whose config enables them.
   * @default APP_WORKLOADS (the reference order sync, where `workloads.orderSync.enabled`)
   */
  readonly workloads?: readonly WorkloadDefinition[];
  /**
   * Whether the check packs run at synth. Off only for what reads the templates and
   * not the findings: the benchmark's floor, tests of the templates, the diagram.
   * `synthesizeAndGate` fails an app built without them.
   * @default true
   */
  readonly checks?: boolean;
}

/** Construct ids of the stages; they are part of every resource's path, so treat them as API. */
export const STAGE_IDS: Readonly<Record<EnvironmentName, string>> = { test: 'Test', prod: 'Prod' };

/**
 * The baseline app: one stage per environment with its workloads, every check
 * registered. Building the app does not synthesize it; `bin/app.ts` synthesizes and
 * gates on the findings.
 */
export function createBaselineApp(props: BaselineAppProps): {
  app: App;
  stages: Record<EnvironmentName, BaselineStage>;
} {
  const { config, workloads = APP_WORKLOADS, checks = true, ...appProps } = props;
  const app = new App(appProps);
  if (checks) registerChecks(app);
  const stages = {} as Record<EnvironmentName, BaselineStage>;
  for (const name of ENVIRONMENT_NAMES) {
    stages[name] = new BaselineStage(app, STAGE_IDS[name], {
      projectName: config.projectName,
      environment: config.environments[name],
      workloads,
    });
  }
  return { app, stages };
}
