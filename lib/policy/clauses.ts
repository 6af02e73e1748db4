/**
 * The clause catalogue: every numbered clause of the SP-API Data Protection Policy
 * (DPP), the SP-API Acceptable Use Policy (AUP) and the company's Data Use Policy (DUP),
 * as data, so that nothing a reviewer looks for is missing from a report.
 *
 * This is the one place a clause's wording lives. Rule messages, acknowledgement
 * checks and reports are generated from it. Source texts: `../shared/policies/`.
 *
 * AUP clauses are cited by the numbers of the redline's old text (`AUP 2.9`), which
 * its current text restarts inside each sub-heading ("Quality and performance 3");
 * the requirement gives the current wording.
 */

/** The policies this baseline enforces. */
export type PolicyId = 'DPP' | 'AUP' | 'DUP';

/**
 * How a clause is met.
 * - `enforced`: by infrastructure, and checked at synth by the DPP pack.
 * - `monitored`: at run time, by logs, alarms or a review tool.
 * - `organizational`: by people and process; the baseline can only support it.
 * - `not-applicable`: not applicable to infrastructure: it governs what the business or
 *   the application's features do, which no template or alarm can show.
 */
export type ClauseKind = 'enforced' | 'monitored' | 'organizational' | 'not-applicable';

/** How each kind reads in a report. */
export const CLAUSE_KIND_LABELS: Readonly<Record<ClauseKind, string>> = {
  enforced: 'enforced',
  monitored: 'monitored',
  organizational: 'organizational',
  'not-applicable': 'not applicable to infrastructure',
};

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
  | 'delivery'
  /** No capability builds anything for it: people and process own it entirely. */
  | 'organization';

/** Capabilities built in this version; a clause owned by another one is a known gap. */
export const BUILT_CAPABILITIES: readonly Capability[] = [
  'foundation',
  'network',
  'data',
  'credentials',
  'audit',
  'identity',
  'workload',
];

export interface Clause {
  /** Citation id, e.g. `DPP 2.6`, `AUP 3.5`, `DUP 4.7`. */
  readonly id: string;
  readonly policy: PolicyId;
  /** Short title used in every citation, e.g. `Logging and Monitoring`. */
  readonly title: string;
  /** The version of the policy text this entry was taken from. */
  readonly policyVersion: string;
  readonly kind: ClauseKind;
  /** Why the clause has this kind, in one line a reviewer reads. */
  readonly rationale: string;
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

// The rationales that repeat: one wording each.
const BY_PEOPLE = 'A commitment of the business and its people; infrastructure cannot show it.';
const APP_BEHAVIOUR =
  "Governs the application's features or the business's conduct, not the infrastructure it runs on.";
const UMBRELLA = 'Met through the clauses of the DPP in this catalogue; see their status.';

export const CLAUSES = [
  // ---- DPP 1 General Security Requirements
  dpp({
    id: 'DPP 1.1',
    title: 'Network Protection',
    kind: 'enforced',
    rationale: 'Firewall, network ACLs and endpoints are resources the DPP pack checks at synth.',
    capability: 'network',
    requirement:
      'Implement network protection controls including network firewalls, network access control lists to deny access to unauthorized IP addresses; anti-virus and anti-malware on end-user devices; restrict public access only to approved users.',
    constructs: [
      'constructs/network#BaselineNetwork',
      'constructs/network#EgressFirewall',
      'constructs/network#DnsFirewall',
    ],
    organizationalNote: 'Anti-virus and anti-malware on end-user devices is managed outside AWS.',
  }),
  dpp({
    id: 'DPP 1.2',
    title: 'Access Management',
    kind: 'monitored',
    rationale:
      'Unique identities are checked at synth; the 90-day review and account lockout run against the live account.',
    capability: 'identity',
    requirement:
      'Unique ID per person; no generic, shared or default credentials; baselining so only required accounts access Information; review people and services with access every 90 days; no Information on personal devices; account lockout on anomalous usage.',
    constructs: [
      'constructs/access#JobFunctionRoles',
      'constructs/access#BaselinePermissionsBoundary',
      'lib/access-review#reviewAccess',
      'scripts/access-review.ts',
    ],
    organizationalNote:
      'People run the 90-day access review with `npm run access-review` (docs/runbooks/access-review.md) and act on it; the personal-device rule is theirs.',
  }),
  dpp({
    id: 'DPP 1.3',
    title: 'Least Privilege Principle',
    kind: 'enforced',
    rationale:
      'Roles, key policies and resource policies are in the templates and checked at synth.',
    capability: 'identity',
    requirement:
      'Fine-grained access control following least privilege; access to Information on a need-to-know basis.',
    constructs: [
      'constructs/access#JobFunctionRoles',
      'constructs/access#BaselinePermissionsBoundary',
      'constructs/keys#DataClassKeys',
    ],
  }),
  dpp({
    id: 'DPP 1.4',
    title: 'Password Management',
    kind: 'enforced',
    rationale:
      'The account password policy and the rotation of system credentials are resources checked at synth.',
    capability: 'identity',
    requirement:
      'Passwords of at least 8 characters with upper and lower case letters, numbers and special characters, rotated at least quarterly.',
    constructs: [
      'constructs/access#AccountPasswordPolicy',
      'constructs/credentials#SpApiCredentials',
    ],
  }),
  dpp({
    id: 'DPP 1.5',
    title: 'Encryption in Transit',
    kind: 'enforced',
    rationale:
      'Bucket policies, listeners and endpoints that require TLS 1.2+ are checked at synth.',
    capability: 'network',
    requirement:
      'Encrypt all Information in transit with TLS 1.2+, SFTP or SSH-2 on all internal and external endpoints; use message-level encryption where TLS terminates in untrusted multi-tenant hardware.',
    constructs: ['constructs/network#BaselineNetwork', 'constructs/data#PiiBucket'],
  }),
  dpp({
    id: 'DPP 1.6',
    title: 'Incident Response Plan',
    kind: 'organizational',
    rationale:
      'A plan people keep, review and follow; the baseline ships the runbook and the alarms.',
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
    rationale:
      "Deletion follows Amazon's notice, which a person acts on with the baseline's command.",
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
  // ---- DPP 2 Additional Security Requirements Specific to PII
  dpp({
    id: 'DPP 2.1',
    title: 'Data Retention',
    kind: 'enforced',
    rationale: 'Expiry, backups and the archive lock of every PII store are checked at synth.',
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
    rationale:
      "The privacy policy is people's; the record of processing is generated from the templates at synth.",
    capability: 'data',
    requirement:
      'Document a privacy and data handling policy; maintain a record of processing activities for all PII fields (collection, processing, storage, use, sharing, disposal).',
    constructs: [
      'constructs/data#declareProcessing',
      'lib/report/record-of-processing#recordOfProcessing',
      'lib/report/processing-report#processingMarkdown',
    ],
    organizationalNote:
      'The privacy policy and legal-requirements process are owned by people; the record of processing is generated from the templates into cdk.out/compliance/ (record-of-processing.md and the HTML report).',
  }),
  dpp({
    id: 'DPP 2.3',
    title: 'Asset Management',
    kind: 'organizational',
    rationale:
      "The inventory of devices and media is people's; the baseline keeps PII off public links.",
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
    rationale: 'Store encryption and key policies are in the templates and checked at synth.',
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
    rationale:
      'Separate environments and the absence of credentials in templates are checked at synth.',
    capability: 'foundation',
    requirement:
      'Do not hardcode sensitive credentials (encryption keys, secret access keys, passwords) in code or public repositories; maintain separate test and production environments.',
    constructs: [
      'lib/stage/baseline-stage#BaselineStage',
      'constructs/credentials#SpApiCredentials',
      'scripts/put-lwa-credentials.ts',
      'scripts/add-selling-partner.ts',
    ],
  }),
  dpp({
    id: 'DPP 2.6',
    title: 'Logging and Monitoring',
    kind: 'enforced',
    rationale:
      'The trail, log groups, alarms and their actions are checked at synth; the alarms watch the logs at run time.',
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
    rationale:
      'Scans and change approval are run by people and pipelines; the baseline supports them.',
    capability: 'audit',
    requirement:
      'Maintain a vulnerability plan; scan or pen-test at least every 180 days and scan code before each release; control changes to storage hardware.',
    constructs: ['docs/runbooks/vulnerability-management.md', 'constructs/audit#ThreatDetection'],
    organizationalNote:
      'Inspector scans the functions continuously; the 180-day scans, the pre-release scan and change approval are run by people and pipelines (docs/runbooks/vulnerability-management.md).',
  }),
  // ---- DPP 3 Audit and Assessment
  dpp({
    id: 'DPP 3',
    title: 'Audit and Assessment',
    kind: 'organizational',
    rationale: 'Certification and audits involve people; the reports are the evidence they use.',
    capability: 'evidence',
    requirement:
      'Keep books and records to verify compliance during the agreement and 12 months after; certify compliance and cooperate with audits on request.',
    constructs: [],
    organizationalNote:
      'Certification and audit cooperation are done by people; the reports are evidence.',
  }),
  // ---- AUP 1 Help Selling Partners manage their Amazon business
  aup({
    id: 'AUP 1.1',
    title: 'Only for authorizing Selling Partners',
    kind: 'organizational',
    rationale:
      'Which partners authorized the application is a business fact; each gets its own credential.',
    capability: 'credentials',
    requirement:
      'Use Selling Partner APIs only to perform acceptable Amazon Selling Partner activities, and only for Selling Partners who have authorized you to perform these activities on their behalf.',
    constructs: [],
  }),
  aup({
    id: 'AUP 1.2',
    title: 'Do not facilitate violations',
    kind: 'not-applicable',
    rationale: APP_BEHAVIOUR,
    capability: 'organization',
    requirement:
      'Do not facilitate or promote violation of any agreement between Selling Partners and Amazon, directly or indirectly.',
    constructs: [],
  }),
  aup({
    id: 'AUP 1.3',
    title: 'Report and block abusing Selling Partners',
    kind: 'organizational',
    rationale:
      "Suspecting abuse is a judgement of people; blocking removes the partner's credential.",
    capability: 'credentials',
    requirement:
      "If you suspect that a Selling Partner is using your service to violate their agreement with Amazon, notify Amazon (spapi-abuse@amazon.com) and block the Selling Partner's access to your Application.",
    constructs: ['scripts/remove-selling-partner.ts'],
  }),
  aup({
    id: 'AUP 1.4',
    title: 'Keep up to date on Amazon policies',
    kind: 'organizational',
    rationale: BY_PEOPLE,
    capability: 'organization',
    requirement:
      'Keep up to date on Amazon policies that pertain to specific APIs or functionality that your Application provides.',
    constructs: [],
  }),
  // ---- AUP 2 Provide quality applications and services
  aup({
    id: 'AUP 2.1',
    title: 'No false advertising',
    kind: 'not-applicable',
    rationale: APP_BEHAVIOUR,
    capability: 'organization',
    requirement:
      'Selling Partner transparency 1: do not falsely advertise your Application or service.',
    constructs: [],
  }),
  aup({
    id: 'AUP 2.2',
    title: 'Be clear about data accessed and its purpose',
    kind: 'organizational',
    rationale:
      "Telling partners is people's; the record of processing lists each field and its purposes.",
    capability: 'data',
    requirement:
      'Selling Partner transparency 2: be clear and honest with Selling Partners about what data you are accessing and for what purpose.',
    constructs: [],
  }),
  aup({
    id: 'AUP 2.3',
    title: 'Do not modify API data to deceive',
    kind: 'not-applicable',
    rationale: APP_BEHAVIOUR,
    capability: 'organization',
    requirement:
      'Selling Partner transparency 3: do not attempt to deceive Selling Partners by deliberate modification of Selling Partner API data.',
    constructs: [],
  }),
  aup({
    id: 'AUP 2.4',
    title: 'Be explicit about calculations and models',
    kind: 'not-applicable',
    rationale: APP_BEHAVIOUR,
    capability: 'organization',
    requirement:
      'Selling Partner transparency 4: be explicit about any calculations and the use of models such as Artificial Intelligence in the service you provide, their accuracy, and data freshness.',
    constructs: [],
  }),
  aup({
    id: 'AUP 2.5',
    title: 'Comply with applicable laws',
    kind: 'organizational',
    rationale: BY_PEOPLE,
    capability: 'organization',
    requirement:
      "Compliance 1: comply with all applicable laws including data privacy and data protection laws (e.g., GDPR, Cybersecurity Law of the People's Republic of China).",
    constructs: [],
  }),
  aup({
    id: 'AUP 2.6',
    title: 'Do not infringe intellectual property',
    kind: 'not-applicable',
    rationale: APP_BEHAVIOUR,
    capability: 'organization',
    requirement:
      'Compliance 2: do not offer Applications or services that infringe on the copyrights, patents, or trademarks of others.',
    constructs: [],
  }),
  aup({
    id: 'AUP 2.7',
    title: 'Availability, performance and support',
    kind: 'organizational',
    rationale:
      "Service levels and support are people's; the baseline spans zones for availability.",
    capability: 'organization',
    requirement:
      'Quality and performance 1: provide Application availability, performance, and support required to successfully perform the business task.',
    constructs: [],
  }),
  aup({
    id: 'AUP 2.8',
    title: 'Mitigate impact before launching features',
    kind: 'organizational',
    rationale:
      "Release judgement is people's; the separate test environment (DPP 2.5) is where impact is found.",
    capability: 'organization',
    requirement:
      'Quality and performance 2: identify and mitigate any negative Selling Partner impact before launching new features, especially for business-critical tasks.',
    constructs: [],
  }),
  aup({
    id: 'AUP 2.9',
    title: 'Respect throttling quotas',
    kind: 'monitored',
    rationale:
      'Throttling is a run-time behaviour of the calling code, which backs off and rate-limits itself.',
    capability: 'workload',
    requirement:
      'Quality and performance 3: design your Application to respect per-Selling Partner throttling quotas.',
    constructs: [
      'lib/runtime/rate-limiter#RateLimiter',
      'lib/runtime/sp-api-client#SpApiClient',
      'constructs/workloads/order-sync#OrderSync',
    ],
  }),
  aup({
    id: 'AUP 2.10',
    title: 'Integrity checks for analytical processing',
    kind: 'not-applicable',
    rationale: APP_BEHAVIOUR,
    capability: 'organization',
    requirement:
      "Quality and performance 4: implement data integrity and validation checks within your Application for any analytical processing (e.g., AI models for insights, automated decision-making) that has material impact on a Selling Partner's business.",
    constructs: [],
  }),
  // ---- AUP 3 Keep data secure
  aup({
    id: 'AUP 3.1',
    title: 'Never share keys or passwords',
    kind: 'enforced',
    rationale:
      'Credentials live only in Secrets Manager under resource policies the DPP pack checks at synth.',
    capability: 'credentials',
    requirement: 'Account access 1: never share keys or passwords.',
    constructs: [
      'constructs/credentials#SpApiCredentials',
      'lib/credentials/resource-policy#secretResourcePolicy',
      'lib/runtime/logger#createLogger',
    ],
  }),
  aup({
    id: 'AUP 3.2',
    title: "Never accept others' secret keys",
    kind: 'organizational',
    rationale: BY_PEOPLE,
    capability: 'organization',
    requirement:
      "Never request or accept a Selling Partner or another Developer's secret keys for any purpose.",
    constructs: [],
  }),
  aup({
    id: 'AUP 3.3',
    title: 'Do not request Amazon Portal credentials',
    kind: 'organizational',
    rationale: BY_PEOPLE,
    capability: 'organization',
    requirement:
      'Do not request or share Amazon Portal usernames or password from Selling Partners.',
    constructs: [],
  }),
  aup({
    id: 'AUP 3.4',
    title: 'Act only with third-party authorization',
    kind: 'organizational',
    rationale:
      'Authorization happens in Seller Central; the baseline keeps one refresh token per authorizing partner.',
    capability: 'credentials',
    requirement:
      'Only act on behalf of Selling Partners that have granted you permission through third-party authorization.',
    constructs: ['scripts/add-selling-partner.ts'],
  }),
  aup({
    id: 'AUP 3.5',
    title: 'Do not apply for keys you will not use',
    kind: 'monitored',
    rationale:
      'Whether a key is used shows only at run time; the access review reads its last use.',
    capability: 'credentials',
    requirement:
      'Do not apply for keys that you will not use; keys that make no successful call in 90 days are deleted.',
    constructs: [
      'lib/access-review#reviewAccess',
      'scripts/access-review.ts',
      'constructs/credentials#SpApiCredentials',
    ],
  }),
  aup({
    id: 'AUP 3.6',
    title: 'Do not circumvent policies through partners',
    kind: 'organizational',
    rationale: BY_PEOPLE,
    capability: 'organization',
    requirement:
      'Do not ask Selling Partners to share information retrieved from Amazon Portals manually or programmatically to circumvent Amazon policies.',
    constructs: [],
  }),
  aup({
    id: 'AUP 3.7',
    title: 'Portal access through secondary users',
    kind: 'organizational',
    rationale: BY_PEOPLE,
    capability: 'organization',
    requirement:
      'If Amazon Portal access is required to provide features or services that benefit Selling Partners, ask the Selling Partner to grant access through secondary user permissions.',
    constructs: [],
  }),
  aup({
    id: 'AUP 3.8',
    title: 'Retrieve only necessary information',
    kind: 'organizational',
    rationale:
      "Which roles the application requests is people's choice; the record of processing declares every PII field kept.",
    capability: 'data',
    requirement:
      "Data access 1: do not request access to or retrieve information that is not necessary for your Application's functionality.",
    constructs: [],
  }),
  aup({
    id: 'AUP 3.9',
    title: 'Need-to-know access',
    kind: 'enforced',
    rationale: 'Roles and grants on the stores are in the templates and checked at synth.',
    capability: 'identity',
    requirement:
      'Only grant access to data on a need-to-know basis within your organization and among your Application users.',
    constructs: ['constructs/access#JobFunctionRoles'],
  }),
  aup({
    id: 'AUP 3.10',
    title: 'No extra developer accounts to avoid throttling',
    kind: 'organizational',
    rationale: BY_PEOPLE,
    capability: 'organization',
    requirement:
      'Do not attempt to circumvent throttling quotas through the creation of multiple Developer accounts within the same region.',
    constructs: [],
  }),
  aup({
    id: 'AUP 3.11',
    title: 'Inform Amazon of major organizational changes',
    kind: 'organizational',
    rationale: BY_PEOPLE,
    capability: 'organization',
    requirement:
      'Inform Amazon (3p-security@amazon.com) within 30 days of any major organizational changes including merger and acquisition events that change your need for data access or use cases.',
    constructs: [],
  }),
  aup({
    id: 'AUP 3.12',
    title: 'Disclose affiliated entities',
    kind: 'organizational',
    rationale: BY_PEOPLE,
    capability: 'organization',
    requirement:
      'Disclose to Amazon about affiliated entities and their involvement in your Application or service.',
    constructs: [],
  }),
  aup({
    id: 'AUP 3.13',
    title: 'Comply with the Data Protection Policy',
    kind: 'organizational',
    rationale: UMBRELLA,
    capability: 'evidence',
    requirement:
      'Comply with the Data Protection Policy ("DPP"), which provides specific requirements on the receipt, storage, usage, transfer, and disposition of the data accessed through Selling Partner APIs.',
    constructs: [],
  }),
  // ---- AUP 4 Use data for acceptable purposes
  aup({
    id: 'AUP 4.1',
    title: 'PII only for tax and merchant fulfillment',
    kind: 'organizational',
    rationale:
      "Use is a matter of purpose; the record of processing declares each field's purposes from a closed list.",
    capability: 'data',
    requirement:
      'Do not use PII about Amazon Customers for any purpose other than tax and merchant fulfillment.',
    constructs: [
      'constructs/data#PiiBucket',
      'constructs/data#PiiTable',
      'constructs/workloads/order-sync#OrderSync',
    ],
    organizationalNote:
      'Purpose limitation is declared per field in the record of processing; the reference workload asks for PII only for merchant-fulfilled orders still to ship.',
  }),
  aup({
    id: 'AUP 4.2',
    title: 'No marketing to Amazon Customers',
    kind: 'not-applicable',
    rationale: APP_BEHAVIOUR,
    capability: 'organization',
    requirement:
      'Do not target Amazon Customers for product marketing or review fabrication and modification using data retrieved through Selling Partner APIs or any external data services.',
    constructs: [],
  }),
  aup({
    id: 'AUP 4.3',
    title: 'No external services that vend Information',
    kind: 'not-applicable',
    rationale: APP_BEHAVIOUR,
    capability: 'organization',
    requirement:
      "Do not use, offer, or promote external (non-Amazon) data services that vend Information, including data retrieved from Amazon's public-facing websites.",
    constructs: [],
  }),
  aup({
    id: 'AUP 4.4',
    title: 'No aggregation across Selling Partners',
    kind: 'organizational',
    rationale:
      "Aggregation is a use of data; the stores keep each partner's data under its own key so it can be kept apart.",
    capability: 'organization',
    requirement:
      "Do not aggregate data across Selling Partners' businesses or Amazon Customers obtained through Selling Partner APIs to provide or sell to any parties including competing Selling Partners.",
    constructs: [],
  }),
  aup({
    id: 'AUP 4.5',
    title: "No insights about Amazon's business",
    kind: 'not-applicable',
    rationale: APP_BEHAVIOUR,
    capability: 'organization',
    requirement:
      "Do not calculate insights about Amazon's business. Do not promote or publish insights about the Amazon's business publicly or through paid services including your Application.",
    constructs: [],
  }),
  aup({
    id: 'AUP 4.6',
    title: 'Do not disclose Information',
    kind: 'organizational',
    rationale:
      'Disclosure is a decision of people; the perimeter keeps data from leaving the network unnoticed.',
    capability: 'network',
    requirement:
      'Do not disclose information, individually labeled or aggregated, obtained through Selling Partner APIs on behalf of a Selling Partner to other Application users, affiliated entities, or any outside parties, unless required to perform acceptable Selling Partner activities for Selling Partners that authorized your Application.',
    constructs: [],
  }),
  aup({
    id: 'AUP 4.7',
    title: 'Recipients meet DPP and AUP standards',
    kind: 'organizational',
    rationale: BY_PEOPLE,
    capability: 'organization',
    requirement:
      'Establish agreement and process for the parties you share data with to comply with standards at least as strict as the DPP and the AUP.',
    constructs: [],
  }),
  aup({
    id: 'AUP 4.8',
    title: 'Be transparent about data sharing',
    kind: 'organizational',
    rationale: BY_PEOPLE,
    capability: 'organization',
    requirement:
      'Be transparent with Selling Partners about what data you share, with whom, and for what purpose.',
    constructs: [],
  }),
  // ---- AUP 5 API-specific policies
  aup({
    id: 'AUP 5.1',
    title: 'Buyer-Seller Messaging Communication Guidelines',
    kind: 'not-applicable',
    rationale:
      'The baseline ships no messaging integration; an application that adds one owns this clause.',
    capability: 'organization',
    requirement:
      'If you support Buyer-Seller Messaging using the Buyer-Selling Messaging Service, you must comply with the Communication Guidelines.',
    constructs: [],
  }),
  aup({
    id: 'AUP 5.2',
    title: 'Amazon-approved messaging templates',
    kind: 'not-applicable',
    rationale:
      'The baseline ships no messaging integration; an application that adds one owns this clause.',
    capability: 'organization',
    requirement:
      'If you are using the Buyer-Seller Messaging Service, you must also support Amazon-approved templates through integration with the Messaging and Solicitations API.',
    constructs: [],
  }),
  aup({
    id: 'AUP 5.3',
    title: 'Merchant Fulfillment API Service Terms',
    kind: 'organizational',
    rationale: BY_PEOPLE,
    capability: 'organization',
    requirement:
      'If you are using the Merchant Fulfillment API, you must comply with the Merchant Fulfillment API Service Terms.',
    constructs: [],
  }),
  // ---- DUP 1 Data usage limit
  dup({
    id: 'DUP 1.1',
    title: 'Use within the company by authorized employees',
    kind: 'organizational',
    rationale:
      "Who is authorized is people's decision; the job-function roles carry it into the account.",
    capability: 'identity',
    requirement:
      'The use of data is limited to the business within the company, and the user group is limited to the authorized employees within the company.',
    constructs: [],
  }),
  dup({
    id: 'DUP 1.2',
    title: 'Follow the SP-API developer agreement',
    kind: 'organizational',
    rationale: BY_PEOPLE,
    capability: 'organization',
    requirement:
      "In the process of use, strictly follow the API development agreement of Amazon's sales partner and use it appropriately.",
    constructs: [],
  }),
  dup({
    id: 'DUP 1.3',
    title: 'Keep up to date on Amazon policies',
    kind: 'organizational',
    rationale: BY_PEOPLE,
    capability: 'organization',
    requirement:
      'Keep up to date on Amazon policies that pertain to specific APIs (such as the Merchant Fulfillment API, Orders API, and Reports API) or functionality that your Application provides.',
    constructs: [],
  }),
  dup({
    id: 'DUP 1.4',
    title: 'PII only for tax and fulfillment through restricted roles',
    kind: 'organizational',
    rationale:
      "Use is a matter of purpose; the record of processing declares each field's purposes from a closed list.",
    capability: 'data',
    requirement:
      'Do not use PII about Amazon Customers for any purpose other than tax and merchant fulfillment. Restricted roles are provided exclusively for Tax Remittance, Tax invoicing or Direct-to-Consumer Shipping purposes.',
    constructs: [],
  }),
  // ---- DUP 2 Quality and compliance of data use
  dup({
    id: 'DUP 2.1',
    title: 'Comply with applicable laws',
    kind: 'organizational',
    rationale: BY_PEOPLE,
    capability: 'organization',
    requirement:
      "Comply with all applicable laws including data privacy and data protection laws (e.g., GDPR, Cybersecurity Law of the People's Republic of China).",
    constructs: [],
  }),
  dup({
    id: 'DUP 2.2',
    title: 'Data integrity and validation checks',
    kind: 'not-applicable',
    rationale: APP_BEHAVIOUR,
    capability: 'organization',
    requirement: 'Implement data integrity and validation checks.',
    constructs: [],
  }),
  // ---- DUP 3 Keep data secure
  dup({
    id: 'DUP 3.1',
    title: 'Never share keys or passwords',
    kind: 'enforced',
    rationale:
      'Credentials live only in Secrets Manager under resource policies the DPP pack checks at synth.',
    capability: 'credentials',
    requirement: 'Never share keys or passwords.',
    constructs: [
      'constructs/credentials#SpApiCredentials',
      'lib/credentials/resource-policy#secretResourcePolicy',
      'lib/runtime/logger#createLogger',
    ],
  }),
  dup({
    id: 'DUP 3.2',
    title: 'Never share Amazon Portal credentials',
    kind: 'organizational',
    rationale: BY_PEOPLE,
    capability: 'organization',
    requirement: 'Never share Amazon Portal usernames or password.',
    constructs: [],
  }),
  dup({
    id: 'DUP 3.3',
    title: 'Account information only to authorized employees',
    kind: 'organizational',
    rationale: "Approving who gets an account is people's; the access review shows who has one.",
    capability: 'identity',
    requirement:
      'Only authorized internal employees can obtain account information, on application to the company administrator.',
    constructs: ['lib/access-review#reviewAccess', 'scripts/access-review.ts'],
  }),
  dup({
    id: 'DUP 3.4',
    title: 'Regular key rotation and account recycling',
    kind: 'enforced',
    rationale:
      'Key and secret rotation are resources checked at synth; unused accounts show in the review.',
    capability: 'credentials',
    requirement:
      'Secret keys are updated and reset regularly; user accounts not used for a fixed period are recycled.',
    constructs: [
      'constructs/keys#DataClassKeys',
      'lib/access-review#reviewAccess',
      'scripts/access-review.ts',
      'constructs/credentials#SpApiCredentials',
    ],
  }),
  dup({
    id: 'DUP 3.5',
    title: 'Permissions per account',
    kind: 'enforced',
    rationale: 'Roles and their policies are in the templates and checked at synth.',
    capability: 'identity',
    requirement:
      'Different permissions are set for each account according to the service it needs.',
    constructs: ['constructs/access#JobFunctionRoles'],
  }),
  dup({
    id: 'DUP 3.6',
    title: 'Retrieve only necessary information',
    kind: 'organizational',
    rationale:
      "Which data the application asks for is people's choice; the record of processing declares every PII field kept.",
    capability: 'data',
    requirement:
      'Do not request access to or retrieve information that is not necessary for company business.',
    constructs: [],
  }),
  dup({
    id: 'DUP 3.7',
    title: 'Access only within the organization',
    kind: 'enforced',
    rationale:
      "Trust and resource policies that admit only this organization's principals are checked at synth.",
    capability: 'identity',
    requirement: 'Only grant access to data within own organization.',
    constructs: ['constructs/access#JobFunctionRoles'],
  }),
  dup({
    id: 'DUP 3.8',
    title: 'Comply with the Data Protection Policy',
    kind: 'organizational',
    rationale: UMBRELLA,
    capability: 'evidence',
    requirement:
      'Comply with the Data Protection Policy ("DPP"), which provides specific requirements on the receipt, storage, usage, transfer, and disposition of the data accessed through Selling Partner APIs.',
    constructs: [],
  }),
  // ---- DUP 4 Use data for acceptable purposes
  dup({
    id: 'DUP 4.1',
    title: 'PII only for tax and merchant fulfillment',
    kind: 'organizational',
    rationale:
      "Use is a matter of purpose; the record of processing declares each field's purposes from a closed list.",
    capability: 'data',
    requirement:
      'Do not use PII about Amazon Customers for any purpose other than tax and merchant fulfillment.',
    constructs: [],
  }),
  dup({
    id: 'DUP 4.2',
    title: 'No marketing to Amazon Customers',
    kind: 'not-applicable',
    rationale: APP_BEHAVIOUR,
    capability: 'organization',
    requirement:
      'Do not target Amazon Customers for product marketing or review fabrication and modification using data retrieved through Selling Partner APIs or any external data services.',
    constructs: [],
  }),
  dup({
    id: 'DUP 4.3',
    title: 'No external services that vend Information',
    kind: 'not-applicable',
    rationale: APP_BEHAVIOUR,
    capability: 'organization',
    requirement:
      "Do not use, offer, or promote external (non-Amazon) data services that vend Information, including data retrieved from Amazon's public-facing websites.",
    constructs: [],
  }),
  dup({
    id: 'DUP 4.4',
    title: "No insights about Amazon's business",
    kind: 'not-applicable',
    rationale: APP_BEHAVIOUR,
    capability: 'organization',
    requirement:
      "Do not calculate insights about Amazon's business. Do not promote or publish insights about the Amazon's business publicly or through paid services including your Application.",
    constructs: [],
  }),
  dup({
    id: 'DUP 4.5',
    title: 'Data classification',
    kind: 'enforced',
    rationale:
      'Every data store carries its classification tag, which the DPP pack checks at synth.',
    capability: 'data',
    requirement:
      'Collected data is classified and identified so that access control, encryption and desensitization follow its category and level; encryption and integrity verification in transit; monitoring of abnormal usage and account locking.',
    constructs: ['constructs/data/classification#classify'],
  }),
  dup({
    id: 'DUP 4.6',
    title: 'Do not disclose Information',
    kind: 'organizational',
    rationale:
      'Disclosure is a decision of people; the perimeter keeps data from leaving the network unnoticed.',
    capability: 'network',
    requirement:
      'Do not disclose information, individually labeled or aggregated, obtained through Selling Partner APIs on behalf of a Selling Partner to other Application users, affiliated entities, or any outside parties.',
    constructs: [],
  }),
  dup({
    id: 'DUP 4.7',
    title: 'Data stays on the internal network',
    kind: 'enforced',
    rationale: 'The egress firewall, endpoints and their policies are checked at synth.',
    capability: 'network',
    requirement:
      'Data is not allowed to be shared to the external environment, only limited to the internal network.',
    constructs: [
      'constructs/network#BaselineNetwork',
      'constructs/network#EgressFirewall',
      'constructs/data#PiiBucket',
      'constructs/network#DnsFirewall',
    ],
  }),
  dup({
    id: 'DUP 4.8',
    title: 'Minimum authority for data sharing',
    kind: 'enforced',
    rationale: 'Roles and grants on the stores are in the templates and checked at synth.',
    capability: 'identity',
    requirement:
      'Data sharing follows the principle of minimum authority with fine-grained access control; users are assigned fixed roles.',
    constructs: ['constructs/access#JobFunctionRoles'],
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
    throw new Error(`Unknown clause '${id}': it is not in lib/policy/clauses.ts`);
  }
  return found;
}

/** The citation of a clause as reviewers read it: `DPP 2.6 Logging and Monitoring`. */
export function cite(id: ClauseId): string {
  const c = clause(id);
  return `${c.id} ${c.title}`;
}
