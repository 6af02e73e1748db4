import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule } from '../../rule';
import { endpointPolicyOf } from './endpoint-policy';
import { admitsAnyPrincipal, hasCondition } from '../../policy';

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
    const policy = endpointPolicyOf(node);
    if (policy === 'not-applicable') return NagRuleCompliance.NOT_APPLICABLE;
    // No policy at all allows any principal on any resource.
    if (policy === 'no-policy') return NagRuleCompliance.NON_COMPLIANT;
    const openAllow = policy.some(
      (s) => s.effect === 'Allow' && admitsAnyPrincipal(s) && !hasCondition(s),
    );
    return openAllow ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
};
