/**
 * Where the SP-API credentials live, by name. The construct, its functions and the
 * commands all derive names from here, so that a secret a command creates is one the
 * stack's grants and policies already cover.
 */

/** The application's LWA client credentials of an environment: `<project>/<env>/lwa-credentials`. */
export function lwaCredentialsSecretName(projectName: string, environmentName: string): string {
  return `${projectName}/${environmentName}/lwa-credentials`;
}

/** The prefix of every selling partner's refresh-token secret: `<project>/<env>/selling-partners/`. */
export function sellingPartnerSecretPrefix(projectName: string, environmentName: string): string {
  return `${projectName}/${environmentName}/selling-partners/`;
}

/** One selling partner's secret: `<project>/<env>/selling-partners/<sellingPartnerId>`. */
export function sellingPartnerSecretName(
  projectName: string,
  environmentName: string,
  sellingPartnerId: string,
): string {
  return `${sellingPartnerSecretPrefix(projectName, environmentName)}${sellingPartnerId}`;
}

/**
 * The stack outputs the commands read. The construct gives its outputs these logical
 * ids, so there is one credentials construct per stack.
 */
export const CREDENTIALS_OUTPUTS = {
  lwaSecretArn: 'SpApiLwaCredentialsSecretArn',
  sellingPartnerSecretPrefix: 'SpApiSellingPartnerSecretPrefix',
  sellingPartnerSecretReaderArns: 'SpApiSellingPartnerSecretReaderArns',
  credentialsKeyArn: 'SpApiCredentialsKeyArn',
  secretsManagerEndpointId: 'SpApiSecretsManagerEndpointId',
  adminRoleArn: 'SpApiCredentialsAdminRoleArn',
  newSecretQueueArn: 'SpApiNewClientSecretQueueArn',
  secretExpiryQueueArn: 'SpApiClientSecretExpiryQueueArn',
} as const;

/** What an output says when no role has been granted reads of selling-partner secrets. */
export const NO_READERS = 'none';

/** The tag naming the selling partner a secret belongs to. */
export const SELLING_PARTNER_ID_TAG = 'SellingPartnerId';
