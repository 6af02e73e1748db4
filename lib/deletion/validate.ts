import { DeletionOptions } from './types';

/** The longest selling partner id accepted. */
export const SELLING_PARTNER_ID_MAX_LENGTH = 64;

/** Thrown before any call when the options cannot be acted on safely. */
export class DeletionRequestError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The deletion request is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'DeletionRequestError';
  }
}

/**
 * The problem with a selling partner id, or undefined if it is safe to use as a
 * partition key and key prefix. The id becomes the S3 prefix `<id>/`: an empty id, or
 * one with '/' or whitespace, would select other selling partners' objects or none.
 */
export function sellingPartnerIdProblem(id: string): string | undefined {
  if (id.length === 0) {
    return 'the selling partner id is empty; an empty id would select every selling partner (the empty prefix)';
  }
  if (id.length > SELLING_PARTNER_ID_MAX_LENGTH) {
    return `the selling partner id has ${id.length} characters; at most ${SELLING_PARTNER_ID_MAX_LENGTH} are allowed`;
  }
  if (id.includes('/')) {
    return "the selling partner id contains '/', which would reach into another key prefix";
  }
  if (/\s/.test(id)) return 'the selling partner id contains whitespace';
  if (!/^[A-Za-z0-9._-]+$/.test(id)) {
    return 'the selling partner id may contain only letters, digits, ".", "_" and "-"';
  }
  if (!/[A-Za-z0-9]/.test(id)) return 'the selling partner id has no letter or digit';
  return undefined;
}

/** Every problem with the options; empty when the command may run. */
export function deletionOptionsProblems(options: DeletionOptions): string[] {
  const problems: string[] = [];
  const idProblem = sellingPartnerIdProblem(options.sellingPartnerId);
  if (idProblem) problems.push(idProblem);
  if (options.tableName.trim() === '') problems.push('the PII table name is empty');
  if (options.bucketName.trim() === '') problems.push('the PII bucket name is empty');
  if (options.archiveBucketName !== undefined) {
    if (options.archiveBucketName.trim() === '') {
      problems.push('the tax archive bucket name is empty');
    } else if (options.archiveBucketName === options.bucketName) {
      problems.push(
        'the tax archive bucket is the same as the PII bucket; the archive is never deleted from',
      );
    }
  }
  if (options.requestReference.trim() === '') {
    problems.push("the request reference (Amazon's notice id) is empty");
  } else if (/[\p{Cc}]/u.test(options.requestReference)) {
    problems.push('the request reference contains control characters');
  }
  if (options.operator.trim() === '') problems.push('the operator is empty');
  return problems;
}

/** Throws a DeletionRequestError listing every problem with the options. */
export function assertValidDeletionOptions(options: DeletionOptions): void {
  const problems = deletionOptionsProblems(options);
  if (problems.length > 0) throw new DeletionRequestError(problems);
}
