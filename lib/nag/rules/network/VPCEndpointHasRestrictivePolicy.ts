import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule, cfnProperties, resolveLiteral } from '../../rule';
import { admitsAnyPrincipal, hasCondition, statementsOf } from '../../policy';

/** Endpoint types that take an endpoint policy; an absent type means Gateway. */
const POLICY_ENDPOINT_TYPES = ['Interface', 'Gateway'];

/**
 * DUP 4.7 and DPP 2.6: data stays on the internal network, and access goes through
 * controlled channels. Without a policy an endpoint allows any principal to reach any
 * resource of the service, including buckets and queues in other accounts, so the
 * endpoint becomes a way out. An Allow for any principal must be narrowed by a
 * condition (e.g. `aws:ResourceAccount` or `aws:PrincipalOrgID`).
 */
export const VPCEndpointHasRestrictivePolicy: DppRule = {
  name: 'VPCEndpointHasRestrictivePolicy',
  clauses: ['DUP 4.7', 'DPP 2.6'],
  finding:
    "The VPC endpoint has no policy (which allows everything) or allows any principal without a condition. Give it a policy that limits access to the account's own resources.",
  check(node: CfnResource) {
    if (node.cfnResourceType !== 'AWS::EC2::VPCEndpoint') return NagRuleCompliance.NOT_APPLICABLE;
    const properties = cfnProperties(node);
    const type = resolveLiteral(node, properties.VpcEndpointType, 'VpcEndpointType') ?? 'Gateway';
    if (!POLICY_ENDPOINT_TYPES.includes(String(type))) return NagRuleCompliance.NOT_APPLICABLE;
    if (properties.PolicyDocument === undefined) return NagRuleCompliance.NON_COMPLIANT;
    const openAllow = statementsOf(properties.PolicyDocument).some(
      (s) => s.effect === 'Allow' && admitsAnyPrincipal(s) && !hasCondition(s),
    );
    return openAllow ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
};
