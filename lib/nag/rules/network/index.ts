import { DppRule } from '../../rule';
import { NetworkAclDenyListFirst } from './NetworkAclDenyListFirst';
import { NetworkAclNoAdminPortsFromAnywhere } from './NetworkAclNoAdminPortsFromAnywhere';
import { NetworkAclNoAllTrafficFromAnywhere } from './NetworkAclNoAllTrafficFromAnywhere';
import { NetworkFirewallPolicyDropsByDefault } from './NetworkFirewallPolicyDropsByDefault';
import { SecurityGroupEgressRestricted } from './SecurityGroupEgressRestricted';
import { SecurityGroupNoWorldIngress } from './SecurityGroupNoWorldIngress';
import { SubnetHasNetworkAcl } from './SubnetHasNetworkAcl';
import { SubnetNoPublicIpOnLaunch } from './SubnetNoPublicIpOnLaunch';
import { VPCEndpointHasRestrictivePolicy } from './VPCEndpointHasRestrictivePolicy';
import { VPCEndpointPolicyScopesResources } from './VPCEndpointPolicyScopesResources';
import { VPCFlowLogsEnabled } from './VPCFlowLogsEnabled';
import { WorkloadNotInEgressSubnet } from './WorkloadNotInEgressSubnet';

/** DPP 1.1 / DPP 2.6 / DUP 4.7 network perimeter rules (one per file in this folder). */
export const NETWORK_RULES: readonly DppRule[] = [
  SubnetNoPublicIpOnLaunch,
  SubnetHasNetworkAcl,
  NetworkAclDenyListFirst,
  NetworkAclNoAllTrafficFromAnywhere,
  NetworkAclNoAdminPortsFromAnywhere,
  SecurityGroupNoWorldIngress,
  SecurityGroupEgressRestricted,
  VPCFlowLogsEnabled,
  NetworkFirewallPolicyDropsByDefault,
  VPCEndpointHasRestrictivePolicy,
  VPCEndpointPolicyScopesResources,
  WorkloadNotInEgressSubnet,
];
