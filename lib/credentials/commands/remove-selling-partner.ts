import {
  DeleteSecretCommand,
  DescribeSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import {
  COMMON_OPTIONS,
  COMMON_USAGE,
  CommandIo,
  EXIT_OK,
  UsageError,
  environmentOption,
  parseCommandLine,
  sellingPartnerOption,
  runWithExitCode,
  stackNameOf,
} from './io';
import { readCredentialsOutputs } from './outputs';

/** Secrets Manager keeps a deleted secret restorable for 7 to 30 days. */
export const MIN_RECOVERY_DAYS = 7;
export const MAX_RECOVERY_DAYS = 30;

export const REMOVE_SELLING_PARTNER_USAGE = `Schedules deletion of a selling partner's refresh-token secret, so that the application can
no longer act for the partner (DPP 1.7 Request for Deletion or Return; AUP 3.4). Secrets
Manager deletes it for good after the recovery window; until then it can be restored and
nobody can read it. A dry run unless --confirm repeats the selling partner id.

Usage:
  npm run remove-selling-partner -- --env <test|prod> --selling-partner-id <id>
    [--recovery-days ${MIN_RECOVERY_DAYS}-${MAX_RECOVERY_DAYS}] [--confirm <the same id>] [--stack-name <name>] [--config <file>]

Options:
  --selling-partner-id  the selling partner
  --recovery-days       days before the secret is deleted for good (default ${MIN_RECOVERY_DAYS})
  --confirm             repeat the selling partner id to schedule the deletion for real
${COMMON_USAGE}

Runbook: docs/runbooks/deletion-request.md.`;

export type RemoveOutcome = 'not-found' | 'already-scheduled' | 'would-schedule' | 'scheduled';

export interface RemoveSellingPartnerResult {
  readonly secretName: string;
  readonly outcome: RemoveOutcome;
  readonly deletionDate?: Date;
}

export async function removeSellingPartner(
  secrets: SecretsManagerClient,
  secretName: string,
  options: { recoveryDays: number; dryRun: boolean },
): Promise<RemoveSellingPartnerResult> {
  let described;
  try {
    described = await secrets.send(new DescribeSecretCommand({ SecretId: secretName }));
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceNotFoundException') {
      return { secretName, outcome: 'not-found' };
    }
    throw error;
  }
  if (described.DeletedDate) {
    return { secretName, outcome: 'already-scheduled', deletionDate: described.DeletedDate };
  }
  if (options.dryRun) return { secretName, outcome: 'would-schedule' };
  const deleted = await secrets.send(
    new DeleteSecretCommand({
      SecretId: described.ARN,
      RecoveryWindowInDays: options.recoveryDays,
    }),
  );
  return {
    secretName,
    outcome: 'scheduled',
    ...(deleted.DeletionDate ? { deletionDate: deleted.DeletionDate } : {}),
  };
}

const OPTIONS = {
  ...COMMON_OPTIONS,
  'selling-partner-id': { type: 'string' },
  'recovery-days': { type: 'string' },
  confirm: { type: 'string' },
} as const;

function recoveryDaysOption(value: string | boolean | undefined): number {
  if (value === undefined) return MIN_RECOVERY_DAYS;
  const days = Number(value);
  if (!Number.isInteger(days) || days < MIN_RECOVERY_DAYS || days > MAX_RECOVERY_DAYS) {
    throw new UsageError(
      `--recovery-days must be a whole number from ${MIN_RECOVERY_DAYS} to ${MAX_RECOVERY_DAYS}, not ${String(value)}`,
    );
  }
  return days;
}

/** `npm run remove-selling-partner`. */
export function runRemoveSellingPartner(argv: readonly string[], io: CommandIo): Promise<number> {
  return runWithExitCode(io, REMOVE_SELLING_PARTNER_USAGE, async () => {
    const values = parseCommandLine(argv, OPTIONS);
    if (values.help) {
      io.out(REMOVE_SELLING_PARTNER_USAGE);
      return EXIT_OK;
    }
    const env = environmentOption(values.env);
    const sellingPartnerId = sellingPartnerOption(values['selling-partner-id']);
    if (values.confirm !== undefined && values.confirm !== sellingPartnerId) {
      throw new UsageError(
        `--confirm ${String(values.confirm)} does not match --selling-partner-id ${sellingPartnerId}; nothing was scheduled`,
      );
    }
    const recoveryDays = recoveryDaysOption(values['recovery-days']);
    const target = io.environment(env, values.config as string | undefined);
    const clients = io.createClients(target.region);
    const outputs = await readCredentialsOutputs(
      clients.cloudformation,
      stackNameOf(target, values['stack-name']),
      target.account,
    );
    const result = await removeSellingPartner(
      clients.secrets,
      `${outputs.sellingPartnerSecretPrefix}${sellingPartnerId}`,
      { recoveryDays, dryRun: values.confirm === undefined },
    );
    const when = result.deletionDate?.toISOString();
    io.out(
      {
        'not-found': `No secret ${result.secretName}: nothing to remove for ${sellingPartnerId}.`,
        'already-scheduled': `${result.secretName} is already scheduled for deletion on ${when}.`,
        'would-schedule': `Dry run: ${result.secretName} would be scheduled for deletion in ${recoveryDays} days. Repeat with --confirm ${sellingPartnerId} to do it.`,
        scheduled: `Scheduled ${result.secretName} for deletion on ${when} (recovery window ${recoveryDays} days); nobody can read it meanwhile.`,
      }[result.outcome],
    );
    if (result.outcome === 'scheduled' || result.outcome === 'would-schedule') {
      io.out(
        'The refresh token stays valid at Amazon until the selling partner revokes the authorization (Seller Central, Manage Your Apps); record that in the request.',
      );
    }
    return EXIT_OK;
  });
}
