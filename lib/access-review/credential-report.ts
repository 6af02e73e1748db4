import {
  CredentialReportExpiredException,
  CredentialReportNotPresentException,
  CredentialReportNotReadyException,
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  GetCredentialReportCommandOutput,
  IAMClient,
} from '@aws-sdk/client-iam';
import { CsvError, parse } from 'csv-parse/sync';
import { AwsCaller } from './aws-calls';

/**
 * The IAM credential report: one CSV row per user (and one for the root user) with
 * password, MFA and access-key facts. Two calls list every user of the account,
 * however many there are, where a call per user would take thousands and be throttled.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html
 */

export interface PollLimits {
  /** Wait before the first poll; doubled per poll up to `maxIntervalMs`. */
  readonly initialIntervalMs: number;
  readonly maxIntervalMs: number;
  /** Total wait for the report before the review gives up. */
  readonly maxWaitMs: number;
}

/** IAM usually builds the report within seconds; minutes for large accounts. */
export const DEFAULT_POLL_LIMITS: PollLimits = {
  initialIntervalMs: 2_000,
  maxIntervalMs: 15_000,
  maxWaitMs: 180_000,
};

/** The report could not be had within the wait allowed. */
export class CredentialReportTimeoutError extends Error {
  override name = 'CredentialReportTimeoutError';
}

/** The report was returned but is not the CSV that IAM documents; nothing of it is used. */
export class CredentialReportFormatError extends Error {
  override name = 'CredentialReportFormatError';
}

/** A date column: a date, or one of IAM's markers for "none". */
export type ReportDate = Date | undefined;

/** One row of the report, typed. Absent dates are IAM's `N/A`, `no_information` or `not_supported`. */
export interface CredentialReportRow {
  /** The user name; `<root_account>` for the root user. */
  readonly user: string;
  readonly arn: string;
  readonly userCreationTime: Date;
  /** `undefined` for the root user, whose column says `not_supported`. */
  readonly passwordEnabled: boolean | undefined;
  readonly passwordLastUsed: ReportDate;
  readonly passwordLastChanged: ReportDate;
  readonly mfaActive: boolean;
  readonly accessKeys: readonly [CredentialReportKey, CredentialReportKey];
}

export interface CredentialReportKey {
  readonly active: boolean;
  readonly lastRotated: ReportDate;
  readonly lastUsedDate: ReportDate;
  readonly lastUsedRegion: string | undefined;
  readonly lastUsedService: string | undefined;
}

export interface CredentialReport {
  readonly generatedAt: Date;
  readonly rows: readonly CredentialReportRow[];
}

export const ROOT_ACCOUNT_USER = '<root_account>';

export interface FetchOptions {
  readonly limits?: PollLimits;
  readonly sleep: (ms: number) => Promise<void>;
}

/**
 * Asks IAM to generate the report and polls, with waits that grow and a bounded total,
 * until it is ready; then gets and parses it. IAM reuses a report younger than four
 * hours, so `generatedAt` (in the review) tells the reviewer how fresh the data is.
 *
 * Throws `CredentialReportTimeoutError` after `maxWaitMs`, `CredentialReportFormatError`
 * for a report that does not parse, and the call's error for anything else.
 */
export async function fetchCredentialReport(
  iam: IAMClient,
  caller: AwsCaller,
  options: FetchOptions,
): Promise<CredentialReport> {
  const limits = options.limits ?? DEFAULT_POLL_LIMITS;
  let waitedMs = 0;
  let intervalMs = limits.initialIntervalMs;
  for (;;) {
    const generated = await caller.call('IAM GenerateCredentialReport', () =>
      iam.send(new GenerateCredentialReportCommand({})),
    );
    let state = generated.State ?? 'unknown';
    if (state === 'COMPLETE') {
      const report = await getReportIfReady(iam, caller);
      if (report) return parseCredentialReportOutput(report);
      state = 'COMPLETE, but GetCredentialReport said it was not ready';
    }
    if (waitedMs >= limits.maxWaitMs) {
      throw new CredentialReportTimeoutError(
        `the IAM credential report was not ready after waiting ${Math.round(waitedMs / 1000)} s (last state: ${state}); run the review again later`,
      );
    }
    const waitMs = Math.min(intervalMs, limits.maxWaitMs - waitedMs);
    await options.sleep(waitMs);
    waitedMs += waitMs;
    intervalMs = Math.min(intervalMs * 2, limits.maxIntervalMs);
  }
}

/** The report, or undefined while IAM says it is not there or not ready yet. */
async function getReportIfReady(
  iam: IAMClient,
  caller: AwsCaller,
): Promise<GetCredentialReportCommandOutput | undefined> {
  try {
    return await caller.call('IAM GetCredentialReport', () =>
      iam.send(new GetCredentialReportCommand({})),
    );
  } catch (e) {
    if (
      e instanceof CredentialReportNotPresentException ||
      e instanceof CredentialReportNotReadyException ||
      e instanceof CredentialReportExpiredException
    ) {
      return undefined;
    }
    throw e;
  }
}

function parseCredentialReportOutput(output: GetCredentialReportCommandOutput): CredentialReport {
  if (output.ReportFormat !== undefined && output.ReportFormat !== 'text/csv') {
    throw new CredentialReportFormatError(
      `the IAM credential report has format '${output.ReportFormat}', not text/csv`,
    );
  }
  if (!output.Content || output.Content.length === 0) {
    throw new CredentialReportFormatError('the IAM credential report is empty');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(output.Content);
  } catch {
    throw new CredentialReportFormatError('the IAM credential report is not UTF-8 text');
  }
  const generatedAt = output.GeneratedTime;
  if (!generatedAt || Number.isNaN(generatedAt.getTime())) {
    throw new CredentialReportFormatError('the IAM credential report has no generation time');
  }
  return { generatedAt, rows: parseCredentialReport(text) };
}

/** The columns the review reads; IAM documents more, which are ignored. */
export const REQUIRED_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'mfa_active',
  ...([1, 2] as const).flatMap((n) => [
    `access_key_${n}_active`,
    `access_key_${n}_last_rotated`,
    `access_key_${n}_last_used_date`,
    `access_key_${n}_last_used_region`,
    `access_key_${n}_last_used_service`,
  ]),
] as const;

/** IAM's values for "no date": no password, never used, before tracking began, root. */
const NO_DATE = new Set(['N/A', 'no_information', 'not_supported']);

/**
 * Parses the report's CSV with a real CSV parser (quoted fields, embedded commas) and
 * checks every value it uses. One bad row fails the whole report, naming the line and
 * column: a review that silently dropped a user would not be a review.
 */
export function parseCredentialReport(csv: string): CredentialReportRow[] {
  let records: Record<string, string>[];
  try {
    records = parse(csv, {
      bom: true,
      columns: (header: string[]) => checkHeader(header),
      skip_empty_lines: true,
      relax_column_count: false,
    }) as Record<string, string>[];
  } catch (e) {
    if (e instanceof CredentialReportFormatError) throw e;
    const detail = e instanceof CsvError ? e.message : String(e);
    throw new CredentialReportFormatError(`the IAM credential report is not valid CSV: ${detail}`);
  }
  if (records.length === 0) {
    throw new CredentialReportFormatError('the IAM credential report has no rows');
  }
  const seen = new Set<string>();
  return records.map((record, index) => {
    const row = new RowReader(record, index + 2).read();
    if (seen.has(row.user)) {
      throw new CredentialReportFormatError(
        `the IAM credential report lists user '${row.user}' twice (line ${index + 2})`,
      );
    }
    seen.add(row.user);
    return row;
  });
}

function checkHeader(header: string[]): string[] {
  const missing = REQUIRED_COLUMNS.filter((column) => !header.includes(column));
  if (missing.length > 0) {
    throw new CredentialReportFormatError(
      `the IAM credential report lacks the column(s) ${missing.join(', ')}; its header is: ${header.join(',').slice(0, 300)}`,
    );
  }
  return header;
}

/** Reads one record's values, failing with the line and column of the first bad one. */
class RowReader {
  constructor(
    private readonly record: Record<string, string>,
    private readonly line: number,
  ) {}

  read(): CredentialReportRow {
    const user = this.text('user');
    const isRoot = user === ROOT_ACCOUNT_USER;
    return {
      user,
      arn: this.arn(),
      userCreationTime: this.requiredDate('user_creation_time'),
      passwordEnabled: isRoot ? undefined : this.bool('password_enabled'),
      passwordLastUsed: this.date('password_last_used'),
      passwordLastChanged: this.date('password_last_changed'),
      mfaActive: this.bool('mfa_active'),
      accessKeys: [this.key(1), this.key(2)],
    };
  }

  private key(n: 1 | 2): CredentialReportKey {
    return {
      active: this.bool(`access_key_${n}_active`),
      lastRotated: this.date(`access_key_${n}_last_rotated`),
      lastUsedDate: this.date(`access_key_${n}_last_used_date`),
      lastUsedRegion: this.optionalText(`access_key_${n}_last_used_region`),
      lastUsedService: this.optionalText(`access_key_${n}_last_used_service`),
    };
  }

  private raw(column: string): string {
    // Columns were checked in the header and csv-parse enforces the count per row.
    return (this.record[column] ?? '').trim();
  }

  private fail(column: string, expected: string): never {
    throw new CredentialReportFormatError(
      `the IAM credential report has an invalid value at line ${this.line}, column ${column}: '${this.raw(column).slice(0, 80)}' is not ${expected}`,
    );
  }

  private text(column: string): string {
    const value = this.raw(column);
    if (value === '') this.fail(column, 'a non-empty value');
    return value;
  }

  private optionalText(column: string): string | undefined {
    const value = this.raw(column);
    return value === '' || NO_DATE.has(value) ? undefined : value;
  }

  private arn(): string {
    const value = this.raw('arn');
    if (!/^arn:aws[a-z-]*:iam::\d{12}:(root|user\/.+)$/.test(value)) {
      this.fail('arn', 'an IAM user or root ARN');
    }
    return value;
  }

  private bool(column: string): boolean {
    const value = this.raw(column);
    if (value === 'true') return true;
    if (value === 'false') return false;
    return this.fail(column, "'true' or 'false'");
  }

  private date(column: string): ReportDate {
    const value = this.raw(column);
    if (NO_DATE.has(value)) return undefined;
    const parsed = /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : undefined;
    if (!parsed || Number.isNaN(parsed.getTime())) {
      return this.fail(column, 'an ISO 8601 date, N/A, no_information or not_supported');
    }
    return parsed;
  }

  private requiredDate(column: string): Date {
    return this.date(column) ?? this.fail(column, 'a date');
  }
}
