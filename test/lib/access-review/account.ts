import { SecretListEntry } from '@aws-sdk/client-secrets-manager';
import { AccessReviewOptions } from '../../../lib/access-review';
import {
  ACCOUNT,
  AuthPage,
  LiveUser,
  UserSpec,
  allow,
  daysAgo,
  encoded,
  secret,
  trust,
} from './fakes';

/**
 * One account with something of every kind the review looks for, and something of
 * every kind it must leave alone.
 */

export const USERS: UserSpec[] = [
  // Fine: recent sign-in with MFA, a recent key in use.
  {
    name: 'alice',
    password: { usedDaysAgo: 2, changedDaysAgo: 30 },
    mfa: true,
    keys: [{ createdDaysAgo: 10, usedDaysAgo: 1 }],
  },
  // Console without MFA.
  { name: 'bob', password: { usedDaysAgo: 5, changedDaysAgo: 20 }, mfa: false },
  // Inactive for 120 days, console access: enforce removes the login profile.
  { name: 'carol', password: { usedDaysAgo: 120, changedDaysAgo: 200 }, mfa: true },
  // Key 1 unused for 150 days (enforce deactivates it); key 2 new and unused (left alone).
  { name: 'svc-export', keys: [{ createdDaysAgo: 200, usedDaysAgo: 150 }, { createdDaysAgo: 5 }] },
  // Key in daily use but 400 days old: rotate, never deactivated by enforce.
  { name: 'svc-legacy', keys: [{ createdDaysAgo: 400, usedDaysAgo: 3, service: 'dynamodb' }] },
  // Password older than 90 days on an active user.
  { name: 'dave', password: { usedDaysAgo: 1, changedDaysAgo: 100 }, mfa: true },
  // A break-glass user, idle as it should be, with a key never used: never touched.
  {
    name: 'breakglass-user',
    password: { usedDaysAgo: 300, changedDaysAgo: 300 },
    mfa: true,
    keys: [{ createdDaysAgo: 300 }],
  },
  // Created a week ago, never used yet: within the grace period.
  { name: 'erin', createdDaysAgo: 7, password: { changedDaysAgo: 7 }, mfa: true },
];

export const PREFIX = 'spapi-dpp/prod/';

export const OPTIONS: AccessReviewOptions = {
  secretPrefixes: [PREFIX],
  breakGlass: { roleNames: ['BreakGlassRole'], userNames: ['breakglass-user'] },
  operator: 'jdoe',
  environment: 'prod',
};

const ADMIN_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const APP_POLICY_ARN = `arn:aws:iam::${ACCOUNT}:policy/AppPolicy`;
const SUPPORT_ARN = 'arn:aws:iam::aws:policy/aws-service-role/AWSSupportServiceRolePolicy';
const created = (days: number) => new Date(daysAgo(days));

const role = (
  RoleName: string,
  fields: {
    createdDaysAgo: number;
    usedDaysAgo?: number;
    path?: string;
    policies?: string[];
    principal?: object;
  },
) => ({
  RoleName,
  Arn: `arn:aws:iam::${ACCOUNT}:role${fields.path ?? '/'}${RoleName}`,
  Path: fields.path ?? '/',
  CreateDate: created(fields.createdDaysAgo),
  RoleLastUsed:
    fields.usedDaysAgo === undefined
      ? {}
      : { LastUsedDate: created(fields.usedDaysAgo), Region: 'eu-west-1' },
  AssumeRolePolicyDocument: trust(fields.principal ?? { AWS: `arn:aws:iam::${ACCOUNT}:root` }),
  AttachedManagedPolicies: (fields.policies ?? []).map((PolicyArn) => ({
    PolicyArn,
    PolicyName: PolicyArn.split('/').pop(),
  })),
  RolePolicyList: [],
});

const managed = (Arn: string, document: object, AttachmentCount = 1) => ({
  PolicyName: Arn.split('/').pop(),
  Arn,
  AttachmentCount,
  DefaultVersionId: 'v2',
  PolicyVersionList: [
    { VersionId: 'v1', IsDefaultVersion: false, Document: encoded(allow('s3:GetObject')) },
    { VersionId: 'v2', IsDefaultVersion: true, Document: encoded(document) },
  ],
});

export const ROLES = [
  role('app-role', {
    createdDaysAgo: 300,
    usedDaysAgo: 1,
    policies: [APP_POLICY_ARN],
    principal: { Service: 'lambda.amazonaws.com' },
  }),
  role('old-role', { createdDaysAgo: 300 }),
  role('BreakGlassRole', { createdDaysAgo: 400, policies: [ADMIN_ARN] }),
  role('PlatformAdmin', {
    createdDaysAgo: 400,
    usedDaysAgo: 3,
    policies: [ADMIN_ARN],
    principal: { Federated: `arn:aws:iam::${ACCOUNT}:saml-provider/Corp` },
  }),
  role('AWSServiceRoleForSupport', {
    createdDaysAgo: 500,
    usedDaysAgo: 200,
    path: '/aws-service-role/support.amazonaws.com/',
    policies: [SUPPORT_ARN],
    principal: { Service: 'support.amazonaws.com' },
  }),
];

/** The authorization details, split over two pages as IAM might. */
export const AUTH_PAGES: AuthPage[] = [
  {
    UserDetailList: [
      { UserName: 'bob', GroupList: ['DataTeam'], UserPolicyList: [], AttachedManagedPolicies: [] },
      {
        UserName: 'carol',
        GroupList: ['DataTeam'],
        UserPolicyList: [],
        AttachedManagedPolicies: [],
      },
      {
        UserName: 'svc-export',
        GroupList: [],
        UserPolicyList: [
          {
            PolicyName: 'export',
            PolicyDocument: encoded(allow('kms:*', 'arn:aws:kms:eu-west-1:111111111111:key/*')),
          },
        ],
        AttachedManagedPolicies: [],
      },
    ],
    GroupDetailList: [
      {
        GroupName: 'DataTeam',
        GroupPolicyList: [{ PolicyName: 'data', PolicyDocument: encoded(allow('s3:*')) }],
        AttachedManagedPolicies: [],
      },
    ],
    RoleDetailList: ROLES.slice(0, 3),
  },
  {
    RoleDetailList: ROLES.slice(3),
    Policies: [
      managed(ADMIN_ARN, allow('*'), 2),
      managed(
        APP_POLICY_ARN,
        allow(
          ['dynamodb:GetItem', 'dynamodb:PutItem'],
          `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/pii`,
        ),
      ),
      managed(SUPPORT_ARN, allow('*')),
      managed(`arn:aws:iam::${ACCOUNT}:policy/OldPolicy`, allow('*'), 0),
    ],
  },
];

export const SECRETS: SecretListEntry[] = [
  secret(`${PREFIX}lwa-credentials`, {
    createdDaysAgo: 300,
    accessedDaysAgo: 1,
    rotatedDaysAgo: 30,
    rotation: true,
  }),
  secret(`${PREFIX}selling-partners/A1EXAMPLE`, { createdDaysAgo: 200, accessedDaysAgo: 100 }),
  secret(`${PREFIX}selling-partners/A2EXAMPLE`, { createdDaysAgo: 10 }),
  secret(`${PREFIX}legacy-key`, { createdDaysAgo: 300, accessedDaysAgo: 5 }),
  secret('spapi-dpp/test/lwa-credentials', { createdDaysAgo: 500 }),
];

/** IAM's view at the moment enforce looks again: the same as the credential report. */
export const LIVE: Record<string, LiveUser> = {
  'svc-export': {
    keys: [
      { id: 'AKIAEXAMPLEEXPORT001', createdDaysAgo: 200, usedDaysAgo: 150 },
      { id: 'AKIAEXAMPLEEXPORT002', createdDaysAgo: 5 },
    ],
  },
  carol: { keys: [], passwordUsedDaysAgo: 120 },
};
