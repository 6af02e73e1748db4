import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';

/**
 * VPC endpoint policies (DUP 4.7 Data stays on the internal network; DPP 2.6
 * "Information extracted from its protected boundaries"). Without a policy an
 * endpoint admits any request, including one that copies data into another
 * account's bucket or queue with credentials brought from outside. These policies
 * admit this account's principals acting on this account's resources, and
 * nothing else except the few AWS-owned resources named below.
 */

/** This account's principals on this account's resources: the data perimeter. */
export function thisAccountOnly(scope: IConstruct): iam.PolicyStatement {
  const { account } = Stack.of(scope);
  return new iam.PolicyStatement({
    sid: 'ThisAccountsPrincipalsOnThisAccountsResources',
    principals: [new iam.AnyPrincipal()],
    actions: ['*'],
    resources: ['*'],
    conditions: {
      StringEquals: { 'aws:PrincipalAccount': account, 'aws:ResourceAccount': account },
    },
  });
}

/**
 * Session Manager (DPP 1.1 administrative access without SSH) reads AWS-owned SSM
 * documents and public parameters, which belong to no account.
 */
export function ssmAwsOwnedResources(scope: IConstruct): iam.PolicyStatement {
  const { account, region, partition } = Stack.of(scope);
  return new iam.PolicyStatement({
    sid: 'ThisAccountsPrincipalsOnAwsOwnedSsmDocuments',
    principals: [new iam.AnyPrincipal()],
    actions: ['ssm:Describe*', 'ssm:Get*', 'ssm:List*', 'ssm:SendCommand', 'ssm:StartSession'],
    resources: [
      `arn:${partition}:ssm:${region}::document/*`,
      `arn:${partition}:ssm:${region}::parameter/aws/*`,
    ],
    conditions: { StringEquals: { 'aws:PrincipalAccount': account } },
  });
}

/**
 * AWS-owned buckets that keep hosts patched and manageable (DPP 2.7 Vulnerability
 * Management): Amazon Linux repositories, the SSM agent and the CloudWatch agent.
 * Read-only, for this account's principals.
 */
export function awsOwnedPackageBuckets(scope: IConstruct): iam.PolicyStatement {
  const { account, region, partition } = Stack.of(scope);
  const buckets = [
    `al2023-repos-${region}-de612dc2`,
    `amazonlinux-2-repos-${region}`,
    `amazon-ssm-${region}`,
    `aws-ssm-${region}`,
    `amazon-ssm-packages-${region}`,
    `amazoncloudwatch-agent-${region}`,
    `patch-baseline-snapshot-${region}`,
  ];
  return new iam.PolicyStatement({
    sid: 'ThisAccountsPrincipalsReadAwsOwnedPackages',
    principals: [new iam.AnyPrincipal()],
    actions: ['s3:GetObject'],
    resources: buckets.map((bucket) => `arn:${partition}:s3:::${bucket}/*`),
    conditions: { StringEquals: { 'aws:PrincipalAccount': account } },
  });
}

/**
 * This account's principals, whatever the resource: for endpoints whose calls name no
 * resource of an account (STS, Session Manager channels), where `aws:ResourceAccount`
 * would not be in the request.
 */
export function thisAccountsPrincipals(scope: IConstruct): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'ThisAccountsPrincipals',
    principals: [new iam.AnyPrincipal()],
    actions: ['*'],
    resources: ['*'],
    conditions: { StringEquals: { 'aws:PrincipalAccount': Stack.of(scope).account } },
  });
}
