/**
 * What a workload's Lambda handler uses of the package at run time, without the CDK:
 * `import { createLogger } from 'spapi-dpp-baseline/dist/lib/runtime'` (docs/workloads.md).
 * The redacting logger, bounded retries, the LWA token client and the SP-API client with
 * per-operation rate limits.
 */
export * from './http';
export * from './logger';
export * from './lwa';
export * from './rate-limiter';
export * from './retry';
export * from './sp-api-client';
