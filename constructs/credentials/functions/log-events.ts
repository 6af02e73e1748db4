/**
 * The structured log events of the credential functions that the construct's metric
 * filters count. A log line carries its event name in the `event` field.
 */
export const LOG_EVENTS = {
  /** A rotation step completed. */
  stepDone: 'LwaRotationStepDone',
  /** createSecret waits for Amazon's notification: an expected, unalarmed failure. */
  awaitingNotification: 'LwaRotationAwaitingNotification',
  /** A rotation step failed for any other reason: alarmed. */
  stepFailed: 'LwaRotationStepFailed',
  /** The hourly check of the rotation; `overdue` says whether it is late. */
  rotationStatus: 'LwaRotationStatus',
  /** A notification was handled; `outcome` says how. */
  notificationHandled: 'SpApiNotificationHandled',
  /** A notification could not be handled; SQS retries it, then dead-letters it. */
  notificationFailed: 'SpApiNotificationFailed',
} as const;
