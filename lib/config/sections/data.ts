import {
  DPP_MAX_PII_RETENTION_DAYS,
  DYNAMODB_TTL_DELETION_LAG_DAYS,
  maxPiiPitrRecoveryDays,
  MIN_PII_LIVE_DAYS,
  piiTableLiveDays,
} from '../../policy/bounds';
import { cite } from '../../policy/clauses';
import { ConfigPath, ConfigProblems, readEnum, readInteger, readObject } from '../reader';
import { DataConfig, TaxArchiveConfig } from '../types';

/** The `data` section: PII retention, backups, key deletion window, tax archive. */
export function readData(
  problems: ConfigProblems,
  path: ConfigPath,
  value: unknown,
): DataConfig | undefined {
  const data = readObject(problems, path, value, [
    'piiRetentionDays',
    'pitrRecoveryPeriodDays',
    'keyDeletionWindowDays',
    'taxArchive',
  ]);
  const piiRetentionDays = readInteger(
    problems,
    `${path}.piiRetentionDays`,
    data?.piiRetentionDays,
    {
      default: DPP_MAX_PII_RETENTION_DAYS,
      unit: 'days',
      min: { value: 1, source: cite('DPP 2.1') },
      max: { value: DPP_MAX_PII_RETENTION_DAYS, source: cite('DPP 2.1') },
    },
  );
  const pitrRecoveryPeriodDays = readInteger(
    problems,
    `${path}.pitrRecoveryPeriodDays`,
    data?.pitrRecoveryPeriodDays,
    {
      default: 7,
      unit: 'days',
      min: { value: 1, source: 'DynamoDB point-in-time recovery' },
      max: { value: 35, source: 'DynamoDB point-in-time recovery' },
    },
  );
  if (piiRetentionDays !== undefined && pitrRecoveryPeriodDays !== undefined) {
    if (piiTableLiveDays(piiRetentionDays, pitrRecoveryPeriodDays) < MIN_PII_LIVE_DAYS) {
      problems.error(
        `${path}.pitrRecoveryPeriodDays`,
        `${pitrRecoveryPeriodDays} days of backups plus ${DYNAMODB_TTL_DELETION_LAG_DAYS} days of TTL deletion lag leave no day of the ${piiRetentionDays}-day PII retention for live items; ${cite('DPP 2.1')} counts backups as retention. Use at most ${maxPiiPitrRecoveryDays(piiRetentionDays)} days`,
      );
    }
  }
  const keyDeletionWindowDays = readInteger(
    problems,
    `${path}.keyDeletionWindowDays`,
    data?.keyDeletionWindowDays,
    {
      default: 30,
      unit: 'days',
      min: {
        value: 7,
        source: `the KMS API (a shorter window cannot undo a mistaken ${cite('DPP 1.7')} cryptographic erase)`,
      },
      max: { value: 30, source: 'the KMS API' },
    },
  );
  const taxArchive = readTaxArchive(problems, `${path}.taxArchive`, data?.taxArchive ?? {});
  if (
    !data ||
    piiRetentionDays === undefined ||
    pitrRecoveryPeriodDays === undefined ||
    keyDeletionWindowDays === undefined ||
    taxArchive === undefined ||
    piiTableLiveDays(piiRetentionDays, pitrRecoveryPeriodDays) < MIN_PII_LIVE_DAYS
  ) {
    return undefined;
  }
  return { piiRetentionDays, pitrRecoveryPeriodDays, keyDeletionWindowDays, taxArchive };
}

function readTaxArchive(
  problems: ConfigProblems,
  path: ConfigPath,
  value: unknown,
): TaxArchiveConfig | undefined {
  const archive = readObject(problems, path, value, ['retentionYears', 'objectLockMode']);
  const retentionYears = readInteger(problems, `${path}.retentionYears`, archive?.retentionYears, {
    default: 10,
    unit: 'years',
    min: {
      value: 1,
      source: `${cite('DPP 2.1')} (an archive is kept only because law requires it, so it has a legal period)`,
    },
    // Object Lock holds at most 100 years of 365 days; the archive counts leap days.
    max: { value: 99, source: 'S3 Object Lock (at most 100 years of 365 days)' },
  });
  const objectLockMode = readEnum(
    problems,
    `${path}.objectLockMode`,
    archive?.objectLockMode,
    ['COMPLIANCE', 'GOVERNANCE'],
    {
      default: 'COMPLIANCE',
    },
  );
  if (!archive || retentionYears === undefined || objectLockMode === undefined) return undefined;
  return { retentionYears, objectLockMode };
}
