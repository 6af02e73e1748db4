/** The environments the baseline deploys. DPP 2.5 requires test and production to be separate. */
export const ENVIRONMENT_NAMES = ['test', 'prod'] as const;
export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];
