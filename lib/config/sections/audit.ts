import {
  BASELINE_PROD_LOG_RETENTION_DAYS,
  CLOUDWATCH_RETENTION_DAYS,
  DPP_MIN_LOG_RETENTION_DAYS,
} from '../../policy/bounds';
import { cite } from '../../policy/clauses';
import { SectionContext } from '../environments';
import { fields, wholeNumber } from '../fields';

/** The `audit` section: log retention. */
export function auditSection({ isProd }: SectionContext) {
  return fields(
    {
      logRetentionDays: wholeNumber({
        description: `Retention of every log group (flow logs, firewall logs) and of S3 access logs. ${cite('DPP 2.6')} requires at least ${DPP_MIN_LOG_RETENTION_DAYS} days; this baseline keeps prod logs at least ${BASELINE_PROD_LOG_RETENTION_DAYS}, so that an incident found late can still be traced.`,
        unit: 'days',
        min: isProd
          ? { value: BASELINE_PROD_LOG_RETENTION_DAYS, source: cite('DPP 2.6'), baseline: true }
          : { value: DPP_MIN_LOG_RETENTION_DAYS, source: cite('DPP 2.6') },
        oneOf: {
          values: CLOUDWATCH_RETENTION_DAYS,
          acceptedBy: 'a retention CloudWatch Logs accepts',
        },
      }).default(BASELINE_PROD_LOG_RETENTION_DAYS),
    },
    { description: `Audit logs (${cite('DPP 2.6')}).` },
  ).prefault({});
}
