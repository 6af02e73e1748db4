import { Stack, StackProps, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { BaselineResources } from './baseline-resources';

export interface WorkloadStackProps extends Omit<StackProps, 'env' | 'terminationProtection'> {
  /** What the environment's baseline gives its workloads (`BaselineStage.resources`). */
  readonly baseline: BaselineResources;
}

/**
 * A stack of the team's own SP-API application inside an environment (docs/workloads.md),
 * added with `BaselineStage.addWorkload`. It deploys to the baseline's account and
 * region after the baseline stack, every role in it carries the baseline's permissions
 * boundary (DPP 1.3), and its resources carry the environment's tags. Being in the
 * environment's stage, it is checked by the same packs, its acknowledgements are
 * written into its template, and the gate and reports read it like the baseline.
 *
 * Stack name: `<project>-<env>-<id in kebab case>`, e.g. `spapi-dpp-test-order-sync`.
 */
export class WorkloadStack extends Stack {
  public readonly baseline: BaselineResources;

  constructor(scope: Construct, id: string, props: WorkloadStackProps) {
    const { baseline, ...stackProps } = props;
    super(scope, id, {
      ...stackProps,
      stackName: stackProps.stackName ?? `${baseline.names.namePrefix}-${kebabCase(id)}`,
      description:
        stackProps.description ??
        `SP-API workload ${id} in the Data Protection Policy baseline (${baseline.names.environmentName})`,
      env: { account: baseline.account, region: baseline.region },
      terminationProtection: baseline.terminationProtection,
    });
    this.baseline = baseline;
    this.addStackDependency(baseline.stack, 'the workload runs on what the baseline deploys');
    iam.PermissionsBoundary.of(this).apply(baseline.permissionsBoundary);
    Tags.of(this).add('Workload', id);
    for (const [key, value] of Object.entries(baseline.tags)) Tags.of(this).add(key, value);
  }

  /** The baseline's zones: synth never asks AWS which zones exist. */
  public override get availabilityZones(): string[] {
    return [...this.baseline.availabilityZones];
  }
}

/** `OrderSync` -> `order-sync`. */
export function kebabCase(id: string): string {
  return id
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
}
