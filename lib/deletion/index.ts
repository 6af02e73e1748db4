/**
 * Deletion of one selling partner's data from the baseline's PII stores, for
 * DPP 1.7 Request for Deletion or Return. The command is
 * scripts/delete-selling-partner-data.ts; the runbook docs/runbooks/deletion-request.md.
 */
export { ARCHIVE_RETENTION_BASIS, deleteSellingPartnerData } from './delete-selling-partner-data';
export { DELETE_OBJECTS_LIMIT } from './bucket';
export { evidenceFileName, formatSummary } from './summary';
export {
  DELETE_BACKOFF_BASE_MS,
  DELETE_BACKOFF_MAX_MS,
  DELETE_CONCURRENCY,
  DELETE_MAX_ATTEMPTS,
} from './table';
export * from './types';
export { describeError } from './util';
export {
  assertValidDeletionOptions,
  DeletionRequestError,
  SELLING_PARTNER_ID_MAX_LENGTH,
  deletionOptionsProblems,
  sellingPartnerIdProblem,
} from './validate';
