import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ParseArgsConfig, parseArgs } from 'util';
import { ENVIRONMENT_NAMES, EnvironmentName } from '../../policy/environments';
import { sellingPartnerIdProblem } from '../../policy/sp-api';
import { describeError } from '../../runtime/retry';
import { InputError, SecretInput } from './input';

/**
 * What the credential commands share: their world (clients, streams, config), the
 * exit codes, and the parsing of the options they have in common. Each command is a
 * function of this world, so that tests run it against mocked AWS clients.
 */

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** What the project's config says about an environment, as the commands need it. */
export interface EnvironmentTarget {
  readonly projectName: string;
  readonly environmentName: EnvironmentName;
  readonly account: string;
  readonly region: string;
}

export interface CommandIo {
  readonly createClients: (region: string) => {
    readonly secrets: SecretsManagerClient;
    readonly cloudformation: CloudFormationClient;
  };
  /** The project config of an environment (config/baseline.json through lib/config/load). */
  readonly environment: (name: EnvironmentName, configFile?: string) => EnvironmentTarget;
  readonly stdin: SecretInput;
  readonly out: (text: string) => void;
  /** Also where prompts go, so standard output stays clean for scripts. */
  readonly err: (text: string) => void;
}

/** A problem with the command line; printed with the usage text, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Options every credential command takes. */
export const COMMON_OPTIONS = {
  env: { type: 'string' },
  'stack-name': { type: 'string' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const COMMON_USAGE = `  --env          the environment: ${ENVIRONMENT_NAMES.join(' or ')}
  --stack-name   the environment's stack (default: <project>-<env>-baseline)
  --config       the config file (default: config/baseline.json)
  --help         show this text`;

/** Parses a command line strictly: unknown, repeated or positional arguments are refused. */
export function parseCommandLine(
  argv: readonly string[],
  options: NonNullable<ParseArgsConfig['options']>,
): Record<string, string | boolean | undefined> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, tokens: true });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const names = parsed.tokens.flatMap((t) => (t.kind === 'option' ? [t.name] : []));
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated) throw new UsageError(`--${repeated} is given more than once`);
  return parsed.values as Record<string, string | boolean | undefined>;
}

/** The environment an `--env` option names. */
export function environmentOption(value: string | boolean | undefined): EnvironmentName {
  if (value === undefined) throw new UsageError('missing --env');
  if (!(ENVIRONMENT_NAMES as readonly unknown[]).includes(value)) {
    throw new UsageError(`--env must be ${ENVIRONMENT_NAMES.join(' or ')}, not ${String(value)}`);
  }
  return value as EnvironmentName;
}

/** The selling partner a `--selling-partner-id` option names, checked as the stores key it. */
export function sellingPartnerOption(value: string | boolean | undefined): string {
  if (typeof value !== 'string') throw new UsageError('missing --selling-partner-id');
  const problem = sellingPartnerIdProblem(value);
  if (problem) throw new UsageError(problem);
  return value;
}

/** The stack the baseline deploys for an environment, unless `--stack-name` says otherwise. */
export function stackNameOf(target: EnvironmentTarget, option: string | boolean | undefined) {
  return typeof option === 'string'
    ? option
    : `${target.projectName}-${target.environmentName}-baseline`;
}

/**
 * Runs a command and returns its exit code; never throws. A usage error prints the
 * usage; any other error prints its name and message, which never hold a secret
 * value (the commands' errors describe values by length and shape only).
 */
export async function runWithExitCode(
  io: CommandIo,
  usage: string,
  command: () => Promise<number>,
): Promise<number> {
  try {
    return await command();
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`Usage error: ${e.message}\n\n${usage}`);
      return EXIT_USAGE;
    }
    if (e instanceof InputError) {
      io.err(`Nothing was written: ${e.message}`);
      return EXIT_USAGE;
    }
    io.err(`Failed: ${describeError(e)}`);
    return EXIT_FAILED;
  }
}
