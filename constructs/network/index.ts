export * from './allow-list';
export * from './baseline-network';
export * from './dns-firewall';
export * from './egress-firewall';
export * from './endpoint-policies';
export * from './nacl-plan';
export * from './workload-security-group';
