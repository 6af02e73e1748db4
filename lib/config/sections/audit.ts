import {
  BASELINE_PROD_LOG_RETENTION_DAYS,
  CLOUDWATCH_RETENTION_DAYS,
  DPP_MIN_LOG_RETENTION_DAYS,
} from '../../policy/bounds';
import { cite } from '../../policy/clauses';
import { ACCOUNT_LEVEL_OWNERSHIPS } from '../../policy/account-level';
import { SectionContext } from '../environments';
import { acrossFields, choice, fields, flag, list, text, tooMany, wholeNumber } from '../fields';

/** An e-mail address, loosely: SNS confirms a subscription by mail anyway. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[A-Za-z]{2,}$/;
const MAX_SUBSCRIPTIONS = 20;

function alarms() {
  const threshold = (description: string, unit: string, max: number, fallback: number) =>
    wholeNumber({
      description,
      unit,
      min: { value: 1, source: 'CloudWatch alarms' },
      max: {
        value: max,
        source: `this baseline (a higher threshold would hide the attempts ${cite('DPP 2.6')} asks to alarm on)`,
        baseline: true,
      },
    }).default(fallback);
  return fields(
    {
      subscriptions: list(
        text({
          description: 'An e-mail address that receives the security alarms.',
          pattern: EMAIL,
          expected: 'an e-mail address',
        }),
        {
          description:
            'E-mail addresses subscribed to the security alarm topic (each confirms by mail). Without one, nobody is told of an alarm: prod without any is warned about.',
          maxItems: MAX_SUBSCRIPTIONS,
          countProblem: (count) =>
            tooMany(
              count,
              'addresses',
              MAX_SUBSCRIPTIONS,
              'each is a subscription resource of the stack; subscribe a mailing list to reach more people',
            ),
        },
      ).default([]),
      unauthorizedCallThreshold: threshold(
        'AccessDenied or UnauthorizedOperation calls in five minutes that raise the "multiple unauthorized calls" alarm.',
        'calls',
        100,
        5,
      ),
      signInFailureThreshold: threshold(
        `Failed console sign-ins in five minutes that raise the account lockout alarm (${cite('DPP 1.2')}).`,
        'sign-ins',
        20,
        3,
      ),
      anomalyBandWidth: threshold(
        'Width, in standard deviations, of the expected band of PII data retrieval; reads above it alarm.',
        'standard deviations',
        10,
        3,
      ),
    },
    { description: `Security alarms (${cite('DPP 2.6')}).` },
  ).prefault({});
}

function threatDetection(isProd: boolean) {
  const service = (name: string, why: string) =>
    flag({ description: `Whether ${name} is on (${why}).` });
  return fields(
    {
      ownership: choice(ACCOUNT_LEVEL_OWNERSHIPS, {
        description:
          "Who enables GuardDuty, Macie and Inspector, which exist once per account and region: this environment's stack, another environment in the same account and region, or something outside the baseline (a delegated administrator). Findings reach this environment's topic whoever owns them.",
      }).default('this-environment'),
      guardDuty: service(
        'GuardDuty with S3 protection',
        `threat detection, ${cite('DPP 2.6')}`,
      ).default(true),
      macie: service(
        'Macie automated sensitive data discovery',
        `PII found outside its protected boundary, ${cite('DPP 2.6')}; on by default in prod`,
      ).default(isProd),
      inspector: service(
        "Inspector scanning of the baseline's functions",
        `${cite('DPP 2.7')}; on by default in prod`,
      ).default(isProd),
    },
    { description: `Threat detection (${cite('DPP 2.6')}, ${cite('DPP 2.7')}).` },
  )
    .check(
      // The DPP pack requires the environment's detector (GuardDutyEnabled): refuse early.
      acrossFields(['ownership', 'guardDuty'], ({ ownership, guardDuty }, report) => {
        if (ownership === 'this-environment' && !guardDuty) {
          report(
            ['guardDuty'],
            `false is not allowed while ownership is 'this-environment': this environment owns the account's GuardDuty detector, which ${cite('DPP 2.6')} threat detection needs; set ownership to 'another-environment' or 'outside-baseline' where another owns it`,
          );
        }
      }),
    )
    .prefault({});
}

/** The `audit` section: log retention, the trail, alarms, threat detection. */
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
      trail: fields(
        {
          objectLockMode: choice(['COMPLIANCE', 'GOVERNANCE'], {
            description: `Object Lock mode of the trail bucket: COMPLIANCE (nobody can shorten the retention, ${cite('DPP 2.6')} "tampering") or GOVERNANCE (principals with s3:BypassGovernanceRetention can, for test).`,
          }).default(isProd ? 'COMPLIANCE' : 'GOVERNANCE'),
        },
        { description: `The CloudTrail trail and its locked bucket (${cite('DPP 2.6')}).` },
      ).prefault({}),
      alarms: alarms(),
      threatDetection: threatDetection(isProd),
    },
    { description: `Audit logs (${cite('DPP 2.6')}).` },
  ).prefault({});
}
