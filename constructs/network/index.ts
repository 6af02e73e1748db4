export * from './allow-list';
export * from './baseline-network';
export * from './dns-firewall';
export * from './egress-firewall';
export * from './endpoint-policies';
// The network ACL plan the construct renders: pure, shared with config validation.
export * from '../../lib/network/nacl-plan';
export * from './workload-security-group';
