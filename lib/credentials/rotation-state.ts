import {
  DescribeSecretCommandOutput,
  SecretVersionsListEntry,
} from '@aws-sdk/client-secrets-manager';

/**
 * Where an LWA client-secret rotation stands, read from the secret's own metadata
 * (never its value), so that the rotation function, the notification consumer and the
 * commands agree without a store of their own.
 *
 * - Secrets Manager's staging labels: `AWSCURRENT` is the secret in use; `AWSPENDING`
 *   is the one under test, which is not in use until the rotation finishes.
 * - A tag records when Amazon was last asked for a new secret, so that a retried step
 *   does not ask again (the operation allows about one call a minute, and each call
 *   issues another secret).
 * - `LastRotatedDate`, which Secrets Manager sets when a rotation finishes, is the
 *   evidence of rotation (DPP 1.4, DUP 3.4; read by the access review for AUP 3.5).
 */

export const CURRENT = 'AWSCURRENT';
export const PENDING = 'AWSPENDING';

/** The tag recording when Amazon was last asked for a new client secret (ISO 8601). */
export const ROTATION_REQUESTED_AT_TAG = 'SpApiClientSecretRequestedAt';

export interface RotationState {
  readonly rotationEnabled: boolean;
  readonly currentVersionId?: string;
  /** A version staged `AWSPENDING` that is not the current one: a rotation under way or stuck. */
  readonly pendingVersionId?: string;
  /** When Amazon was last asked for a new secret, if that ask is not yet answered by a rotation. */
  readonly requestedAt?: Date;
  /** When a rotation last finished, or else when the secret was created. */
  readonly lastRotatedAt?: Date;
}

/** The state of a rotation from `DescribeSecret`. */
export function rotationStateOf(described: DescribeSecretCommandOutput): RotationState {
  const stages = described.VersionIdsToStages ?? {};
  const versionWith = (label: string) =>
    Object.entries(stages).find(([, labels]) => labels.includes(label))?.[0];
  const currentVersionId = versionWith(CURRENT);
  const pending = versionWith(PENDING);
  const lastRotatedAt = described.LastRotatedDate ?? described.CreatedDate;
  const tag = described.Tags?.find((t) => t.Key === ROTATION_REQUESTED_AT_TAG)?.Value;
  const requested = tag === undefined ? undefined : new Date(tag);
  const requestedAt =
    requested && !Number.isNaN(requested.getTime()) && !(lastRotatedAt && requested < lastRotatedAt)
      ? requested
      : undefined;
  return {
    rotationEnabled: described.RotationEnabled === true,
    ...(currentVersionId ? { currentVersionId } : {}),
    ...(pending && pending !== currentVersionId ? { pendingVersionId: pending } : {}),
    ...(requestedAt ? { requestedAt } : {}),
    ...(lastRotatedAt ? { lastRotatedAt } : {}),
  };
}

/** The entry of a version in `ListSecretVersionIds`, if listed. */
export function versionEntry(
  versions: readonly SecretVersionsListEntry[] | undefined,
  versionId: string,
): SecretVersionsListEntry | undefined {
  return versions?.find((v) => v.VersionId === versionId);
}
