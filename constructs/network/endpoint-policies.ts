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
 * Session Manager's message channels (`ssmmessages`, `ec2messages`): their actions name
 * no resource of any account, so only the caller can be bounded, to this account.
 */
export function sessionChannels(
  scope: IConstruct,
  service: 'ssmmessages' | 'ec2messages',
): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: `ThisAccountsPrincipalsOn${service === 'ssmmessages' ? 'Ssm' : 'Ec2'}MessageChannels`,
    principals: [new iam.AnyPrincipal()],
    actions: [`${service}:*`],
    resources: ['*'],
    conditions: { StringEquals: { 'aws:PrincipalAccount': Stack.of(scope).account } },
  });
}

/** STS actions that take a role: the role's account is the request's resource account. */
const ROLE_ACTIONS = [
  'sts:AssumeRole',
  'sts:TagSession',
  'sts:SetSourceIdentity',
  'sts:SetContext',
];

/**
 * STS actions that name no role: they return the caller's identity or session, or
 * decode an error for it, and give no way to another account.
 */
const CALLER_ACTIONS = [
  'sts:GetCallerIdentity',
  'sts:GetSessionToken',
  'sts:GetAccessKeyInfo',
  'sts:DecodeAuthorizationMessage',
];

/** An AWS Organizations id, `o-` and 10 to 32 lower-case letters or digits. */
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;

/**
 * The STS endpoint (DUP 4.7): without a bound on the role, a workload could assume a
 * role in any account and carry data out in session names and tags, or work there with
 * the credentials. This account's principals may assume roles of this account (or, if
 * `organizationId` is given, of that organization), and make the calls that name no
 * role; a web identity (an EKS pod, say) may assume only roles of this account or
 * organization, which its own trust policy then has to admit.
 */
export function stsToOwnRoles(scope: IConstruct, organizationId?: string): iam.PolicyStatement[] {
  if (organizationId !== undefined && !ORGANIZATION_ID.test(organizationId)) {
    throw new Error(
      `${scope.node.path}: organizationId '${organizationId}' is not an AWS Organizations id (o- and 10 to 32 lower-case letters or digits); the STS endpoint could not bound roles to it (DUP 4.7)`,
    );
  }
  const { account } = Stack.of(scope);
  const ownRoles =
    organizationId === undefined
      ? { 'aws:ResourceAccount': account }
      : { 'aws:ResourceOrgID': organizationId };
  const where = organizationId === undefined ? 'ThisAccounts' : 'TheOrganizations';
  return [
    new iam.PolicyStatement({
      sid: `ThisAccountsPrincipalsAssume${where}Roles`,
      principals: [new iam.AnyPrincipal()],
      actions: ROLE_ACTIONS,
      resources: ['*'],
      conditions: { StringEquals: { 'aws:PrincipalAccount': account, ...ownRoles } },
    }),
    new iam.PolicyStatement({
      sid: 'ThisAccountsPrincipalsCallsThatNameNoRole',
      principals: [new iam.AnyPrincipal()],
      actions: CALLER_ACTIONS,
      resources: ['*'],
      conditions: { StringEquals: { 'aws:PrincipalAccount': account } },
    }),
    new iam.PolicyStatement({
      sid: `WebIdentitiesAssume${where}Roles`,
      principals: [new iam.AnyPrincipal()],
      actions: ['sts:AssumeRoleWithWebIdentity'],
      resources: ['*'],
      conditions: { StringEquals: ownRoles },
    }),
  ];
}
