/** The credential commands (scripts/put-lwa-credentials.ts and friends); docs/credentials.md. */
export * from './add-selling-partner';
export * from './input';
export * from './io';
export * from './outputs';
export * from './put-lwa-credentials';
export * from './remove-selling-partner';
