import { createLogger } from 'spapi-dpp-baseline/dist/lib/runtime';

/** The handler of the example workload (docs/workloads.md): your application's code. */
const logger = createLogger({ serviceName: 'label-printer' });

export async function handler(event: { orderId?: string }): Promise<void> {
  // Ids only in logs, never the address (DPP 2.6); the logger redacts what slips through.
  logger.info({ message: 'label requested', orderId: event.orderId });
}
