export * from './baseline-resources';
export * from './workload-function';
export * from './workload-role';
export * from './workload-roles';
export * from './workload-stack';
export * from './order-sync';
