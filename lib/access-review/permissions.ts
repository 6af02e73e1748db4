/**
 * The IAM actions the access review calls, so that whatever runs it (the scheduled
 * function's role, a reviewer's permission set) is granted exactly these. Each list
 * says which resources its actions take.
 */
export interface ActionGrant {
  readonly actions: readonly string[];
  /**
   * - `account`: account-level APIs that take no resource ARN (`Resource: *`);
   * - `users`: IAM users of the account (`arn:aws:iam::<account>:user/*`).
   */
  readonly resources: 'account' | 'users';
}

/** What a review needs, dry run or not. `sts:GetCallerIdentity` needs no permission. */
export const REVIEW_READ_PERMISSIONS: readonly ActionGrant[] = [
  {
    actions: [
      'iam:GenerateCredentialReport',
      'iam:GetCredentialReport',
      'iam:GetAccountAuthorizationDetails',
      // ListSecrets takes no resource; it returns metadata, never a value.
      'secretsmanager:ListSecrets',
    ],
    resources: 'account',
  },
];

/** What `enforce` needs in addition: read a user's keys again, deactivate them, remove console access. */
export const REVIEW_ENFORCE_PERMISSIONS: readonly ActionGrant[] = [
  {
    actions: [
      'iam:ListAccessKeys',
      'iam:GetAccessKeyLastUsed',
      'iam:GetUser',
      'iam:UpdateAccessKey',
      'iam:DeleteLoginProfile',
    ],
    resources: 'users',
  },
];
