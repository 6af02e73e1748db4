/**
 * Which environment an account is, and so which SP-API credential secrets and region
 * the review reads. The command reads the caller's account first and matches it
 * against the environments of the config, so a profile for the wrong account cannot
 * review (or lock out users of) an environment it is not.
 */

/** An environment as the config describes it. */
export interface EnvironmentRef {
  readonly name: string;
  readonly account: string;
  readonly region: string;
}

export interface TargetRequest {
  /** The environment asked for (`--env`); it must be the caller's account. */
  readonly environment?: string;
  /** Prefixes given explicitly (`--secret-prefix`), instead of `<project>/<env>/`. */
  readonly secretPrefixes?: readonly string[];
  /** Region given explicitly (`--region`). */
  readonly region?: string;
}

export interface ReviewTarget {
  /** The environment name(s) reviewed, for the report: `prod`, or `test, prod` for a shared account. */
  readonly environment?: string;
  readonly secretPrefixes: readonly string[];
  /** Region of the credential secrets; undefined: the SDK's. */
  readonly region?: string;
}

/** The account and the request do not fit together; nothing is reviewed. */
export class ReviewTargetError extends Error {
  override name = 'ReviewTargetError';
}

/** The SP-API credential secrets' name prefix of an environment. */
export function credentialSecretPrefix(projectName: string, environment: string): string {
  return `${projectName}/${environment}/`;
}

export function reviewTarget(
  accountId: string,
  projectName: string,
  environments: readonly EnvironmentRef[],
  request: TargetRequest,
): ReviewTarget {
  const matching = environmentsFor(accountId, environments, request.environment);
  const explicit = request.secretPrefixes ?? [];
  if (matching.length === 0 && explicit.length === 0) {
    const known = environments.map((e) => `${e.name} (${e.account})`).join(', ');
    throw new ReviewTargetError(
      `account ${accountId} is not an environment of the config (${known}); pass --env for a configured account, or --secret-prefix to review this account anyway`,
    );
  }
  const regions = [...new Set(matching.map((e) => e.region))];
  if (request.region === undefined && regions.length > 1) {
    throw new ReviewTargetError(
      `the environments of account ${accountId} are in ${regions.join(' and ')}; pass --env or --region`,
    );
  }
  const region = request.region ?? regions[0];
  const names = matching.map((e) => e.name).join(', ');
  return {
    ...(names ? { environment: names } : {}),
    secretPrefixes:
      explicit.length > 0
        ? explicit
        : matching.map((e) => credentialSecretPrefix(projectName, e.name)),
    ...(region ? { region } : {}),
  };
}

function environmentsFor(
  accountId: string,
  environments: readonly EnvironmentRef[],
  requested: string | undefined,
): EnvironmentRef[] {
  if (requested === undefined) return environments.filter((e) => e.account === accountId);
  const env = environments.find((e) => e.name === requested);
  if (!env) {
    throw new ReviewTargetError(
      `--env ${requested} is not an environment of the config (${environments.map((e) => e.name).join(', ')})`,
    );
  }
  if (env.account !== accountId) {
    throw new ReviewTargetError(
      `--env ${requested} is account ${env.account}, but the credentials are for account ${accountId}; nothing was reviewed`,
    );
  }
  return [env];
}
