import {
  BASELINE_PROD_LOG_RETENTION_DAYS,
  CLOUDWATCH_RETENTION_DAYS,
  DPP_MIN_LOG_RETENTION_DAYS,
} from '../../policy/bounds';
import { cite } from '../../policy/clauses';
import { ConfigPath, ConfigProblems, readInteger, readObject } from '../reader';
import { AuditConfig } from '../types';

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
