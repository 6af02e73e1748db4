import {
  ListSecretsCommand,
  ListSecretsCommandOutput,
  SecretListEntry,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { AwsCaller } from './aws-calls';

/**
 * The SP-API credential secrets (LWA client credentials, selling partners' refresh
 * tokens) under the environment's name prefix `<project>/<env>/`, with the dates
 * Secrets Manager keeps: last read (a day), last rotated, last changed. Only metadata
 * is read (ListSecrets); no secret value is ever fetched.
 */

/** The largest page ListSecrets serves. */
export const LIST_SECRETS_PAGE_SIZE = 100;

export interface SecretMetadata {
  readonly name: string;
  readonly arn: string;
  readonly createdDate?: Date;
  readonly lastAccessedDate?: Date;
  readonly lastRotatedDate?: Date;
  readonly lastChangedDate?: Date;
  readonly rotationEnabled: boolean;
}

/** The problem with a secret name prefix, or undefined when it is usable. */
export function secretPrefixProblem(prefix: string): string | undefined {
  if (!/^[A-Za-z0-9][A-Za-z0-9/_+=.@-]*\/$/.test(prefix)) {
    return `the secret prefix '${prefix}' must look like '<project>/<env>/': letters, digits and /_+=.@- only, ending with '/'`;
  }
  return undefined;
}

/** Every secret whose name starts with one of `prefixes` (case-sensitive, as Secrets Manager matches). */
export async function fetchCredentialSecrets(
  secretsManager: SecretsManagerClient,
  caller: AwsCaller,
  prefixes: readonly string[],
): Promise<SecretMetadata[]> {
  const found = new Map<string, SecretMetadata>();
  for (const prefix of prefixes) {
    const problem = secretPrefixProblem(prefix);
    if (problem) throw new Error(problem);
    const pages = caller.pages<ListSecretsCommandOutput>(
      'Secrets Manager ListSecrets',
      (token) =>
        secretsManager.send(
          new ListSecretsCommand({
            Filters: [{ Key: 'name', Values: [prefix] }],
            MaxResults: LIST_SECRETS_PAGE_SIZE,
            NextToken: token,
          }),
        ),
      (page) => page.NextToken || undefined,
    );
    for await (const page of pages) {
      for (const entry of page.SecretList ?? []) {
        // The filter is a prefix match; check it here too rather than trust it.
        if (!entry.Name?.startsWith(prefix) || !entry.ARN) continue;
        found.set(entry.ARN, metadataOf(entry as SecretListEntry & { Name: string; ARN: string }));
      }
    }
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function metadataOf(entry: SecretListEntry & { Name: string; ARN: string }): SecretMetadata {
  return {
    name: entry.Name,
    arn: entry.ARN,
    ...(entry.CreatedDate ? { createdDate: entry.CreatedDate } : {}),
    ...(entry.LastAccessedDate ? { lastAccessedDate: entry.LastAccessedDate } : {}),
    ...(entry.LastRotatedDate ? { lastRotatedDate: entry.LastRotatedDate } : {}),
    ...(entry.LastChangedDate ? { lastChangedDate: entry.LastChangedDate } : {}),
    rotationEnabled: entry.RotationEnabled === true,
  };
}
