/** The environments the baseline deploys. DPP 2.5 requires test and production to be separate. */
export const ENVIRONMENT_NAMES = ['test', 'prod'] as const;
export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];

/**
 * What a section's schema is built for. Defaults and bounds may differ per environment
 * (prod keeps logs longer, has a firewall endpoint per zone), so each environment has
 * its own schema, and the JSON Schema and docs show both.
 */
export interface SectionContext {
  readonly environment: EnvironmentName;
  readonly isProd: boolean;
}
