/**
 * Where an alarm sends the person who receives it (DPP 2.6: "Developers should perform
 * investigation when monitoring alarms are triggered, and this should be documented in
 * the Developer's Incident Response Plan"; DPP 1.6 Incident Response Plan; DPP 2.7
 * Vulnerability Management). Every alarm and event rule of the audit capability names
 * one of these sections in its description; a test checks that each exists.
 */

/** The incident response plan (DPP 1.6). */
export const INCIDENT_RESPONSE_RUNBOOK = 'docs/runbooks/incident-response.md';
/** The vulnerability management plan (DPP 2.7). */
export const VULNERABILITY_RUNBOOK = 'docs/runbooks/vulnerability-management.md';

export interface RunbookSection {
  /** The runbook, as a path from the project root. */
  readonly runbook: string;
  /** The section's anchor, as GitHub renders its heading. */
  readonly anchor: string;
}

const incident = (anchor: string): RunbookSection => ({
  runbook: INCIDENT_RESPONSE_RUNBOOK,
  anchor,
});

/** The sections that handle the audit capability's alarms and findings. */
export const RUNBOOK_SECTIONS = {
  unauthorizedApiCalls: incident('unauthorized-api-calls'),
  consoleSignInFailures: incident('console-sign-in-failures'),
  rootAccountUse: incident('root-account-use'),
  iamChange: incident('iam-policy-or-credential-change'),
  monitoringChange: incident('audit-trail-or-monitoring-change'),
  kmsKeyDisabled: incident('kms-key-disabled-or-scheduled-for-deletion'),
  networkChange: incident('network-or-firewall-change'),
  secretRead: incident('secret-read-by-an-unexpected-principal'),
  unusualPiiRetrieval: incident('unusual-pii-retrieval'),
  egressBlocked: incident('egress-or-dns-query-blocked'),
  canaryAccessed: incident('canary-record-accessed'),
  canaryRefreshFailed: incident('canary-refresh-failed'),
  threatFinding: incident('threat-detection-finding'),
  piiOutsideBoundary: incident('pii-found-outside-its-boundary'),
  vulnerabilityFinding: { runbook: VULNERABILITY_RUNBOOK, anchor: 'inspector-finding' },
} as const satisfies Record<string, RunbookSection>;

/** `docs/runbooks/incident-response.md#root-account-use` */
export function runbookReference(section: RunbookSection): string {
  return `${section.runbook}#${section.anchor}`;
}

/**
 * The description of an alarm or rule: what it means, then where to go. CloudWatch
 * keeps alarm descriptions to 1024 characters, EventBridge rule descriptions to 512.
 */
export function describeAlarm(meaning: string, section: RunbookSection): string {
  const description = `${meaning} Runbook: ${runbookReference(section)}`;
  if (description.length > 512) {
    throw new Error(`alarm description is ${description.length} characters, over 512: ${meaning}`);
  }
  return description;
}
