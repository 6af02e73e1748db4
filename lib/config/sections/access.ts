import { z } from 'zod';
import { ACCOUNT_LEVEL_OWNERSHIPS } from '../../policy/account-level';
import {
  BASELINE_MIN_PASSWORD_REUSE_PREVENTION,
  DPP_MAX_CREDENTIAL_AGE_DAYS,
  DPP_MIN_PASSWORD_LENGTH,
  IAM_PASSWORD_POLICY_LIMITS,
} from '../../policy/bounds';
import { cite } from '../../policy/clauses';
import { SectionContext } from '../environments';
import {
  acrossFields,
  choice,
  fields,
  flag,
  list,
  Problem,
  shown,
  text,
  tooMany,
  wholeNumber,
} from '../fields';

/**
 * The `access` section (DPP 1.2-1.4, DUP 3.5, 3.7, 4.8): who may assume each job-function
 * role and how their MFA is enforced, and the account password policy.
 */

const ACCOUNT = /^\d{12}$/;

const notBlank =
  (what: string): Problem<string> =>
  (value) =>
    value.trim() === '' ? `${shown(value)} is blank; give ${what}` : undefined;

/** Each entry of these lists is a condition or principal of the role's trust policy. */
const TRUST_POLICY_LIMIT =
  "each is written into the role's trust policy, which IAM limits to 2048 characters by default";
const MAX_TRUST_ENTRIES = 10;
const MAX_PRINCIPALS = 5;

/** The count problem of a trust-policy list that needs at least one entry. */
const trustEntries =
  (noun: string, whenEmpty: string, max = MAX_TRUST_ENTRIES) =>
  (count: number) =>
    count === 0 ? whenEmpty : tooMany(count, noun, max, TRUST_POLICY_LIMIT);
const MFA_BY_IDP = 'enforced-by-identity-provider';

const mfaByIdentityProvider = () =>
  z.literal(MFA_BY_IDP, {
    error: (iss) =>
      `${iss.input === undefined ? 'is required' : `${shown(iss.input)} is not '${MFA_BY_IDP}'`}: sessions of this kind cannot carry aws:MultiFactorAuthPresent, so the config records that the identity provider requires MFA at every sign-in (${cite('DPP 1.2')}); check it there (docs/access.md)`,
  });

const account = (description: string) =>
  text({ description, pattern: ACCOUNT, expected: 'a 12-digit AWS account id' });

const PROVIDER_ARNS = {
  'saml-provider': /^arn:aws[a-z-]*:iam::\d{12}:saml-provider\/\S+$/,
  'oidc-provider': /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/\S+$/,
} as const;

const iamArn = (kind: keyof typeof PROVIDER_ARNS, description: string) =>
  text({
    description,
    pattern: PROVIDER_ARNS[kind],
    expected: `the ARN of an IAM ${kind.replace('-', ' ')} (arn:aws:iam::<account>:${kind}/<name>)`,
  });

const identityCenter = fields(
  {
    kind: z.literal('identity-center'),
    permissionSetNames: list(
      text({
        description: 'The name of an IAM Identity Center permission set.',
        pattern: /^[\w+=,.@-]{1,32}$/,
        expected: 'a permission set name (1-32 letters, digits or +=,.@_-)',
      }),
      {
        description:
          'Permission sets whose users may assume the role, through the roles Identity Center provisions (AWSReservedSSO_<name>_*).',
        minItems: 1,
        maxItems: MAX_TRUST_ENTRIES,
        countProblem: trustEntries('permission sets', 'names no permission set; name at least one'),
      },
    ),
    account: account(
      "The account the permission sets are provisioned in; left out, the environment's own.",
    ).optional(),
    mfa: mfaByIdentityProvider(),
  },
  { description: 'Users of IAM Identity Center permission sets.' },
);

const saml = fields(
  {
    kind: z.literal('saml'),
    providerArn: iamArn(
      'saml-provider',
      "A SAML 2.0 identity provider of the environment's account.",
    ),
    mfa: mfaByIdentityProvider(),
  },
  { description: 'A SAML 2.0 identity provider (console federation).' },
);

const oidc = fields(
  {
    kind: z.literal('oidc'),
    providerArn: iamArn('oidc-provider', "An OIDC identity provider of the environment's account."),
    issuer: text({
      description:
        'The issuer without https://, as IAM names its condition keys (login.example.com/oauth2).',
      pattern: /^[a-z0-9.-]+[\w./-]*$/,
      expected: 'an issuer host and path without https://',
    }),
    audience: text({
      description: 'The client id the tokens are issued to (aud).',
      problems: [notBlank('a client id')],
    }),
    subjects: list(
      text({
        description: 'A subject (sub) that may assume the role; wildcards allowed, never only *.',
        problems: [
          notBlank('a subject'),
          (sub) =>
            /^[*?]*$/.test(sub)
              ? `${shown(sub)} admits every subject of the provider; name the people (${cite('DPP 1.2')}: one identity per person)`
              : undefined,
        ],
      }),
      {
        description: 'The subjects that may assume the role.',
        minItems: 1,
        maxItems: MAX_TRUST_ENTRIES,
        countProblem: trustEntries('subjects', 'names no subject; name at least one'),
      },
    ),
    mfa: mfaByIdentityProvider(),
  },
  { description: 'An OIDC identity provider, for named subjects of one client.' },
);

const iamPrincipals = fields(
  {
    kind: z.literal('iam-principals'),
    account: account(
      "The account whose IAM principals may assume the role; left out, the environment's own.",
    ).optional(),
    principalArns: list(
      text({
        description: 'The ARN of a principal of that account (wildcards allowed).',
        // aws:PrincipalArn of a role session is its role's ARN, never the sts: session ARN.
        pattern: /^arn:aws[a-z-]*:iam::\d{12}:\S+$/,
        expected:
          'an IAM principal ARN (a role session is matched by its role: arn:aws:iam::<account>:role/<name>)',
      }),
      {
        description: 'Which of its principals; left out, any that its own policies allow.',
        maxItems: MAX_TRUST_ENTRIES,
        countProblem: (count) =>
          tooMany(count, 'principal ARNs', MAX_TRUST_ENTRIES, TRUST_POLICY_LIMIT),
      },
    ).optional(),
    maxMfaAgeMinutes: wholeNumber({
      description: 'How long before the request the principal may have signed in with MFA.',
      unit: 'minutes',
      min: { value: 1, source: 'IAM' },
      max: { value: 720, source: 'this baseline (a working day)', baseline: true },
    }).default(60),
  },
  {
    description: `IAM principals of a named account; their trust requires MFA (aws:MultiFactorAuthPresent, ${cite('DPP 1.2')}).`,
  },
);

const PRINCIPAL_KINDS = ['identity-center', 'saml', 'oidc', 'iam-principals'] as const;

const principals = z.discriminatedUnion('kind', [identityCenter, saml, oidc, iamPrincipals], {
  error: (iss) => {
    if (iss.code !== 'invalid_union') return undefined;
    const kind = (iss.input as { kind?: unknown } | undefined)?.kind;
    const kinds = PRINCIPAL_KINDS.map((k) => `'${k}'`).join(', ');
    return kind === undefined
      ? `is required (one of ${kinds})`
      : `${shown(kind)} is not one of ${kinds}`;
  },
});

export type PrincipalsConfig = z.output<typeof principals>;

/** A job function's role: its principals (by default an Identity Center permission set of its name). */
function role(name: string, maxSessionHours: number, defaultPrincipals: PrincipalsConfig) {
  return fields(
    {
      principals: list(principals, {
        description: `Who may assume the ${name} role.`,
        minItems: 1,
        maxItems: MAX_PRINCIPALS,
        countProblem: trustEntries(
          'kinds of principals',
          'names nobody; a role nobody can assume is a role nobody reviews',
          MAX_PRINCIPALS,
        ),
      }).default([defaultPrincipals]),
      maxSessionHours: wholeNumber({
        description: `Longest session of the ${name} role.`,
        unit: 'hours',
        min: { value: 1, source: 'IAM' },
        max: {
          value: maxSessionHours,
          source: `this baseline for the ${name} role (${cite('DPP 1.3')})`,
          baseline: true,
        },
      }).default(1),
    },
    { description: `The ${name} job function.` },
  ).prefault({});
}

const permissionSet = (name: string): PrincipalsConfig => ({
  kind: 'identity-center',
  permissionSetNames: [name],
  mfa: MFA_BY_IDP,
});

function passwordPolicy() {
  const required = (what: string) =>
    flag({
      description: `Whether a password needs ${what}; ${cite('DPP 1.4')} requires it.`,
      problems: [
        (on) => (on ? undefined : `false is not allowed: ${cite('DPP 1.4')} requires ${what}`),
      ],
    })
      .default(true)
      .meta({ enum: [true] });
  return fields(
    {
      ownership: choice(ACCOUNT_LEVEL_OWNERSHIPS, {
        description:
          "Who sets the account's one password policy: this environment's stack, another environment in the same account, or something outside the baseline. In one account exactly one environment owns it.",
      }).default('this-environment'),
      minimumLength: wholeNumber({
        description: `Minimum password length: at least the ${DPP_MIN_PASSWORD_LENGTH} of ${cite('DPP 1.4')}.`,
        unit: 'characters',
        min: { value: DPP_MIN_PASSWORD_LENGTH, source: cite('DPP 1.4') },
        max: { value: IAM_PASSWORD_POLICY_LIMITS.maxMinimumLength, source: 'IAM' },
      }).default(14),
      requireUppercase: required('an upper-case letter'),
      requireLowercase: required('a lower-case letter'),
      requireNumbers: required('a number'),
      requireSymbols: required('a special character'),
      maxAgeDays: wholeNumber({
        description: `Days after which a password must be changed: "rotated at least quarterly" (${cite('DPP 1.4')}).`,
        unit: 'days',
        min: { value: 1, source: 'IAM' },
        max: { value: DPP_MAX_CREDENTIAL_AGE_DAYS, source: cite('DPP 1.4') },
      }).default(DPP_MAX_CREDENTIAL_AGE_DAYS),
      reusePrevention: wholeNumber({
        description:
          'How many earlier passwords cannot come back; without it, rotation could alternate between two.',
        unit: 'passwords',
        min: {
          value: BASELINE_MIN_PASSWORD_REUSE_PREVENTION,
          source: `this baseline for ${cite('DPP 1.4')}`,
          baseline: true,
        },
        max: { value: IAM_PASSWORD_POLICY_LIMITS.maxReusePrevention, source: 'IAM' },
      }).default(IAM_PASSWORD_POLICY_LIMITS.maxReusePrevention),
      allowUsersToChangePassword: flag({
        description: 'Whether people may change their own password (they must, to rotate it).',
      }).default(true),
      hardExpiry: flag({
        description:
          'Whether an expired password locks its user out until an administrator resets it.',
      }).default(false),
    },
    { description: `The account password policy (${cite('DPP 1.4')}).` },
  ).prefault({});
}

/** The `access` section. */
export function accessSection(_context: SectionContext) {
  return fields(
    {
      review: fields(
        {
          mode: choice(['dry-run', 'enforce'], {
            description: `What the weekly access review does besides reporting to the security topic: dry-run changes nothing; enforce deactivates access keys unused for 90 days and removes the console access of users inactive for 90 days ("account lockout", ${cite('DPP 1.2')}), never touching break-glass or the caller.`,
          }).default('dry-run'),
        },
        { description: `The weekly access review (${cite('DPP 1.2')}, ${cite('AUP 3.5')}).` },
      ).prefault({}),
      passwordPolicy: passwordPolicy(),
      roles: fields(
        {
          fulfillmentOperator: role(
            'fulfillment operator',
            4,
            permissionSet('FulfillmentOperator'),
          ),
          taxOfficer: role('tax officer', 4, permissionSet('TaxOfficer')),
          securityAuditor: role('security auditor', 4, permissionSet('SecurityAuditor')),
          platformAdministrator: role(
            'platform administrator',
            4,
            permissionSet('PlatformAdministrator'),
          ),
          breakGlass: role('break-glass', 1, { kind: 'iam-principals', maxMfaAgeMinutes: 60 }),
        },
        {
          description: `Who may assume each job-function role (${cite('DPP 1.3')}, ${cite('DUP 4.8')}). Left out, a role trusts the Identity Center permission set of its name, and break-glass the environment's own IAM principals with MFA.`,
        },
      ).prefault({}),
    },
    {
      description: `Identity and access: job-function roles and the account password policy (${cite('DPP 1.2')}, ${cite('DPP 1.3')}, ${cite('DPP 1.4')}).`,
    },
  ).prefault({});
}

interface TrustView {
  readonly account: string;
  readonly organizationId?: string;
  readonly access: {
    readonly roles: Readonly<Record<string, { readonly principals: readonly PrincipalsConfig[] }>>;
  };
}

/**
 * Principals of another account are admitted only as members of the organization
 * (DUP 3.7), and an IAM principal ARN must be of the account its entry names: what
 * the trust policy builder (constructs/access/human-trust.ts) would refuse at synth,
 * named here as the config field.
 */
export const principalsWithinReach = acrossFields<TrustView>(
  ['account', 'organizationId', 'access'],
  (env, report) => {
    for (const [name, role] of Object.entries(env.access.roles)) {
      role.principals.forEach((p, i) => {
        const at = ['access', 'roles', name, 'principals', i];
        if (p.kind !== 'identity-center' && p.kind !== 'iam-principals') return;
        const account = p.account ?? env.account;
        if (account !== env.account && env.organizationId === undefined) {
          report(
            [...at, 'account'],
            `${shown(account)} is not the environment's account ${env.account}; principals of another account are admitted only as members of the organization, so set organizationId (${cite('DUP 3.7')})`,
          );
        }
        if (p.kind !== 'iam-principals') return;
        (p.principalArns ?? []).forEach((arn, j) => {
          if (!arn.includes(`:iam::${account}:`)) {
            report(
              [...at, 'principalArns', j],
              `${shown(arn)} is not a principal of account ${account}, which this entry trusts`,
            );
          }
        });
      });
    }
  },
);
