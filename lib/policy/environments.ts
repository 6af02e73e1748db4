/** The environments the baseline deploys. DPP 2.5 requires test and production to be separate. */
export const ENVIRONMENT_NAMES = ['test', 'prod'] as const;
export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];

/**
 * The environment whose stateful resources are retained and whose stacks are
 * termination-protected; resources carry its name in their `Environment` tag.
 */
export const PRODUCTION_ENVIRONMENT: EnvironmentName = 'prod';
