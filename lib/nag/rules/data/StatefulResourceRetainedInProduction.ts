import { CfnResource, Stack } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { PRODUCTION_ENVIRONMENT } from '../../../policy/environments';
import { productionPolicies } from '../../../policy/stateful';
import { ENVIRONMENT_TAG } from '../../../policy/tags';
import { DppRule, cfnRenderedResource } from '../../rule';
import { tagValue } from '../../template';
import { memoized } from '../../validation-run';

/**
 * Whether a stack deploys production: any of its resources carries
 * `Environment: prod`. Decided per stack, not per resource, so that a resource that
 * cannot be tagged (a Macie session) or whose tags a workload author removed is judged
 * with the stack it deploys in.
 */
function deploysProduction(stack: Stack): boolean {
  return memoized('deploysProduction', stack, () =>
    stack.node
      .findAll()
      .some(
        (c) =>
          CfnResource.isCfnResource(c) &&
          Stack.of(c) === stack &&
          tagValue(c, ENVIRONMENT_TAG) === PRODUCTION_ENVIRONMENT,
      ),
  );
}

/**
 * DPP 2.5 and 2.6: production is kept apart from test, and its data and logs survive
 * any stack operation. In a production stack, every stateful resource that holds data,
 * its keys or its logs (`lib/policy/stateful.ts`) has `DeletionPolicy` and
 * `UpdateReplacePolicy` `Retain` (or `Snapshot`, for the types CloudFormation
 * snapshots), so that neither deleting the stack nor a change that replaces the
 * resource (a renamed construct, a property that cannot be updated) destroys it.
 *
 * A workload author's `removalPolicy: RemovalPolicy.DESTROY`, or an L1 resource
 * without a policy (CloudFormation then deletes), is a finding. Test stacks may
 * destroy: they are torn down cheaply by design.
 */
export const StatefulResourceRetainedInProduction: DppRule = {
  name: 'StatefulResourceRetainedInProduction',
  clauses: ['DPP 2.5', 'DPP 2.6'],
  finding:
    'A stateful resource of a production stack is not retained: DeletionPolicy or UpdateReplacePolicy is missing or Delete, so deleting the stack or replacing the resource destroys its data. Set removalPolicy: RemovalPolicy.RETAIN (the baseline passes BaselineResources.removalPolicy).',
  check(node: CfnResource) {
    const accepted = productionPolicies(node.cfnResourceType);
    if (accepted.length === 0 || !deploysProduction(Stack.of(node))) {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    const { DeletionPolicy, UpdateReplacePolicy } = cfnRenderedResource(node);
    return [DeletionPolicy, UpdateReplacePolicy].every(
      (policy) => typeof policy === 'string' && accepted.includes(policy),
    )
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
};
