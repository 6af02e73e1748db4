/**
 * Policy facts: the clause catalogue and the numbers, tags and hosts the policies set.
 * A leaf module: it imports nothing of the project, and config, constructs and the DPP
 * pack's rules all depend on it, never on each other for these facts.
 */
export * from './account-level';
export * from './bounds';
export * from './classification';
export * from './clauses';
export * from './environments';
export * from './iam';
export * from './justified';
export * from './shared-hosting';
export * from './network';
export * from './sp-api';
export * from './stateful';
export * from './processing';
export * from './tags';
