import { cite } from '../../clauses/catalogue';
import { ConfigPath, ConfigProblems, readInteger, readObject } from '../reader';
import { AuditConfig } from '../types';

/** The log retention floor of DPP 2.6. */
export const DPP_MIN_LOG_RETENTION_DAYS = 90;
/** This baseline keeps prod logs a year, so a Security Incident found late can still be traced. */
export const BASELINE_PROD_LOG_RETENTION_DAYS = 365;
/** Retention values CloudWatch Logs accepts. */
export const CLOUDWATCH_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;

/** The `audit` section: log retention. */
export function readAudit(
  problems: ConfigProblems,
  path: ConfigPath,
  value: unknown,
  isProd: boolean,
): AuditConfig | undefined {
  const audit = readObject(problems, path, value, ['logRetentionDays']);
  const logRetentionDays = readInteger(
    problems,
    `${path}.logRetentionDays`,
    audit?.logRetentionDays,
    {
      default: BASELINE_PROD_LOG_RETENTION_DAYS,
      unit: 'days',
      min: isProd
        ? { value: BASELINE_PROD_LOG_RETENTION_DAYS, source: cite('DPP 2.6'), baseline: true }
        : { value: DPP_MIN_LOG_RETENTION_DAYS, source: cite('DPP 2.6') },
    },
  );
  if (
    logRetentionDays !== undefined &&
    !(CLOUDWATCH_RETENTION_DAYS as readonly number[]).includes(logRetentionDays)
  ) {
    const allowed = CLOUDWATCH_RETENTION_DAYS.filter((d) => d >= DPP_MIN_LOG_RETENTION_DAYS).join(
      ', ',
    );
    problems.error(
      `${path}.logRetentionDays`,
      `${logRetentionDays} is not a retention CloudWatch Logs accepts (${allowed})`,
    );
    return undefined;
  }
  return logRetentionDays === undefined ? undefined : { logRetentionDays };
}
