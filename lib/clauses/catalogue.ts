/**
 * The clause catalogue: every numbered clause of the SP-API Data Protection Policy
 * (DPP) and the technical clauses of the Acceptable Use Policy (AUP) and the company
 * Data Use Policy (DUP), as data.
 *
 * This is the one place a clause's wording lives. Rule messages, acknowledgement
 * checks and reports are generated from it. Source texts: `../shared/policies/`.
 */

/** The policies this baseline enforces. */
export type PolicyId = 'DPP' | 'AUP' | 'DUP';

/**
 * How a clause is met.
 * - `enforced`: by infrastructure, and checked at synth by the DPP pack.
 * - `monitored`: at run time, by logs, alarms or a review tool.
 * - `organizational`: by people and process; the baseline can only support it.
 */
export type ClauseKind = 'enforced' | 'monitored' | 'organizational';

/** The capability of `../shared/ROADMAP.md` that covers a clause. */
export type Capability =
  | 'foundation'
  | 'network'
  | 'data'
  | 'credentials'
  | 'identity'
  | 'audit'
  | 'evidence'
  | 'quality'
  | 'workload'
  | 'delivery';

/** Capabilities built in this version; a clause owned by another one is a known gap. */
export const BUILT_CAPABILITIES: readonly Capability[] = ['foundation', 'network', 'data', 'audit'];

export interface Clause {
  /** Citation id, e.g. `DPP 2.6`, `AUP 3.5`, `DUP 4.7`. */
  readonly id: string;
  readonly policy: PolicyId;
  /** Short title used in every citation, e.g. `Logging and Monitoring`. */
  readonly title: string;
  /** The version of the policy text this entry was taken from. */
  readonly policyVersion: string;
  readonly kind: ClauseKind;
  /** The roadmap capability that owns the clause. */
  readonly capability: Capability;
  /** The requirement in the policy's own words, shortened where marked with an ellipsis. */
  readonly requirement: string;
  /**
   * Code of this project that implements the clause: `module#Export` (a module path
   * from the project root, without `.ts`, and the exported class or function), or a
   * plain file path for a command. A test checks each one exists.
   */
  readonly constructs: readonly string[];
  /** What remains for people to do, where the template cannot prove it. */
  readonly organizationalNote?: string;
}

const DPP_VERSION = 'DPP effective 2024-01-01';
const AUP_VERSION = 'AUP redline, current text';
const DUP_VERSION = 'DUP as adopted by the company';

const dpp = (c: Omit<Clause, 'policy' | 'policyVersion'>): Clause => ({
  ...c,
  policy: 'DPP',
  policyVersion: DPP_VERSION,
});
const aup = (c: Omit<Clause, 'policy' | 'policyVersion'>): Clause => ({
  ...c,
  policy: 'AUP',
  policyVersion: AUP_VERSION,
});
const dup = (c: Omit<Clause, 'policy' | 'policyVersion'>): Clause => ({
  ...c,
  policy: 'DUP',
  policyVersion: DUP_VERSION,
});

export const CLAUSES = [
  dpp({
    id: 'DPP 1.1',
    title: 'Network Protection',
    kind: 'enforced',
    capability: 'network',
    requirement:
      'Implement network protection controls including network firewalls, network access control lists to deny access to unauthorized IP addresses; anti-virus and anti-malware on end-user devices; restrict public access only to approved users.',
    constructs: ['constructs/network#BaselineNetwork', 'constructs/network#EgressFirewall'],
    organizationalNote: 'Anti-virus and anti-malware on end-user devices is managed outside AWS.',
  }),
  dpp({
    id: 'DPP 1.2',
    title: 'Access Management',
    kind: 'monitored',
    capability: 'identity',
    requirement:
      'Unique ID per person; no generic, shared or default credentials; baselining so only required accounts access Information; review people and services with access every 90 days; no Information on personal devices; account lockout on anomalous usage.',
    constructs: [],
    organizationalNote: 'The 90-day access review and the personal-device rule are run by people.',
  }),
  dpp({
    id: 'DPP 1.3',
    title: 'Least Privilege Principle',
    kind: 'enforced',
    capability: 'identity',
    requirement:
      'Fine-grained access control following least privilege; access to Information on a need-to-know basis.',
    constructs: ['constructs/keys#DataClassKeys'],
  }),
  dpp({
    id: 'DPP 1.4',
    title: 'Password Management',
    kind: 'enforced',
    capability: 'identity',
    requirement:
      'Passwords of at least 8 characters with upper and lower case letters, numbers and special characters, rotated at least quarterly.',
    constructs: [],
  }),
  dpp({
    id: 'DPP 1.5',
    title: 'Encryption in Transit',
    kind: 'enforced',
    capability: 'network',
    requirement:
      'Encrypt all Information in transit with TLS 1.2+, SFTP or SSH-2 on all internal and external endpoints; use message-level encryption where TLS terminates in untrusted multi-tenant hardware.',
    constructs: ['constructs/network#BaselineNetwork', 'constructs/data#PiiBucket'],
  }),
  dpp({
    id: 'DPP 1.6',
    title: 'Incident Response Plan',
    kind: 'organizational',
    capability: 'audit',
    requirement:
      'Maintain an incident response plan with roles, incident types, procedures and escalation to Amazon; review every six months; notify 3p-security@amazon.com within 24 hours; keep chain of custody.',
    constructs: [
      'docs/runbooks/incident-response.md',
      'constructs/audit#SecurityAlarmTopic',
      'constructs/audit#AuditTrail',
    ],
    organizationalNote:
      'The plan (docs/runbooks/incident-response.md), its six-monthly review and notification to Amazon are run by people; the alarms route to the plan and the trail digests carry the chain of custody.',
  }),
  dpp({
    id: 'DPP 1.7',
    title: 'Request for Deletion or Return',
    kind: 'organizational',
    capability: 'data',
    requirement:
      "Delete or return Information within 72 hours of Amazon's request, securely per NIST 800-88; delete all live instances 90 days after the notice; certify destruction in writing on request.",
    constructs: [
      'lib/deletion#deleteSellingPartnerData',
      'scripts/delete-selling-partner-data.ts',
      'constructs/data#BaselineData',
      'constructs/keys#DataClassKeys',
    ],
    organizationalNote:
      'A person runs the deletion command and the runbook (docs/runbooks/deletion-request.md) and certifies destruction.',
  }),
  dpp({
    id: 'DPP 2.1',
    title: 'Data Retention',
    kind: 'enforced',
    capability: 'data',
    requirement:
      'Retain PII no longer than 30 days after order delivery; archival copies required by law are stored as cold or offline encrypted backup, not available for immediate or interactive use.',
    constructs: [
      'constructs/data#PiiBucket',
      'constructs/data#PiiTable',
      'constructs/data#TaxArchive',
    ],
  }),
  dpp({
    id: 'DPP 2.2',
    title: 'Data Governance',
    kind: 'organizational',
    capability: 'data',
    requirement:
      'Document a privacy and data handling policy; maintain a record of processing activities for all PII fields (collection, processing, storage, use, sharing, disposal).',
    constructs: [
      'constructs/data#recordsOfProcessing',
      'lib/report/processing-report#writeProcessingReport',
    ],
    organizationalNote:
      'The privacy policy and legal-requirements process are owned by people; the record of processing is generated from the stores into cdk.out/record-of-processing.md.',
  }),
  dpp({
    id: 'DPP 2.3',
    title: 'Asset Management',
    kind: 'organizational',
    capability: 'data',
    requirement:
      'Keep a quarterly inventory of software and physical assets with access to PII; no PII on removable media, personal devices or public links unless encrypted with AES-128 / RSA-2048 or stronger.',
    constructs: ['constructs/data#PiiBucket', 'constructs/data#TaxArchive'],
    organizationalNote:
      'The asset inventory, removable media, personal devices and printed-document disposal are run by people.',
  }),
  dpp({
    id: 'DPP 2.4',
    title: 'Encryption at Rest',
    kind: 'enforced',
    capability: 'data',
    requirement:
      "Encrypt all PII at rest with AES-128 / RSA-2048 or stronger; keys and cryptographic capabilities only accessible to the Developer's processes and services.",
    constructs: [
      'constructs/keys#DataClassKeys',
      'constructs/data#PiiBucket',
      'constructs/data#PiiTable',
      'constructs/data#TaxArchive',
    ],
  }),
  dpp({
    id: 'DPP 2.5',
    title: 'Secure Coding Practices',
    kind: 'enforced',
    capability: 'foundation',
    requirement:
      'Do not hardcode sensitive credentials (encryption keys, secret access keys, passwords) in code or public repositories; maintain separate test and production environments.',
    constructs: ['lib/stage/baseline-stage#BaselineStage'],
  }),
  dpp({
    id: 'DPP 2.6',
    title: 'Logging and Monitoring',
    kind: 'enforced',
    capability: 'audit',
    requirement:
      'Log security events on all channels; protect logs against unauthorized access and tampering; logs must not contain PII and must be retained at least 90 days; alarm on suspicious actions and on Information extracted from its protected boundaries.',
    constructs: [
      'constructs/network#BaselineNetwork',
      'constructs/logging/encrypted-log-group#EncryptedLogGroup',
      'constructs/data#AccessLogsBucket',
      'constructs/audit#BaselineAudit',
      'constructs/audit#AuditTrail',
      'constructs/audit#SecurityAlarms',
      'constructs/audit#CanaryRecords',
      'constructs/audit#ThreatDetection',
    ],
    organizationalNote:
      'Investigating an alarm is done by people, following docs/runbooks/incident-response.md.',
  }),
  dpp({
    id: 'DPP 2.7',
    title: 'Vulnerability Management',
    kind: 'organizational',
    capability: 'audit',
    requirement:
      'Maintain a vulnerability plan; scan or pen-test at least every 180 days and scan code before each release; control changes to storage hardware.',
    constructs: ['docs/runbooks/vulnerability-management.md', 'constructs/audit#ThreatDetection'],
    organizationalNote:
      'Inspector scans the functions continuously; the 180-day scans, the pre-release scan and change approval are run by people and pipelines (docs/runbooks/vulnerability-management.md).',
  }),
  dpp({
    id: 'DPP 3',
    title: 'Audit and Assessment',
    kind: 'organizational',
    capability: 'evidence',
    requirement:
      'Keep books and records to verify compliance during the agreement and 12 months after; certify compliance and cooperate with audits on request.',
    constructs: [],
    organizationalNote:
      'Certification and audit cooperation are done by people; the reports are evidence.',
  }),
  aup({
    id: 'AUP 2.9',
    title: 'Respect throttling quotas',
    kind: 'monitored',
    capability: 'workload',
    requirement:
      'Quality and performance 3: design your Application to respect per-Selling Partner throttling quotas.',
    constructs: [],
  }),
  aup({
    id: 'AUP 3.1',
    title: 'Never share keys or passwords',
    kind: 'enforced',
    capability: 'credentials',
    requirement: 'Never share keys or passwords.',
    constructs: [],
  }),
  aup({
    id: 'AUP 3.5',
    title: 'Do not apply for keys you will not use',
    kind: 'monitored',
    capability: 'credentials',
    requirement:
      'Do not apply for keys that you will not use; keys that make no successful call in 90 days are deleted.',
    constructs: [],
  }),
  aup({
    id: 'AUP 3.9',
    title: 'Need-to-know access',
    kind: 'enforced',
    capability: 'identity',
    requirement:
      'Only grant access to data on a need-to-know basis within your organization and among your Application users.',
    constructs: [],
  }),
  aup({
    id: 'AUP 4.1',
    title: 'PII only for tax and merchant fulfillment',
    kind: 'organizational',
    capability: 'data',
    requirement:
      'Do not use PII about Amazon Customers for any purpose other than tax and merchant fulfillment.',
    constructs: ['constructs/data#PiiBucket', 'constructs/data#PiiTable'],
    organizationalNote: 'Purpose limitation is declared per field in the record of processing.',
  }),
  dup({
    id: 'DUP 3.3',
    title: 'Account information only to authorized employees',
    kind: 'organizational',
    capability: 'identity',
    requirement:
      'Only authorized internal employees can obtain account information, on application to the company administrator.',
    constructs: [],
  }),
  dup({
    id: 'DUP 3.4',
    title: 'Regular key rotation and account recycling',
    kind: 'enforced',
    capability: 'credentials',
    requirement:
      'Secret keys are updated and reset regularly; user accounts not used for a fixed period are recycled.',
    constructs: ['constructs/keys#DataClassKeys'],
  }),
  dup({
    id: 'DUP 3.5',
    title: 'Permissions per account',
    kind: 'enforced',
    capability: 'identity',
    requirement:
      'Different permissions are set for each account according to the service it needs.',
    constructs: [],
  }),
  dup({
    id: 'DUP 4.5',
    title: 'Data classification',
    kind: 'enforced',
    capability: 'data',
    requirement:
      'Collected data is classified and identified so that access control, encryption and desensitization follow its category and level; encryption and integrity verification in transit; monitoring of abnormal usage and account locking.',
    constructs: ['constructs/data/classification#classify'],
  }),
  dup({
    id: 'DUP 4.7',
    title: 'Data stays on the internal network',
    kind: 'enforced',
    capability: 'network',
    requirement:
      'Data is not allowed to be shared to the external environment, only limited to the internal network.',
    constructs: [
      'constructs/network#BaselineNetwork',
      'constructs/network#EgressFirewall',
      'constructs/network#DnsFirewall',
      'constructs/data#PiiBucket',
    ],
  }),
  dup({
    id: 'DUP 4.8',
    title: 'Minimum authority for data sharing',
    kind: 'enforced',
    capability: 'identity',
    requirement:
      'Data sharing follows the principle of minimum authority with fine-grained access control; users are assigned fixed roles.',
    constructs: [],
  }),
] as const satisfies readonly Clause[];

/** A citation id of a clause in the catalogue, e.g. `'DPP 2.6'`. */
export type ClauseId = (typeof CLAUSES)[number]['id'];

const BY_ID: ReadonlyMap<string, Clause> = new Map(CLAUSES.map((c) => [c.id, c]));

/** Whether `id` names a clause in the catalogue. */
export function isClauseId(id: string): id is ClauseId {
  return BY_ID.has(id);
}

/** The catalogue entry for a clause id; throws on an id the catalogue does not hold. */
export function clause(id: ClauseId): Clause {
  const found = BY_ID.get(id);
  if (!found) {
    throw new Error(`Unknown clause '${id}': it is not in lib/clauses/catalogue.ts`);
  }
  return found;
}

/** The citation of a clause as reviewers read it: `DPP 2.6 Logging and Monitoring`. */
export function cite(id: ClauseId): string {
  const c = clause(id);
  return `${c.id} ${c.title}`;
}
