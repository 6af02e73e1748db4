import { CfnResource } from 'aws-cdk-lib';
import { Statement, statementsOf } from '../../policy';
import { cfnProperties, resolveLiteral } from '../../rule';

/** Endpoint types that take an endpoint policy; an absent type means Gateway. */
const POLICY_ENDPOINT_TYPES = ['Interface', 'Gateway'];

/**
 * What the endpoint-policy rules read of a resource: `not-applicable` for anything but
 * a VPC endpoint that takes a policy, `no-policy` for one without (which allows
 * everything), else its statements.
 */
export function endpointPolicyOf(node: CfnResource): 'not-applicable' | 'no-policy' | Statement[] {
  if (node.cfnResourceType !== 'AWS::EC2::VPCEndpoint') return 'not-applicable';
  const properties = cfnProperties(node);
  const type = resolveLiteral(node, properties.VpcEndpointType, 'VpcEndpointType') ?? 'Gateway';
  if (!POLICY_ENDPOINT_TYPES.includes(String(type))) return 'not-applicable';
  if (properties.PolicyDocument === undefined) return 'no-policy';
  return statementsOf(properties.PolicyDocument);
}
