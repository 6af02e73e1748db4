import { sellingPartnerIdProblem } from '../policy/sp-api';
import { DeletionOptions } from './types';

export { SELLING_PARTNER_ID_MAX_LENGTH, sellingPartnerIdProblem } from '../policy/sp-api';

/** Thrown before any call when the options cannot be acted on safely. */
export class DeletionRequestError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The deletion request is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'DeletionRequestError';
  }
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
