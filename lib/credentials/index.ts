/**
 * SP-API credentials shared by the credentials construct, its functions and the
 * onboarding commands: secret names, value shapes, the secrets' resource policy and
 * the state of a client-secret rotation. See docs/credentials.md.
 */
export * from './names';
export * from './resource-policy';
export * from './rotation-state';
export * from './secret-values';
