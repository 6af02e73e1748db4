import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cr from 'aws-cdk-lib/custom-resources';
import { IConstruct } from 'constructs';
import { Acknowledgement, acknowledge } from '../../lib/nag/acknowledge';
import { arnReference, iam5Resource } from '../../lib/nag/finding-ids';

/**
 * The generic packs' findings on the audit capability's functions, acknowledged on
 * each function with the reason. The functions are few and short-lived: the canary
 * writer, aws-cdk-lib's custom-resource provider that calls it at deployment, and
 * aws-cdk-lib's AWS SDK function that enables Macie discovery and Inspector.
 */

const managedPolicy = (name: string) =>
  `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${name}]`;

const BASIC_EXECUTION: Acknowledgement = {
  ruleId: managedPolicy('AWSLambdaBasicExecutionRole'),
  reason:
    "AWS's basic execution policy lets the function write its own logs; the function's log group is set explicitly and encrypted with the audit-log key.",
  basis: { engineering: 'Lambda execution role' },
};

const INLINE_POLICY: Acknowledgement = {
  ruleId: 'NIST.800.53.R5-IAMNoInlinePolicy',
  reason:
    'The policy belongs to this one role and is defined and reviewed in this template; a managed policy would grant no less.',
  basis: { clause: 'DPP 1.3' },
};

/** Findings of a function that runs only when CloudFormation deploys the stack. */
function deploymentOnlyFunction(what: string): Acknowledgement[] {
  return [
    BASIC_EXECUTION,
    {
      ruleId: 'NIST.800.53.R5-LambdaDLQ',
      reason: `${what} is invoked synchronously by CloudFormation, which reports a failure as a failed deployment; there is no asynchronous event to keep.`,
      basis: { engineering: 'CloudFormation custom resource' },
    },
    {
      ruleId: 'NIST.800.53.R5-LambdaConcurrency',
      reason: `${what} runs only during a deployment of this stack; CloudFormation bounds its concurrency.`,
      basis: { engineering: 'CloudFormation custom resource' },
    },
    {
      ruleId: 'NIST.800.53.R5-LambdaInsideVPC',
      reason: `${what} answers CloudFormation through a pre-signed URL of an AWS-owned bucket, which the VPC's S3 endpoint policy (this account's buckets only) refuses; it reads no Information.`,
      basis: { engineering: 'CloudFormation custom resource' },
    },
  ];
}

/** The canary writer and the provider that calls it at deployment. */
export function acknowledgeCanaryFunctions(writer: lambda.Function, provider: cr.Provider): void {
  // Its role's managed VPC policy and inline policy are acknowledged by BaselineFunction.
  acknowledge(
    writer,
    {
      ruleId: 'NIST.800.53.R5-LambdaDLQ',
      reason:
        'A failed refresh is retried by EventBridge and then raises the canary-refresh-failed alarm on the Errors metric; the event itself holds nothing to keep.',
      basis: { clause: 'DPP 2.6' },
    },
    {
      ruleId: 'NIST.800.53.R5-LambdaConcurrency',
      reason:
        "The writer runs once a day and at deployment; reserving concurrency would fail to deploy in an account whose concurrency quota is at AWS's minimum of 10.",
      basis: { engineering: 'Lambda account concurrency quota' },
    },
  );
  const onEvent = provider.node.findChild('framework-onEvent');
  acknowledge(onEvent, ...deploymentOnlyFunction('The custom-resource provider'), INLINE_POLICY, {
    ruleId: iam5Resource(`${arnReference(writer)}:*`),
    reason:
      "The provider invokes the canary writer, any version of it; aws-cdk-lib's provider framework writes the grant.",
    basis: { engineering: 'aws-cdk-lib custom-resource provider' },
  });
}

/**
 * An `AwsCustomResource` and aws-cdk-lib's function behind it, which is one per stack
 * and sits at the stack's root.
 */
export function acknowledgeAwsCustomResource(
  resource: cr.AwsCustomResource,
  statements: readonly { readonly resources: readonly string[] }[],
): void {
  const policy = resource.node.findChild('CustomResourcePolicy');
  const acks: Acknowledgement[] = [INLINE_POLICY];
  if (statements.some((s) => s.resources.includes('*'))) {
    acks.push({
      ruleId: iam5Resource('*'),
      reason:
        'Enabling Macie discovery or Inspector scanning is an account-level call that names no resource; the actions are limited to those calls.',
      basis: { engineering: 'account-level AWS API' },
    });
  }
  acknowledge(policy, ...acks);
  const singleton = Stack.of(resource).node.tryFindChild(
    `AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`,
  );
  if (singleton && !acknowledged.has(singleton)) {
    acknowledged.add(singleton);
    acknowledge(singleton, ...deploymentOnlyFunction("aws-cdk-lib's AWS SDK function"));
  }
}

/** The stack-level singleton is acknowledged once, however many custom resources use it. */
const acknowledged = new WeakSet<IConstruct>();
