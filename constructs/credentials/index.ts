export * from './credential-function';
export * from './notification-queues';
export * from './sp-api-credentials';
