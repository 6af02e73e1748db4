/**
 * The one definition of the config file (`config/baseline.json`): its fields, defaults,
 * bounds and cross-field rules. The TypeScript types (`types.ts`), the validation
 * (`validate.ts`), `config/baseline.schema.json` and `docs/configuration.md` all come
 * from it (`npm run config:schema` writes the last two; tests fail when they are stale).
 */
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { z } from 'zod';
import { cidrsOverlap, Ipv4Cidr, parseIpv4Cidr } from '../network/cidr';
import {
  AccountLevelOwnership,
  accountLevelOwnershipErrors,
  EnvironmentOwnership,
} from '../policy/account-level';
import { cite } from '../policy/clauses';
import { ENVIRONMENT_NAMES, EnvironmentName, SectionContext } from './environments';
import { acrossFields, choice, fields, flag, list, shown, text } from './fields';
import { SECTIONS } from './sections';
import { principalsWithinReach } from './sections/access';
import { tagsField } from './tags';

/**
 * The regions aws-cdk-lib knows in the commercial partition: the baseline's endpoint and
 * DNS Firewall names are those of the `aws` partition (China, GovCloud and the isolated
 * partitions name their services otherwise, and the SP-API is served from none of them).
 */
export const KNOWN_REGIONS: readonly string[] = RegionInfo.regions
  .filter((r) => r.partition === 'aws')
  .map((r) => r.name)
  .sort();

type Sections = typeof SECTIONS;
type SectionSchemas = { [K in keyof Sections]: ReturnType<Sections[K]> };

function sectionSchemas(context: SectionContext): SectionSchemas {
  return Object.fromEntries(
    Object.entries(SECTIONS).map(([key, section]) => [key, section(context)]),
  ) as SectionSchemas;
}

function region() {
  return text({
    description:
      'The AWS region of the environment, e.g. eu-west-1: one that aws-cdk-lib knows, so that synth needs no lookup.',
    expected: 'an AWS region name such as eu-west-1',
    problems: [
      (name) =>
        KNOWN_REGIONS.includes(name)
          ? undefined
          : `${shown(name)} is not an AWS region of the commercial partition that aws-cdk-lib knows (such as eu-west-1 or us-east-1); a region newer than aws-cdk-lib needs an upgrade of it`,
    ],
  }).meta({ enum: [...KNOWN_REGIONS] });
}

function availabilityZones() {
  return list(
    text({
      description: 'An availability zone of the region, e.g. eu-west-1a.',
      pattern: /^[a-z]{2,4}-[a-z0-9-]*\d[a-z]$/,
      expected: 'an availability zone name such as eu-west-1a',
    }),
    {
      description:
        'The 2 to 4 distinct zones of the region that every tier spans, given explicitly so that synth does no lookup.',
      minItems: 2,
      maxItems: 4,
      countProblem: (count) =>
        `${count} zone${count === 1 ? '' : 's'} given; the baseline needs 2 to 4 so that every tier spans zones`,
      problems: [
        (zones) =>
          new Set(zones).size === zones.length ? undefined : `${shown(zones)} names a zone twice`,
      ],
    },
  );
}

interface Placed {
  readonly region: string;
  readonly availabilityZones: readonly string[];
}

const zonesInRegion = acrossFields<Placed>(['region', 'availabilityZones'], (env, report) => {
  env.availabilityZones.forEach((zone, i) => {
    // A zone is its region's name and one letter (eu-west-1a).
    if (!(zone.startsWith(env.region) && zone.length === env.region.length + 1)) {
      report(
        ['availabilityZones', i],
        `${shown(zone)} is not in the environment's region ${env.region}`,
      );
    }
  });
});

interface SandboxChoice {
  readonly credentials: { readonly useSandbox: boolean };
  readonly network: { readonly allowSandboxHosts: boolean };
}

/** The application cannot call the sandbox hosts if the egress firewall drops them. */
const sandboxNeedsItsHosts = acrossFields<SandboxChoice>(
  [
    ['credentials', 'useSandbox'],
    ['network', 'allowSandboxHosts'],
  ],
  (env, report) => {
    if (env.credentials.useSandbox && !env.network.allowSandboxHosts) {
      report(
        ['credentials', 'useSandbox'],
        'true needs network.allowSandboxHosts true: the egress firewall drops the sandbox hosts otherwise',
      );
    }
  },
);

function environmentSchema(environment: EnvironmentName) {
  const isProd = environment === 'prod';
  const prodOnly = <T>(value: T) => (isProd ? { enum: [value] } : {});
  return fields(
    {
      account: text({
        description: `The 12-digit AWS account id. Test and prod in one account is allowed with a warning; separate accounts are recommended (${cite('DPP 2.5')}).`,
        pattern: /^\d{12}$/,
        expected: 'a 12-digit AWS account id',
      }),
      region: region(),
      availabilityZones: availabilityZones(),
      removalPolicy: choice(['retain', 'destroy'], {
        description:
          'What happens to stateful resources (keys, buckets, tables, log groups) when the stack is deleted. Prod always retains.',
        problems: isProd
          ? [
              (policy) =>
                policy === 'destroy'
                  ? `'destroy' is not allowed for prod: production retains every stateful resource`
                  : undefined,
            ]
          : [],
      })
        .default('retain')
        .meta(prodOnly('retain')),
      terminationProtection: flag({
        description: 'CloudFormation termination protection of the stack. Always on for prod.',
        problems: isProd
          ? [
              (on) =>
                on
                  ? undefined
                  : 'false is not allowed for prod: production stacks are termination-protected',
            ]
          : [],
      })
        .default(isProd)
        .meta(prodOnly(true)),
      organizationId: text({
        description: `The AWS Organizations id (o-...) of the environment's account. Given, trust policies and endpoint policies admit principals and resources of the organization (aws:PrincipalOrgID, aws:ResourceOrgID, ${cite('DUP 3.7')}); left out, of the account only.`,
        pattern: /^o-[a-z0-9]{10,32}$/,
        expected: 'an AWS Organizations id such as o-a1b2c3d4e5',
      }).optional(),
      tags: tagsField(),
      ...sectionSchemas({ environment, isProd }),
    },
    {
      description: `The ${environment} environment.`,
      whenMissing: `: ${cite('DPP 2.5')} requires separate test and production environments`,
    },
  )
    .check(zonesInRegion)
    .check(sandboxNeedsItsHosts)
    .check(principalsWithinReach as z.core.$ZodCheck<unknown>)
    .transform((env) => ({ name: environment, ...env }));
}

function environments() {
  const shape = Object.fromEntries(
    ENVIRONMENT_NAMES.map((name) => [name, environmentSchema(name)]),
  );
  const schema = fields(shape as { [N in EnvironmentName]: ReturnType<typeof environmentSchema> }, {
    description: `One entry per environment; both are required (${cite('DPP 2.5')}).`,
  });
  // Left out, it is parsed as empty, so that each missing environment is reported.
  return schema.prefault({} as z.input<typeof schema>);
}

const VPC_CIDR = (name: EnvironmentName) => ['environments', name, 'network', 'vpcCidr'] as const;

interface TwoVpcs {
  readonly environments: Readonly<Record<EnvironmentName, { network: { vpcCidr: string } }>>;
}

/** Test and prod may never be confused or routed together. */
const separateAddressRanges = acrossFields<TwoVpcs>(
  [VPC_CIDR('test'), VPC_CIDR('prod')],
  ({ environments: { test, prod } }, report) => {
    const testCidr = parseIpv4Cidr(test.network.vpcCidr) as Ipv4Cidr;
    const prodCidr = parseIpv4Cidr(prod.network.vpcCidr) as Ipv4Cidr;
    if (cidrsOverlap(testCidr, prodCidr)) {
      report(
        VPC_CIDR('prod'),
        `${prod.network.vpcCidr} overlaps environments.test.network.vpcCidr ${test.network.vpcCidr}; give each environment its own address range so they can never be confused or routed together`,
      );
    }
  },
);

type Owned = { readonly ownership: AccountLevelOwnership };
interface OwnershipView {
  readonly environments: Readonly<
    Record<
      EnvironmentName,
      {
        readonly account: string;
        readonly region: string;
        readonly access: { readonly passwordPolicy: Owned };
        readonly audit: { readonly threatDetection: Owned };
      }
    >
  >;
}

const ownershipPath = (name: EnvironmentName, section: 'access' | 'audit') =>
  section === 'access'
    ? (['environments', name, 'access', 'passwordPolicy', 'ownership'] as const)
    : (['environments', name, 'audit', 'threatDetection', 'ownership'] as const);

/**
 * Controls that exist once per account (the password policy) or per account and region
 * (GuardDuty, Macie, Inspector) have exactly one owner there; see lib/policy/account-level.
 */
const oneOwnerPerAccount = acrossFields<OwnershipView>(
  [
    ...ENVIRONMENT_NAMES.map((name) => ['environments', name, 'account']),
    ...ENVIRONMENT_NAMES.map((name) => ['environments', name, 'region']),
    ...ENVIRONMENT_NAMES.map((name) => ownershipPath(name, 'access')),
    ...ENVIRONMENT_NAMES.map((name) => ownershipPath(name, 'audit')),
  ],
  ({ environments }, report) => {
    const choices = (section: 'access' | 'audit', regional: boolean): EnvironmentOwnership[] =>
      ENVIRONMENT_NAMES.map((name) => {
        const env = environments[name];
        const owned = section === 'access' ? env.access.passwordPolicy : env.audit.threatDetection;
        return {
          environment: name,
          account: env.account,
          ...(regional ? { region: env.region } : {}),
          ownership: owned.ownership,
        };
      });
    const checks = [
      { section: 'access', control: 'account password policy', clause: 'DPP 1.4', regional: false },
      {
        section: 'audit',
        control: 'GuardDuty detector, Macie and Inspector',
        clause: 'DPP 2.6',
        regional: true,
      },
    ] as const;
    for (const { section, control, clause, regional } of checks) {
      for (const error of accountLevelOwnershipErrors(
        control,
        clause,
        choices(section, regional),
      )) {
        report(ownershipPath(error.environment as EnvironmentName, section), error.message);
      }
    }
  },
);

/** The schema of `config/baseline.json`. */
export const configSchema = fields(
  {
    $schema: text({
      description: 'The JSON Schema of this file, for editors: ./baseline.schema.json.',
    }).optional(),
    projectName: text({
      description:
        'Prefix of stack names, KMS aliases and the Project tag: 3 to 22 lower-case letters, digits or hyphens, starting with a letter.',
      pattern: /^[a-z][a-z0-9-]{1,20}[a-z0-9]$/,
      expected: '3 to 22 lower-case letters, digits or hyphens, starting with a letter',
    }).default('spapi-dpp'),
    environments: environments(),
  },
  {
    description:
      'Configuration of the SP-API Data Protection Policy baseline: one entry per environment, each with a section per capability. Every field left out gets a secure default.',
  },
)
  .check(separateAddressRanges as z.core.$ZodCheck<unknown>)
  .check(oneOwnerPerAccount as z.core.$ZodCheck<unknown>)
  .meta({ title: 'spapi-dpp-baseline configuration' });

/** Things that are allowed but not recommended, e.g. test and prod in one account. */
export function configWarnings(config: z.output<typeof configSchema>): string[] {
  const { test, prod } = config.environments;
  const warnings: string[] = [];
  if (test.account === prod.account) {
    warnings.push(
      `environments.prod.account: test and prod share account ${prod.account}; ${cite('DPP 2.5')} is met by separate stacks, but separate accounts are recommended`,
    );
  }
  if (prod.audit.alarms.subscriptions.length === 0) {
    warnings.push(
      `environments.prod.audit.alarms.subscriptions: empty, so nobody is told when a security alarm fires (${cite('DPP 2.6')}); subscribe the address of the people on call`,
    );
  }
  return warnings;
}
