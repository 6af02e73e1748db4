#!/usr/bin/env node
/**
 * The deletion command for `DPP 1.7 Request for Deletion or Return`:
 *
 *   npm run delete-selling-partner-data -- --selling-partner-id <id> --table <PiiTableName>
 *     --bucket <PiiBucketName> --archive-bucket <TaxArchiveBucketName> --request-ref <notice id>
 *     [--region <region>] [--evidence-dir deletion-evidence] [--operator <your id>] [--confirm <id>]
 *
 * A dry run unless `--confirm` repeats the selling partner id. This file only parses
 * arguments, builds the AWS clients and writes the evidence file; the logic is in
 * lib/deletion/. Runbook: docs/runbooks/deletion-request.md.
 *
 * Exit codes: 0 complete deletion or dry run, 1 incomplete, 2 usage error.
 */
import {
  commandToRun,
  defaultOperator,
  EXIT_INCOMPLETE,
  EXIT_OK,
  EXIT_USAGE,
  writeRecord,
} from './command-io';
import { parseArgs } from 'util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  assertValidDeletionOptions,
  DeletionDependencies,
  DeletionOptions,
  DeletionRequestError,
  deleteSellingPartnerData,
  describeError,
  evidenceFileName,
  formatSummary,
} from '../lib/deletion';

export { EXIT_INCOMPLETE, EXIT_OK, EXIT_USAGE };

export const DEFAULT_EVIDENCE_DIR = 'deletion-evidence';

export const USAGE = `Deletes one selling partner's data from the PII table and PII bucket (DPP 1.7 Request for Deletion or Return).
The tax archive is listed, never deleted from. Without --confirm this is a dry run: nothing is deleted.

Usage:
  npm run delete-selling-partner-data -- \\
    --selling-partner-id <id> --table <PiiTableName> --bucket <PiiBucketName> \\
    --archive-bucket <TaxArchiveBucketName> --request-ref <Amazon notice id> \\
    [--region <region>] [--evidence-dir ${DEFAULT_EVIDENCE_DIR}] [--operator <your user id>] \\
    [--confirm <the same selling partner id>]

Options:
  --selling-partner-id  the selling partner whose data is deleted (letters, digits, . _ -)
  --table               the PII table (stack output PiiTableName)
  --bucket              the PII bucket (stack output PiiBucketName)
  --archive-bucket      the tax archive bucket (stack output TaxArchiveBucketName)
  --request-ref         Amazon's notice id, recorded in the evidence
  --region              AWS region of the stores (default: the AWS SDK's, e.g. AWS_REGION)
  --evidence-dir        where the evidence JSON is written (default: ${DEFAULT_EVIDENCE_DIR})
  --operator            who runs the command (default: the operating system user name)
  --confirm             repeat the selling partner id to delete for real
  --help                show this text

Exit codes: 0 complete deletion or dry run, 1 incomplete (see the evidence), 2 usage error.
Runbook: docs/runbooks/deletion-request.md`;

const OPTIONS = {
  'selling-partner-id': { type: 'string' },
  table: { type: 'string' },
  bucket: { type: 'string' },
  'archive-bucket': { type: 'string' },
  'request-ref': { type: 'string' },
  region: { type: 'string' },
  'evidence-dir': { type: 'string' },
  operator: { type: 'string' },
  confirm: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const REQUIRED = [
  'selling-partner-id',
  'table',
  'bucket',
  'archive-bucket',
  'request-ref',
] as const;

/** A problem with the command line; the command prints it with the usage text and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export type Command =
  | { readonly kind: 'help' }
  | {
      readonly kind: 'run';
      readonly options: DeletionOptions;
      readonly region?: string;
      readonly evidenceDir: string;
    };

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
    .flatMap((t) => (t.kind === 'option' ? [t.name] : []))
    .filter((name, i, names) => names.indexOf(name) !== i);
  if (repeated.length > 0) {
    throw new UsageError(`--${repeated[0]} is given more than once`);
  }
  const missing = REQUIRED.filter((name) => values[name] === undefined);
  if (missing.length > 0) {
    throw new UsageError(`missing ${missing.map((name) => `--${name}`).join(', ')}`);
  }
  const sellingPartnerId = values['selling-partner-id'] as string;
  if (values.confirm !== undefined && values.confirm !== sellingPartnerId) {
    throw new UsageError(
      `--confirm ${values.confirm} does not match --selling-partner-id ${sellingPartnerId}; nothing was deleted`,
    );
  }
  return {
    kind: 'run',
    options: {
      sellingPartnerId,
      tableName: values.table as string,
      bucketName: values.bucket as string,
      archiveBucketName: values['archive-bucket'] as string,
      requestReference: values['request-ref'] as string,
      dryRun: values.confirm === undefined,
      operator: values.operator ?? defaultOperator(),
    },
    ...(values.region === undefined ? {} : { region: values.region }),
    evidenceDir: values['evidence-dir'] ?? DEFAULT_EVIDENCE_DIR,
  };
}

/** What the command needs from the world; tests pass their own. */
export interface CommandIo {
  readonly createClients: (
    region: string | undefined,
  ) => Pick<DeletionDependencies, 'dynamodb' | 's3'>;
  /** Writes the evidence file, never overwriting one; returns its path. */
  readonly writeEvidence: (dir: string, fileName: string, json: string) => string;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly defaultOperator: () => string;
  readonly now?: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
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
  let evidence;
  try {
    assertValidDeletionOptions(command.options);
    evidence = await deleteSellingPartnerData(command.options, {
      ...io.createClients(command.region),
      ...(io.now ? { now: io.now } : {}),
      ...(io.sleep ? { sleep: io.sleep } : {}),
    });
  } catch (e) {
    if (e instanceof DeletionRequestError) return usageError(io, e);
    io.err(`The command failed before producing evidence: ${describeError(e)}`);
    return EXIT_INCOMPLETE;
  }
  io.out(formatSummary(evidence));
  const json = `${JSON.stringify(evidence, null, 2)}\n`;
  try {
    io.out(`Evidence: ${io.writeEvidence(command.evidenceDir, evidenceFileName(evidence), json)}`);
  } catch (e) {
    io.err(`Could not write the evidence file (${describeError(e)}); keep this record instead:`);
    io.out(json);
    return EXIT_INCOMPLETE;
  }
  return evidence.outcome === 'incomplete' ? EXIT_INCOMPLETE : EXIT_OK;
}

function usageError(io: CommandIo, e: unknown): number {
  const message =
    e instanceof DeletionRequestError
      ? e.message
      : `Usage error: ${e instanceof Error ? e.message : String(e)}`;
  io.err(`${message}\n\n${USAGE}`);
  return EXIT_USAGE;
}

const nodeIo: CommandIo = {
  createClients(region) {
    const config = region === undefined ? {} : { region };
    return {
      dynamodb: DynamoDBDocumentClient.from(new DynamoDBClient(config)),
      s3: new S3Client(config),
    };
  },
  writeEvidence: writeRecord,
  out: (text) => console.log(text),
  err: (text) => console.error(text),
  defaultOperator,
};

if (require.main === module) {
  void runCommand(process.argv.slice(2), nodeIo).then((code) => {
    process.exitCode = code;
  });
}
