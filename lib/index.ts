/**
 * The public entry point of the package `spapi-dpp-baseline` (`npm run build` compiles it
 * to `dist/lib/index.js` with its declarations). What another CDK app uses:
 *
 * - the constructs, one module per control family (keys, network, data, logging,
 *   credentials, audit, access) and the workload slot (`WorkloadStack`, `WorkloadRole`,
 *   `WorkloadFunction`, the reference `OrderSync`);
 * - the environment: `BaselineStage` (with `addWorkload`), `BaselineStack`,
 *   `createBaselineApp`;
 * - the checks: `DppChecks` (the DPP pack, usable alone in any app), `registerChecks`,
 *   `recordAcknowledgements`, `acknowledge`;
 * - the config: `loadConfig`, `validateConfig` and their types;
 * - the gate and the reports: `synthesizeAndGate`, `readAssembly`, `evaluateAssembly`.
 *
 * docs/workloads.md shows an app built on it.
 */

// Constructs
export * from '../constructs/keys';
export * from '../constructs/network';
export * from '../constructs/data';
export * from '../constructs/logging/encrypted-log-group';
export * from '../constructs/logging/function-log-groups';
export * from '../constructs/credentials';
export * from '../constructs/audit';
export * from '../constructs/access';
export * from '../constructs/workloads';
export { handlerEntry } from '../constructs/functions/handler-entry';

// The environment and the app
export * from './stage/baseline-stage';
export * from './stage/baseline-stack';
export { APP_WORKLOADS } from './stage/workloads';
export { createBaselineApp, STAGE_IDS } from './app';
export type { BaselineAppProps } from './app';

// Checks and acknowledgements
export { DppChecks } from './nag/dpp-pack';
export { checkPacks, recordAcknowledgements, registerChecks } from './checks';
export { acknowledge, AcknowledgementError, BASIS_PATTERN } from './nag/acknowledge';
export type { Acknowledgement, AcknowledgementBasis } from './nag/acknowledge';

// Config
export { DEFAULT_CONFIG_FILE, loadConfig } from './config/load';
export { ConfigError, validateConfig } from './config/validate';
export type { ValidatedConfig } from './config/validate';
export type { BaselineConfig, EnvironmentConfig, EnvironmentName } from './config/types';

// The gate and the reports
export { synthesizeAndGate } from './report/gate';
export { readAssembly } from './report/assembly';
export type { Assembly, Finding, RecordedAcknowledgement } from './report/assembly';
export { evaluateAssembly } from './report/evaluation';
export type { GateResult } from './report/evaluation';
export { formatSummary } from './report/summary';
export { buildComplianceReport } from './report/compliance';
export { recordOfProcessing } from './report/record-of-processing';

// Policy facts a workload declares against
export { PII_PURPOSES } from './policy/processing';
export type { PiiField, PiiPurpose, ProcessingDeclaration } from './policy/processing';
export { cite } from './policy/clauses';
