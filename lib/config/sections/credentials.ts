import { DPP_MAX_CREDENTIAL_AGE_DAYS, LWA_CLIENT_SECRET_MAX_AGE_DAYS } from '../../policy/bounds';
import { cite } from '../../policy/clauses';
import { SP_API_REGIONS } from '../../policy/sp-api';
import { SectionContext } from '../environments';
import { choice, fields, flag, wholeNumber } from '../fields';

/** The `credentials` section: the SP-API region and the LWA client secret's rotation. */
export function credentialsSection({ isProd }: SectionContext) {
  return fields(
    {
      spApiRegion: choice(SP_API_REGIONS, {
        description:
          "The SP-API region the application calls (NA, EU or FE), which picks the host of the client-secret rotation and the workload's calls. Left out, the region nearest the environment's AWS region (eu-* and ap-south-* EU, other ap-* FE, else NA).",
      }).optional(),
      rotationDays: wholeNumber({
        description: `Days between rotations of the LWA client secret. ${cite('DPP 1.4')} asks for credentials "rotated at least quarterly", so at most ${DPP_MAX_CREDENTIAL_AGE_DAYS}; Amazon requires at least every ${LWA_CLIENT_SECRET_MAX_AGE_DAYS}.`,
        unit: 'days',
        min: { value: 1, source: 'Secrets Manager rotation schedules' },
        max: { value: DPP_MAX_CREDENTIAL_AGE_DAYS, source: cite('DPP 1.4') },
      }).default(60),
      rotationCompletionHours: wholeNumber({
        description:
          "Hours a rotation may wait for Amazon's new-secret notification before the overdue alarm is raised.",
        unit: 'hours',
        min: { value: 1, source: 'the rotation check, which runs hourly' },
        max: {
          value: 72,
          source:
            'this baseline, so that a lost notification is noticed well inside the 7 days the old secret keeps working',
          baseline: true,
        },
      }).default(24),
      useSandbox: flag({
        description:
          'Whether the application calls the SP-API sandbox hosts (test only; needs network.allowSandboxHosts). Production calls the live hosts.',
        problems: isProd
          ? [
              (on) =>
                on
                  ? 'true is not allowed for prod: production calls the live SP-API hosts'
                  : undefined,
            ]
          : [],
      })
        .default(false)
        .meta(isProd ? { enum: [false] } : {}),
    },
    {
      description: `SP-API credentials: the region and the rotation of the LWA client secret (${cite('DPP 1.4')}, ${cite('DUP 3.4')}).`,
    },
  ).prefault({});
}
