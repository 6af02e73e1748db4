import {
  AttachedPolicy,
  GetAccountAuthorizationDetailsCommand,
  GetAccountAuthorizationDetailsCommandOutput,
  IAMClient,
  PolicyDetail,
  RoleDetail,
} from '@aws-sdk/client-iam';
import { AwsCaller } from './aws-calls';

/**
 * The account's IAM configuration in one paginated listing:
 * `GetAccountAuthorizationDetails` returns users (their groups and policies), groups,
 * roles (with `RoleLastUsed`, trust policy and policies) and managed policies with
 * their documents. A page holds up to 1,000 entities, so the calls grow with the size
 * of the account's IAM configuration, one per thousand entities, never per user or role.
 */

/** The largest page IAM serves. */
export const AUTHORIZATION_DETAILS_PAGE_SIZE = 1000;

export interface InlinePolicy {
  readonly name: string;
  /** The document as IAM returns it (URL-encoded JSON). */
  readonly document: string | undefined;
}

export interface Attachments {
  readonly inline: readonly InlinePolicy[];
  /** ARNs of the attached managed policies. */
  readonly managed: readonly string[];
}

export interface UserAuthorization extends Attachments {
  readonly userName: string;
  readonly groups: readonly string[];
}

export interface GroupAuthorization extends Attachments {
  readonly groupName: string;
}

export interface RoleAuthorization extends Attachments {
  readonly roleName: string;
  readonly arn: string;
  readonly path: string;
  readonly createDate?: Date;
  readonly lastUsedDate?: Date;
  readonly lastUsedRegion?: string;
  readonly trustPolicy?: string;
  readonly permissionsBoundaryArn?: string;
}

export interface ManagedPolicy {
  readonly arn: string;
  readonly name: string;
  readonly attachmentCount: number;
  /** The default version's document, URL-encoded as IAM returns it. */
  readonly document: string | undefined;
}

export interface AuthorizationDetails {
  readonly users: readonly UserAuthorization[];
  readonly groups: readonly GroupAuthorization[];
  readonly roles: readonly RoleAuthorization[];
  readonly policies: ReadonlyMap<string, ManagedPolicy>;
}

/** Reads every page of GetAccountAuthorizationDetails. */
export async function fetchAuthorizationDetails(
  iam: IAMClient,
  caller: AwsCaller,
): Promise<AuthorizationDetails> {
  const users: UserAuthorization[] = [];
  const groups: GroupAuthorization[] = [];
  const roles: RoleAuthorization[] = [];
  const policies = new Map<string, ManagedPolicy>();
  const pages = caller.pages<GetAccountAuthorizationDetailsCommandOutput>(
    'IAM GetAccountAuthorizationDetails',
    (marker) =>
      iam.send(
        new GetAccountAuthorizationDetailsCommand({
          Filter: ['User', 'Group', 'Role', 'LocalManagedPolicy', 'AWSManagedPolicy'],
          MaxItems: AUTHORIZATION_DETAILS_PAGE_SIZE,
          Marker: marker,
        }),
      ),
    (page) => {
      if (!page.IsTruncated) return undefined;
      if (!page.Marker) {
        throw new Error(
          'IAM GetAccountAuthorizationDetails reported more results but returned no Marker',
        );
      }
      return page.Marker;
    },
  );
  for await (const page of pages) {
    for (const user of page.UserDetailList ?? []) {
      if (!user.UserName) continue;
      users.push({
        userName: user.UserName,
        groups: user.GroupList ?? [],
        inline: inlineOf(user.UserPolicyList),
        managed: arnsOf(user.AttachedManagedPolicies),
      });
    }
    for (const group of page.GroupDetailList ?? []) {
      if (!group.GroupName) continue;
      groups.push({
        groupName: group.GroupName,
        inline: inlineOf(group.GroupPolicyList),
        managed: arnsOf(group.AttachedManagedPolicies),
      });
    }
    for (const role of page.RoleDetailList ?? []) {
      const entry = roleOf(role);
      if (entry) roles.push(entry);
    }
    for (const policy of page.Policies ?? []) {
      if (!policy.Arn) continue;
      const current = (policy.PolicyVersionList ?? []).find((v) => v.IsDefaultVersion);
      policies.set(policy.Arn, {
        arn: policy.Arn,
        name: policy.PolicyName ?? policy.Arn,
        attachmentCount: policy.AttachmentCount ?? 0,
        document: current?.Document,
      });
    }
  }
  return { users, groups, roles, policies };
}

function roleOf(role: RoleDetail): RoleAuthorization | undefined {
  if (!role.RoleName || !role.Arn) return undefined;
  return {
    roleName: role.RoleName,
    arn: role.Arn,
    path: role.Path ?? '/',
    ...(role.CreateDate ? { createDate: role.CreateDate } : {}),
    ...(role.RoleLastUsed?.LastUsedDate ? { lastUsedDate: role.RoleLastUsed.LastUsedDate } : {}),
    ...(role.RoleLastUsed?.Region ? { lastUsedRegion: role.RoleLastUsed.Region } : {}),
    ...(role.AssumeRolePolicyDocument ? { trustPolicy: role.AssumeRolePolicyDocument } : {}),
    ...(role.PermissionsBoundary?.PermissionsBoundaryArn
      ? { permissionsBoundaryArn: role.PermissionsBoundary.PermissionsBoundaryArn }
      : {}),
    inline: inlineOf(role.RolePolicyList),
    managed: arnsOf(role.AttachedManagedPolicies),
  };
}

function inlineOf(list: PolicyDetail[] | undefined): InlinePolicy[] {
  return (list ?? []).map((p) => ({
    name: p.PolicyName ?? '(unnamed)',
    document: p.PolicyDocument,
  }));
}

function arnsOf(list: AttachedPolicy[] | undefined): string[] {
  return (list ?? []).flatMap((p) => (p.PolicyArn ? [p.PolicyArn] : []));
}
