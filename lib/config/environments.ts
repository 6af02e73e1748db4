import { EnvironmentName } from '../policy/environments';

export { ENVIRONMENT_NAMES } from '../policy/environments';
export type { EnvironmentName } from '../policy/environments';

/**
 * What a section's schema is built for. Defaults and bounds may differ per environment
 * (prod keeps logs longer, has a firewall endpoint per zone), so each environment has
 * its own schema, and the JSON Schema and docs show both.
 */
export interface SectionContext {
  readonly environment: EnvironmentName;
  readonly isProd: boolean;
}
