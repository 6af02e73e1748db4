import { randomUUID } from 'crypto';
import {
  DescribeSecretCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UntagResourceCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { PENDING, ROTATION_REQUESTED_AT_TAG, rotationStateOf } from '../rotation-state';
import { clientIdProblem, clientSecretProblem, formatLwaCredentials } from '../secret-values';
import { readSecretLines } from './input';
import {
  COMMON_OPTIONS,
  COMMON_USAGE,
  CommandIo,
  EXIT_OK,
  UsageError,
  environmentOption,
  parseCommandLine,
  runWithExitCode,
  stackNameOf,
} from './io';
import { readCredentialsOutputs } from './outputs';

export const PUT_LWA_CREDENTIALS_USAGE = `Puts the application's LWA client credentials into the environment's secret (DPP 2.5, AUP 3.1).
The client id and client secret are read from standard input, never from the command line:
at a terminal you are asked for each and nothing you type is shown; from a pipe, the first
two lines are the client id and the client secret.

Usage:
  npm run put-lwa-credentials -- --env <test|prod> [--stack-name <name>] [--config <file>]

Options:
${COMMON_USAGE}

Run it with the credentials admin role (stack output SpApiCredentialsAdminRoleArn), which
can write the secret but not read it. The value is never printed. See docs/credentials.md.`;

/** What a run did, for the summary and for tests. */
export interface PutLwaCredentialsResult {
  readonly secretArn: string;
  readonly versionId: string;
  readonly clientId: string;
  /** The pending version the command took the label off, if a rotation was stuck. */
  readonly clearedPendingVersionId?: string;
  readonly clearedRequestRecord: boolean;
}

/**
 * Writes `{ clientId, clientSecret }` as the new current version of the LWA secret, and
 * resets any rotation in progress, whose staged secret the new credentials supersede.
 */
export async function putLwaCredentials(
  secrets: SecretsManagerClient,
  secretArn: string,
  credentials: { clientId: string; clientSecret: string },
): Promise<PutLwaCredentialsResult> {
  const problems = [
    clientIdProblem(credentials.clientId),
    clientSecretProblem(credentials.clientSecret),
  ].filter((p): p is string => p !== undefined);
  if (problems.length > 0) throw new UsageError(`nothing was written: ${problems.join('; ')}`);
  const put = await secrets.send(
    new PutSecretValueCommand({
      SecretId: secretArn,
      SecretString: formatLwaCredentials(credentials),
      ClientRequestToken: randomUUID(),
    }),
  );
  const versionId = put.VersionId!;
  const described = await secrets.send(new DescribeSecretCommand({ SecretId: secretArn }));
  const state = rotationStateOf(described);
  if (state.pendingVersionId && state.pendingVersionId !== versionId) {
    await secrets.send(
      new UpdateSecretVersionStageCommand({
        SecretId: secretArn,
        VersionStage: PENDING,
        RemoveFromVersionId: state.pendingVersionId,
      }),
    );
  }
  const tagged = described.Tags?.some((t) => t.Key === ROTATION_REQUESTED_AT_TAG) ?? false;
  if (tagged) {
    await secrets.send(
      new UntagResourceCommand({ SecretId: secretArn, TagKeys: [ROTATION_REQUESTED_AT_TAG] }),
    );
  }
  return {
    secretArn,
    versionId,
    clientId: credentials.clientId,
    ...(state.pendingVersionId && state.pendingVersionId !== versionId
      ? { clearedPendingVersionId: state.pendingVersionId }
      : {}),
    clearedRequestRecord: tagged,
  };
}

/** `npm run put-lwa-credentials`: parses the command line, reads stdin, writes, reports. */
export function runPutLwaCredentials(argv: readonly string[], io: CommandIo): Promise<number> {
  return runWithExitCode(io, PUT_LWA_CREDENTIALS_USAGE, async () => {
    const values = parseCommandLine(argv, COMMON_OPTIONS);
    if (values.help) {
      io.out(PUT_LWA_CREDENTIALS_USAGE);
      return EXIT_OK;
    }
    const target = io.environment(
      environmentOption(values.env),
      values.config as string | undefined,
    );
    const [clientId, clientSecret] = await readSecretLines(
      io.stdin,
      ['LWA client id: ', 'LWA client secret: '],
      io.err,
    );
    const clients = io.createClients(target.region);
    const stackName = stackNameOf(target, values['stack-name']);
    const outputs = await readCredentialsOutputs(clients.cloudformation, stackName, target.account);
    const result = await putLwaCredentials(clients.secrets, outputs.lwaSecretArn, {
      clientId,
      clientSecret,
    });
    io.out(
      [
        `Put the LWA client credentials of ${target.projectName} ${target.environmentName} (client id ${result.clientId}; the secret is not shown).`,
        `  secret:     ${result.secretArn}`,
        `  version:    ${result.versionId}, now AWSCURRENT`,
        `  encrypted:  with ${outputs.credentialsKeyArn}`,
        `  readable:   only by the roles its resource policy names, through ${outputs.secretsManagerEndpointId}`,
        ...(result.clearedPendingVersionId
          ? [
              `  rotation:   the pending version ${result.clearedPendingVersionId} is superseded and no longer staged`,
            ]
          : []),
        ...(result.clearedRequestRecord
          ? ['  rotation:   the record of a pending request to Amazon is cleared']
          : []),
        'Next, once per environment: subscribe the notification queues (docs/credentials.md, "Subscribe to the notifications").',
      ].join('\n'),
    );
    return EXIT_OK;
  });
}
