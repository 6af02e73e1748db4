import { randomUUID } from 'crypto';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  DescribeSecretCommandOutput,
  PutResourcePolicyCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  TagResourceCommand,
} from '@aws-sdk/client-secrets-manager';
import { DATA_CLASSIFICATION_TAG } from '../../policy/classification';
import { SELLING_PARTNER_ID_TAG } from '../names';
import { secretResourcePolicy } from '../resource-policy';
import { formatSellingPartnerSecret, refreshTokenProblem } from '../secret-values';
import { readSecretLines } from './input';
import {
  COMMON_OPTIONS,
  COMMON_USAGE,
  CommandIo,
  EXIT_FAILED,
  EXIT_OK,
  EnvironmentTarget,
  UsageError,
  environmentOption,
  parseCommandLine,
  sellingPartnerOption,
  runWithExitCode,
  stackNameOf,
} from './io';
import { CredentialsOutputs, readCredentialsOutputs } from './outputs';

export const ADD_SELLING_PARTNER_USAGE = `Stores a selling partner's LWA refresh token in its own secret (DPP 2.5, AUP 3.1):
<project>/<env>/selling-partners/<id>, encrypted with the credentials key, tagged, with the
resource policy that lets only the granted roles read it, through the VPC endpoint only.
Run it again to store a new token after the partner re-authorizes, or to apply the
current list of readers. The refresh token is read from standard input (hidden at a
terminal; the first line from a pipe), never from the command line.

Usage:
  npm run add-selling-partner -- --env <test|prod> --selling-partner-id <id>
    [--stack-name <name>] [--config <file>]

Options:
  --selling-partner-id  the selling partner (letters, digits, . _ -)
${COMMON_USAGE}

Run it with the credentials admin role (stack output SpApiCredentialsAdminRoleArn).`;

export interface AddSellingPartnerResult {
  readonly secretName: string;
  readonly secretArn: string;
  readonly versionId: string;
  readonly created: boolean;
  readonly readers: readonly string[];
}

/** A secret the command will not touch (scheduled for deletion, or under another key). */
export class SellingPartnerSecretError extends Error {
  override name = 'SellingPartnerSecretError';
}

async function describeIfExists(secrets: SecretsManagerClient, name: string) {
  try {
    return await secrets.send(new DescribeSecretCommand({ SecretId: name }));
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

/** Whether a secret's key (an id or ARN) is the credentials key. */
function sameKey(keyId: string | undefined, keyArn: string): boolean {
  return keyId !== undefined && (keyId === keyArn || keyArn.endsWith(`/${keyId}`));
}

/**
 * Creates or updates a selling partner's secret. A new secret is created empty, given
 * its resource policy, and only then given the token, so that the value never exists
 * without the policy.
 */
export async function addSellingPartner(
  secrets: SecretsManagerClient,
  target: EnvironmentTarget,
  outputs: CredentialsOutputs,
  sellingPartnerId: string,
  refreshToken: string,
): Promise<AddSellingPartnerResult> {
  sellingPartnerOption(sellingPartnerId);
  const tokenProblem = refreshTokenProblem(refreshToken);
  if (tokenProblem) throw new UsageError(`nothing was written: ${tokenProblem}`);
  const secretName = `${outputs.sellingPartnerSecretPrefix}${sellingPartnerId}`;
  const tags = [
    { Key: 'Project', Value: target.projectName },
    { Key: 'Environment', Value: target.environmentName },
    { Key: SELLING_PARTNER_ID_TAG, Value: sellingPartnerId },
    { Key: DATA_CLASSIFICATION_TAG, Value: 'confidential' },
  ];
  let existing: DescribeSecretCommandOutput | undefined = await describeIfExists(
    secrets,
    secretName,
  );
  if (existing?.DeletedDate) {
    throw new SellingPartnerSecretError(
      `${secretName} is scheduled for deletion on ${existing.DeletedDate.toISOString()}; restore it first (aws secretsmanager restore-secret --secret-id ${existing.ARN}) or wait until it is deleted`,
    );
  }
  if (existing && !sameKey(existing.KmsKeyId, outputs.credentialsKeyArn)) {
    throw new SellingPartnerSecretError(
      `${secretName} is encrypted with ${existing.KmsKeyId ?? 'the AWS-managed key'}, not the credentials key; delete it and add the partner again`,
    );
  }
  const created = existing === undefined;
  if (!existing) {
    await secrets.send(
      new CreateSecretCommand({
        Name: secretName,
        Description: `LWA refresh token of selling partner ${sellingPartnerId} (${target.environmentName})`,
        KmsKeyId: outputs.credentialsKeyArn,
        Tags: tags,
      }),
    );
    existing = await secrets.send(new DescribeSecretCommand({ SecretId: secretName }));
  } else {
    await secrets.send(new TagResourceCommand({ SecretId: existing.ARN, Tags: tags }));
  }
  const secretArn = existing.ARN!;
  await secrets.send(
    new PutResourcePolicyCommand({
      SecretId: secretArn,
      BlockPublicPolicy: true,
      ResourcePolicy: JSON.stringify(
        secretResourcePolicy({
          readerArns: outputs.sellingPartnerSecretReaderArns,
          secretsManagerEndpointId: outputs.secretsManagerEndpointId,
        }),
      ),
    }),
  );
  const put = await secrets.send(
    new PutSecretValueCommand({
      SecretId: secretArn,
      SecretString: formatSellingPartnerSecret(refreshToken),
      ClientRequestToken: randomUUID(),
    }),
  );
  return {
    secretName,
    secretArn,
    versionId: put.VersionId!,
    created,
    readers: outputs.sellingPartnerSecretReaderArns,
  };
}

const OPTIONS = { ...COMMON_OPTIONS, 'selling-partner-id': { type: 'string' } } as const;

/** `npm run add-selling-partner`. */
export function runAddSellingPartner(argv: readonly string[], io: CommandIo): Promise<number> {
  return runWithExitCode(io, ADD_SELLING_PARTNER_USAGE, async () => {
    const values = parseCommandLine(argv, OPTIONS);
    if (values.help) {
      io.out(ADD_SELLING_PARTNER_USAGE);
      return EXIT_OK;
    }
    const env = environmentOption(values.env);
    const sellingPartnerId = sellingPartnerOption(values['selling-partner-id']);
    const target = io.environment(env, values.config as string | undefined);
    const [refreshToken] = await readSecretLines(
      io.stdin,
      [`LWA refresh token of ${sellingPartnerId}: `],
      io.err,
    );
    const clients = io.createClients(target.region);
    const outputs = await readCredentialsOutputs(
      clients.cloudformation,
      stackNameOf(target, values['stack-name']),
      target.account,
    );
    let result: AddSellingPartnerResult;
    try {
      result = await addSellingPartner(
        clients.secrets,
        target,
        outputs,
        sellingPartnerId,
        refreshToken,
      );
    } catch (error) {
      if (!(error instanceof SellingPartnerSecretError)) throw error;
      io.err(`Nothing was written: ${error.message}`);
      return EXIT_FAILED;
    }
    io.out(
      [
        `${result.created ? 'Added' : 'Updated'} selling partner ${sellingPartnerId} in ${target.projectName} ${target.environmentName} (the refresh token is not shown).`,
        `  secret:     ${result.secretName}`,
        `              ${result.secretArn}`,
        `  version:    ${result.versionId}, now AWSCURRENT`,
        `  encrypted:  with ${outputs.credentialsKeyArn}`,
        `  readable:   ${result.readers.length > 0 ? `only by ${result.readers.join(', ')}` : 'by nobody yet: no role is granted reads of selling-partner secrets'}, through ${outputs.secretsManagerEndpointId} only`,
        `  tags:       Project, Environment, ${SELLING_PARTNER_ID_TAG}, ${DATA_CLASSIFICATION_TAG}=confidential`,
      ].join('\n'),
    );
    return EXIT_OK;
  });
}
