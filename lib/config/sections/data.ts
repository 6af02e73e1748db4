import {
  DPP_MAX_PII_RETENTION_DAYS,
  DYNAMODB_PITR_RECOVERY_DAYS,
  DYNAMODB_TTL_DELETION_LAG_DAYS,
  maxPiiPitrRecoveryDays,
} from '../../policy/bounds';
import { cite } from '../../policy/clauses';
import { SectionContext } from '../environments';
import { acrossFields, choice, fields, flag, list, text, tooMany, wholeNumber } from '../fields';

const PITR = 'DynamoDB point-in-time recovery';
const MAX_KEY_ADMINISTRATORS = 10;

function taxArchive() {
  return fields(
    {
      retentionYears: wholeNumber({
        description: `Years that law requires tax records to be kept (${cite('DPP 2.1')} allows archival copies for tax purposes); S3 Object Lock holds each record that long, counting leap days.`,
        unit: 'years',
        min: {
          value: 1,
          source: `${cite('DPP 2.1')} (an archive is kept only because law requires it, so it has a legal period)`,
        },
        // Object Lock holds at most 100 years of 365 days; the archive counts leap days.
        max: { value: 99, source: 'S3 Object Lock (at most 100 years of 365 days)' },
      }).default(10),
      objectLockMode: choice(['COMPLIANCE', 'GOVERNANCE'], {
        description:
          'S3 Object Lock mode of the archive: COMPLIANCE (nobody, not even the root user, can shorten it) or GOVERNANCE (principals with s3:BypassGovernanceRetention can).',
      }).default('COMPLIANCE'),
      readerOutsideVpc: flag({
        description: `Whether the archive's readers (the tax officer) may restore and read it from outside the VPC: a tax authority's request is served by a person with MFA, and the baseline has no host inside the VPC to do it from. Set false once such a host exists (${cite('DPP 2.3')}).`,
      }).default(true),
    },
    { description: 'The legally required tax archive.' },
  ).prefault({});
}

/** The `data` section: PII retention, backups, key deletion window, tax archive. */
export function dataSection(_context: SectionContext) {
  return fields(
    {
      piiRetentionDays: wholeNumber({
        description: `Days after order delivery that any copy of PII may exist, backups included (${cite('DPP 2.1')}: at most ${DPP_MAX_PII_RETENTION_DAYS}).`,
        unit: 'days',
        min: { value: 1, source: cite('DPP 2.1') },
        max: { value: DPP_MAX_PII_RETENTION_DAYS, source: cite('DPP 2.1') },
      }).default(DPP_MAX_PII_RETENTION_DAYS),
      pitrRecoveryPeriodDays: wholeNumber({
        description: `${PITR} window of the PII table. Backups count as retention (${cite('DPP 2.1')}), so with the ${DYNAMODB_TTL_DELETION_LAG_DAYS}-day TTL deletion lag it must leave at least one live day inside piiRetentionDays.`,
        unit: 'days',
        min: { value: DYNAMODB_PITR_RECOVERY_DAYS.min, source: PITR },
        max: { value: DYNAMODB_PITR_RECOVERY_DAYS.max, source: PITR },
      }).default(7),
      keyDeletionWindowDays: wholeNumber({
        description: `Waiting period before a scheduled KMS key deletion (the cryptographic erase of ${cite('DPP 1.7')}) takes effect; it can be cancelled until then.`,
        unit: 'days',
        min: {
          value: 7,
          source: `the KMS API (a shorter window cannot undo a mistaken ${cite('DPP 1.7')} cryptographic erase)`,
        },
        max: { value: 30, source: 'the KMS API' },
      }).default(30),
      taxArchive: taxArchive(),
      keyPolicyAdministratorArns: list(
        text({
          description: "The ARN of a role that may change the data-class keys' policies.",
          pattern: /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/,
          expected: 'an IAM role ARN',
        }),
        {
          description: `Roles that alone may change the key policies of the data-class keys (kms:PutKeyPolicy, ${cite('DPP 2.4')}). Left empty, the CDK bootstrap's CloudFormation execution role of the environment, which deploys the stack.`,
          maxItems: MAX_KEY_ADMINISTRATORS,
          countProblem: (count) =>
            tooMany(
              count,
              'roles',
              MAX_KEY_ADMINISTRATORS,
              'each is named in the policy of every data-class key, which KMS limits to 32 KB',
            ),
        },
      ).default([]),
    },
    {
      description: `Data at rest: PII retention, backups, key deletion, tax archive (${cite('DPP 2.1')}).`,
    },
  )
    .check(
      acrossFields(['piiRetentionDays', 'pitrRecoveryPeriodDays'], (data, report) => {
        const { piiRetentionDays: retention, pitrRecoveryPeriodDays: pitr } = data;
        const longest = maxPiiPitrRecoveryDays(retention);
        if (pitr > longest) {
          report(
            ['pitrRecoveryPeriodDays'],
            `${pitr} days of backups plus ${DYNAMODB_TTL_DELETION_LAG_DAYS} days of TTL deletion lag leave no day of the ${retention}-day PII retention for live items; ${cite('DPP 2.1')} counts backups as retention. Use at most ${longest} days`,
          );
        }
      }),
    )
    .prefault({});
}
