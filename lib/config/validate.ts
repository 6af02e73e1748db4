import { cite } from '../../lib/policy/clauses';
import { cidrsOverlap, parseIpv4Cidr } from '../network/cidr';
import {
  ConfigPath,
  ConfigProblems,
  readBoolean,
  readEnum,
  readList,
  readObject,
  readString,
  shown,
} from './reader';
import { readAudit } from './sections/audit';
import { readData } from './sections/data';
import { readNetwork } from './sections/network';
import { BaselineConfig, ENVIRONMENT_NAMES, EnvironmentConfig, EnvironmentName } from './types';

export class ConfigError extends Error {
  constructor(public readonly errors: readonly string[]) {
    super(
      `The baseline configuration has ${errors.length} error${errors.length === 1 ? '' : 's'}; no template was synthesized:\n` +
        errors.map((e) => `  - ${e}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

export interface ValidatedConfig {
  readonly config: BaselineConfig;
  /** Things that are allowed but not recommended, e.g. test and prod in one account. */
  readonly warnings: readonly string[];
}

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const PROJECT_NAME = /^[a-z][a-z0-9-]{1,20}[a-z0-9]$/;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;

/**
 * Validates a parsed config file as a whole and applies the secure defaults. Every
 * problem is collected; if there is any, a `ConfigError` lists them all.
 */
export function validateConfig(raw: unknown): ValidatedConfig {
  const problems = new ConfigProblems();
  const root = readObject(problems, 'config', raw, ['$schema', 'projectName', 'environments']);
  const projectName = readString(problems, 'projectName', root?.projectName, {
    default: 'spapi-dpp',
    pattern: PROJECT_NAME,
    expected: '3 to 22 lower-case letters, digits or hyphens, starting with a letter',
  });
  const envs = readObject(problems, 'environments', root?.environments ?? {}, ENVIRONMENT_NAMES);
  const environments: Partial<Record<EnvironmentName, EnvironmentConfig>> = {};
  for (const name of ENVIRONMENT_NAMES) {
    if (envs && envs[name] === undefined) {
      problems.error(
        `environments.${name}`,
        `is required: ${cite('DPP 2.5')} requires separate test and production environments`,
      );
      continue;
    }
    environments[name] = readEnvironment(problems, name, envs?.[name]);
  }
  checkAcrossEnvironments(problems, environments);
  if (problems.errors.length > 0 || !projectName || !environments.test || !environments.prod) {
    throw new ConfigError(problems.errors);
  }
  return {
    config: { projectName, environments: { test: environments.test, prod: environments.prod } },
    warnings: problems.warnings,
  };
}

function readEnvironment(
  problems: ConfigProblems,
  name: EnvironmentName,
  raw: unknown,
): EnvironmentConfig | undefined {
  const path = `environments.${name}`;
  const isProd = name === 'prod';
  const env = readObject(problems, path, raw, [
    'account',
    'region',
    'availabilityZones',
    'removalPolicy',
    'terminationProtection',
    'tags',
    'audit',
    'network',
    'data',
  ]);
  if (!env) return undefined;
  const account = readString(problems, `${path}.account`, env.account, {
    pattern: ACCOUNT,
    expected: 'a 12-digit AWS account id',
  });
  const region = readString(problems, `${path}.region`, env.region, {
    pattern: REGION,
    expected: 'an AWS region name such as eu-west-1',
  });
  const availabilityZones = readAvailabilityZones(
    problems,
    `${path}.availabilityZones`,
    env.availabilityZones,
    region,
  );
  const removalPolicy = readEnum(
    problems,
    `${path}.removalPolicy`,
    env.removalPolicy,
    ['retain', 'destroy'],
    {
      default: 'retain',
    },
  );
  if (isProd && removalPolicy === 'destroy') {
    problems.error(
      `${path}.removalPolicy`,
      `'destroy' is not allowed for prod: production retains every stateful resource`,
    );
  }
  const terminationProtection = readBoolean(
    problems,
    `${path}.terminationProtection`,
    env.terminationProtection,
    {
      default: isProd,
    },
  );
  if (isProd && terminationProtection === false) {
    problems.error(
      `${path}.terminationProtection`,
      'false is not allowed for prod: production stacks are termination-protected',
    );
  }
  const tags = readTags(problems, `${path}.tags`, env.tags);
  const audit = readAudit(problems, `${path}.audit`, env.audit ?? {}, isProd);
  const network = readNetwork(problems, `${path}.network`, env.network, isProd);
  const data = readData(problems, `${path}.data`, env.data ?? {});
  if (
    account === undefined ||
    region === undefined ||
    availabilityZones === undefined ||
    removalPolicy === undefined ||
    terminationProtection === undefined ||
    tags === undefined ||
    audit === undefined ||
    network === undefined ||
    data === undefined
  ) {
    return undefined;
  }
  return {
    name,
    account,
    region,
    availabilityZones,
    removalPolicy,
    terminationProtection,
    tags,
    audit,
    network,
    data,
  };
}

function readAvailabilityZones(
  problems: ConfigProblems,
  path: ConfigPath,
  value: unknown,
  region: string | undefined,
): string[] | undefined {
  const zones = readList(problems, path, value, undefined, (itemPath, item) => {
    const zone = readString(problems, itemPath, item, {
      pattern: /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d[a-z]$/,
      expected: 'an availability zone name such as eu-west-1a',
    });
    if (zone && region && !(zone.startsWith(region) && zone.length === region.length + 1)) {
      problems.error(itemPath, `${shown(zone)} is not in the environment's region ${region}`);
      return undefined;
    }
    return zone;
  });
  if (!zones) return undefined;
  if (zones.length < 2 || zones.length > 4) {
    problems.error(
      path,
      `${zones.length} zones given; the baseline needs 2 to 4 so that every tier spans zones`,
    );
    return undefined;
  }
  if (new Set(zones).size !== zones.length) {
    problems.error(path, `${shown(zones)} names a zone twice`);
    return undefined;
  }
  return zones;
}

function readTags(
  problems: ConfigProblems,
  path: ConfigPath,
  value: unknown,
): Record<string, string> | undefined {
  if (value === undefined) return {};
  const record = readObject(problems, path, value, Object.keys((value as object) ?? {}));
  if (!record) return undefined;
  const tags: Record<string, string> = {};
  let ok = true;
  for (const [key, tagValue] of Object.entries(record)) {
    if (!TAG_KEY.test(key) || key.toLowerCase().startsWith('aws:')) {
      problems.error(
        `${path}.${key}`,
        'is not a valid tag key (1-128 characters, not starting with aws:)',
      );
      ok = false;
    } else if (key === 'DataClassification') {
      problems.error(
        `${path}.${key}`,
        `is set per data store by the baseline (${cite('DUP 4.5')}); remove it here`,
      );
      ok = false;
    } else if (readString(problems, `${path}.${key}`, tagValue) === undefined) {
      ok = false;
    } else {
      tags[key] = tagValue as string;
    }
  }
  return ok ? tags : undefined;
}

function checkAcrossEnvironments(
  problems: ConfigProblems,
  environments: Partial<Record<EnvironmentName, EnvironmentConfig>>,
): void {
  const { test, prod } = environments;
  if (!test || !prod) return;
  if (test.account === prod.account) {
    problems.warn(
      'environments.prod.account',
      `test and prod share account ${prod.account}; ${cite('DPP 2.5')} is met by separate stacks, but separate accounts are recommended`,
    );
  }
  const testCidr = parseIpv4Cidr(test.network.vpcCidr);
  const prodCidr = parseIpv4Cidr(prod.network.vpcCidr);
  if (
    typeof testCidr !== 'string' &&
    typeof prodCidr !== 'string' &&
    cidrsOverlap(testCidr, prodCidr)
  ) {
    problems.error(
      'environments.prod.network.vpcCidr',
      `${prod.network.vpcCidr} overlaps environments.test.network.vpcCidr ${test.network.vpcCidr}; give each environment its own address range so they can never be confused or routed together`,
    );
  }
}
