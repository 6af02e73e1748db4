import { Duration } from 'aws-cdk-lib';
import { OrderSync, WorkloadStack } from '../../constructs/workloads';
import { WorkloadDefinition } from './baseline-stage';

/**
 * The workloads of this app, added to each environment whose config enables them
 * (docs/workloads.md). A team puts its own SP-API application here: its constructs and
 * function code in `constructs/workloads/<name>/`, one entry below, and its settings in
 * a field of the `workloads` config section.
 */
export const APP_WORKLOADS: readonly WorkloadDefinition[] = [
  {
    // The reference workload: test by default, prod when config enables it.
    id: 'OrderSync',
    enabledIn: (environment) => environment.workloads.orderSync.enabled,
    create: (scope, id, baseline, environment) => {
      const settings = environment.workloads.orderSync;
      const stack = new WorkloadStack(scope, id, { baseline });
      new OrderSync(stack, 'OrderSync', {
        baseline,
        sellingPartnerIds: settings.sellingPartnerIds,
        marketplaceIds: settings.marketplaceIds,
        schedule: Duration.minutes(settings.scheduleMinutes),
      });
      return stack;
    },
  },
];
