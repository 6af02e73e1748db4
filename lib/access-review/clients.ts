import { IAMClient } from '@aws-sdk/client-iam';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { STSClient } from '@aws-sdk/client-sts';

/** The AWS clients the access review uses. */
export interface AccessReviewClients {
  readonly iam: IAMClient;
  readonly sts: STSClient;
  /** Of the region that holds the SP-API credential secrets. */
  readonly secretsManager: SecretsManagerClient;
}

export interface ClientOptions {
  /** Region of the credential secrets (IAM is global). @default the SDK's */
  readonly region?: string;
  /** A named profile of the shared AWS config files. @default the SDK's credential chain */
  readonly profile?: string;
}

/**
 * Clients with the SDK's own retries turned off (`maxAttempts: 1`): the review retries
 * through its `AwsCaller`, which counts every retry against one budget. Two retry
 * loops nested would multiply the attempts and hide the budget.
 */
export function createAccessReviewClients(options: ClientOptions = {}): AccessReviewClients {
  const config = {
    maxAttempts: 1,
    ...(options.region ? { region: options.region } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
  };
  return {
    iam: new IAMClient(config),
    sts: new STSClient(config),
    secretsManager: new SecretsManagerClient(config),
  };
}
