#!/usr/bin/env node
/**
 * The 90-day access review for `DPP 1.2 Access Management` (and AUP 3.5, DUP 3.3, 3.4):
 *
 *   npm run access-review -- --profile <profile> [--out access-reviews] [--enforce]
 *     [--env test|prod] [--break-glass-role <name>]... [--break-glass-user <name>]...
 *
 * A dry run unless `--enforce`. This file only parses arguments, builds the clients,
 * picks the environment of the caller's account from the config and writes the
 * reports; the logic is in lib/access-review/. Runbook: docs/runbooks/access-review.md.
 *
 * Exit codes: 0 complete review (findings or not), 1 incomplete review or a failed
 * enforcement action, 2 usage error.
 */
import {
  commandToRun,
  defaultOperator,
  EXIT_INCOMPLETE,
  EXIT_OK,
  EXIT_USAGE,
  fromWhereTheUserWas,
  writeRecord,
} from './command-io';
import { parseArgs } from 'util';
import {
  AccessReviewClients,
  AccessReviewDependencies,
  AccessReviewOptionsError,
  ClientOptions,
  EnvironmentRef,
  REVIEW_PERIOD_DAYS,
  ReviewTargetError,
  callerIdentity,
  createAccessReviewClients,
  reportBaseName,
  reviewAccess,
  reviewJson,
  reviewMarkdown,
  reviewSummary,
  reviewTarget,
} from '../lib/access-review';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../lib/config/load';
import { describeError } from '../lib/runtime/retry';

export { EXIT_INCOMPLETE, EXIT_OK, EXIT_USAGE };

export const DEFAULT_OUT_DIR = 'access-reviews';

export const USAGE = `Reviews who and what has access to an AWS account of the baseline (DPP 1.2 Access Management: every ${REVIEW_PERIOD_DAYS} days),
with users, roles, access keys, console MFA, wildcard policies and the SP-API credentials' last use (AUP 3.5).
Without --enforce this is a dry run: nothing is changed.

Usage:
  npm run access-review -- --profile <profile> [--out ${DEFAULT_OUT_DIR}] [--enforce] \\
    [--env test|prod] [--config ${DEFAULT_CONFIG_FILE}] [--region <region>] \\
    [--break-glass-role <name>]... [--break-glass-user <name>]... [--secret-prefix <project/env/>]... \\
    [--operator <your user id>]

Options:
  --profile           AWS profile to use (default: the SDK's credential chain)
  --out               folder for the Markdown and JSON reports (default: ${DEFAULT_OUT_DIR})
  --enforce           deactivate access keys unused for ${REVIEW_PERIOD_DAYS} days and remove console access of users
                      inactive for ${REVIEW_PERIOD_DAYS} days (DPP 1.2 account lockout); never break-glass users or you
  --env               the environment to review; it must be the profile's account
                      (default: the environment(s) of the config whose account is the profile's)
  --config            the baseline config (default: ${DEFAULT_CONFIG_FILE})
  --region            region of the SP-API credential secrets (default: the environment's)
  --break-glass-role  a break-glass role name: reported as expected to be idle (repeatable)
  --break-glass-user  a break-glass user name: never locked out (repeatable)
  --secret-prefix     SP-API credential secret prefix instead of <project>/<env>/ (repeatable)
  --operator          who runs the review (default: the operating system user name)
  --help              show this text

Exit codes: 0 complete review, 1 incomplete review or a failed action (see the report), 2 usage error.
Runbook: docs/runbooks/access-review.md`;

const OPTIONS = {
  profile: { type: 'string' },
  out: { type: 'string' },
  enforce: { type: 'boolean' },
  env: { type: 'string' },
  config: { type: 'string' },
  region: { type: 'string' },
  'break-glass-role': { type: 'string', multiple: true },
  'break-glass-user': { type: 'string', multiple: true },
  'secret-prefix': { type: 'string', multiple: true },
  operator: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const REPEATABLE = new Set(['break-glass-role', 'break-glass-user', 'secret-prefix']);

/** A problem with the command line; printed with the usage text, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface RunCommand {
  readonly kind: 'run';
  readonly profile?: string;
  readonly outDir: string;
  readonly enforce: boolean;
  readonly environment?: string;
  readonly configFile: string;
  readonly region?: string;
  readonly breakGlassRoles: readonly string[];
  readonly breakGlassUsers: readonly string[];
  readonly secretPrefixes: readonly string[];
  readonly operator: string;
}

export type Command = { readonly kind: 'help' } | RunCommand;

/** The command a command line asks for. Throws UsageError. */
export function parseCommand(argv: readonly string[], defaultOperator: () => string): Command {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, strict: true, tokens: true });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const { values, tokens } = parsed;
  if (values.help) return { kind: 'help' };
  const repeated = tokens
    .flatMap((t) => (t.kind === 'option' && !REPEATABLE.has(t.name) ? [t.name] : []))
    .filter((name, i, names) => names.indexOf(name) !== i);
  if (repeated.length > 0) throw new UsageError(`--${repeated[0]} is given more than once`);
  const operator = values.operator ?? defaultOperator();
  if (operator.trim() === '') throw new UsageError('--operator is empty');
  return {
    kind: 'run',
    ...(values.profile !== undefined ? { profile: values.profile } : {}),
    outDir: values.out ?? DEFAULT_OUT_DIR,
    enforce: values.enforce === true,
    ...(values.env !== undefined ? { environment: values.env } : {}),
    configFile: values.config ?? DEFAULT_CONFIG_FILE,
    ...(values.region !== undefined ? { region: values.region } : {}),
    breakGlassRoles: values['break-glass-role'] ?? [],
    breakGlassUsers: values['break-glass-user'] ?? [],
    secretPrefixes: values['secret-prefix'] ?? [],
    operator,
  };
}

/** What the command needs from the world; tests pass their own. */
export interface CommandIo {
  readonly createClients: (options: ClientOptions) => AccessReviewClients;
  readonly loadEnvironments: (file: string) => {
    projectName: string;
    environments: EnvironmentRef[];
  };
  /** Writes a report file, never overwriting one; returns its path. */
  readonly writeReport: (dir: string, fileName: string, text: string) => string;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly defaultOperator: () => string;
  /** Clock, sleep and log for tests. */
  readonly deps?: Pick<AccessReviewDependencies, 'now' | 'sleep' | 'log' | 'random'>;
}

/** Runs the command and returns its exit code. Does not throw. */
export async function runCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  const command = commandToRun(
    () => parseCommand(argv, io.defaultOperator),
    USAGE,
    io.out,
    (e) => usageError(io, e),
  );
  if (typeof command === 'number') return command;
  let review;
  try {
    const { projectName, environments } = io.loadEnvironments(command.configFile);
    const profile = command.profile !== undefined ? { profile: command.profile } : {};
    const firstRegion = command.region ?? environments[0]?.region;
    const stsClients = io.createClients({
      ...profile,
      ...(firstRegion ? { region: firstRegion } : {}),
    });
    const identity = await callerIdentity(stsClients);
    const target = reviewTarget(identity.accountId, projectName, environments, {
      ...(command.environment !== undefined ? { environment: command.environment } : {}),
      ...(command.secretPrefixes.length > 0 ? { secretPrefixes: command.secretPrefixes } : {}),
      ...(command.region !== undefined ? { region: command.region } : {}),
    });
    const clients =
      target.region === firstRegion
        ? stsClients
        : io.createClients({ ...profile, ...(target.region ? { region: target.region } : {}) });
    review = await reviewAccess(
      {
        secretPrefixes: target.secretPrefixes,
        breakGlass: { roleNames: command.breakGlassRoles, userNames: command.breakGlassUsers },
        mode: command.enforce ? 'enforce' : 'dry-run',
        operator: command.operator,
        ...(target.environment ? { environment: target.environment } : {}),
      },
      { ...clients, ...io.deps, identity },
    );
  } catch (e) {
    if (
      e instanceof ReviewTargetError ||
      e instanceof AccessReviewOptionsError ||
      (e instanceof Error && e.name === 'ConfigError')
    ) {
      return usageError(io, e);
    }
    io.err(`The access review failed before producing a report: ${describeError(e)}`);
    return EXIT_INCOMPLETE;
  }
  io.out(reviewSummary(review));
  const base = reportBaseName(review);
  try {
    io.out(`Report: ${io.writeReport(command.outDir, `${base}.md`, reviewMarkdown(review))}`);
    io.out(`Record: ${io.writeReport(command.outDir, `${base}.json`, reviewJson(review))}`);
  } catch (e) {
    io.err(`Could not write the report files (${describeError(e)}); keep this record instead:`);
    io.out(reviewJson(review));
    return EXIT_INCOMPLETE;
  }
  const failedActions = review.enforcement.actions.some((a) => a.outcome === 'failed');
  return review.status === 'complete' && !failedActions ? EXIT_OK : EXIT_INCOMPLETE;
}

function usageError(io: CommandIo, e: unknown): number {
  io.err(`Usage error: ${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
  return EXIT_USAGE;
}

const nodeIo: CommandIo = {
  createClients: createAccessReviewClients,
  loadEnvironments(file) {
    const { config } = loadConfig(fromWhereTheUserWas(file));
    return {
      projectName: config.projectName,
      environments: Object.values(config.environments).map((e) => ({
        name: e.name,
        account: e.account,
        region: e.region,
      })),
    };
  },
  writeReport: writeRecord,
  out: (text) => console.log(text),
  err: (text) => console.error(text),
  defaultOperator,
};

if (require.main === module) {
  void runCommand(process.argv.slice(2), nodeIo).then((code) => {
    process.exitCode = code;
  });
}
