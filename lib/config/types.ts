/**
 * The validated configuration of the baseline. The file a platform engineer edits is
 * `config/baseline.json`; `loadConfig` turns it into these types after checking it
 * as a whole (see `validate.ts`), with secure defaults for what it leaves out.
 */

/** The environments the baseline deploys. DPP 2.5 requires test and production to be separate. */
export const ENVIRONMENT_NAMES = ['test', 'prod'] as const;
export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];

export interface BaselineConfig {
  /** Prefix of stack names, KMS aliases and tags; lower-case letters, digits and hyphens. */
  readonly projectName: string;
  readonly environments: Readonly<Record<EnvironmentName, EnvironmentConfig>>;
}

export interface EnvironmentConfig {
  readonly name: EnvironmentName;
  /** 12-digit AWS account id. Separate accounts for test and prod are recommended. */
  readonly account: string;
  readonly region: string;
  /** Availability zones to use, all in `region`; given explicitly so synth does no lookup. */
  readonly availabilityZones: readonly string[];
  /** What happens to stateful resources when the stack is deleted. Prod always retains. */
  readonly removalPolicy: 'retain' | 'destroy';
  /** CloudFormation termination protection. Always on for prod. */
  readonly terminationProtection: boolean;
  /** Extra tags on every resource of the environment. */
  readonly tags: Readonly<Record<string, string>>;
  readonly audit: AuditConfig;
  readonly network: NetworkConfig;
  readonly data: DataConfig;
}

export interface AuditConfig {
  /** Retention of every log group (flow logs, firewall logs) and of S3 access logs. DPP 2.6 sets at least 90 days; the baseline 365 for prod. */
  readonly logRetentionDays: number;
}

/** An entry of a list that a reviewer must be able to justify. */
export interface Justified<T> {
  readonly value: T;
  readonly reason: string;
}

export interface NetworkConfig {
  /** IPv4 CIDR of the VPC, /16 to /22. IPv6 is off in this baseline. */
  readonly vpcCidr: string;
  /** Network Firewall endpoints (and NAT gateways): one in the first AZ, or one per AZ. */
  readonly firewallEndpoints: 'single' | 'perAz';
  /** Host names the egress firewall admits besides the SP-API and LWA hosts. */
  readonly egressAllowList: readonly Justified<string>[];
  /** Whether the SP-API sandbox hosts are on the allow-list. */
  readonly allowSandboxHosts: boolean;
  /** IPv4 CIDRs denied first on every network ACL (DPP 1.1), after the reserved ranges the baseline always denies. */
  readonly deniedCidrs: readonly Justified<string>[];
  /** CIDRs allowed SSH to workloads. Empty means administration through SSM Session Manager only. */
  readonly adminSshCidrs: readonly Justified<string>[];
}

export interface DataConfig {
  /** Days PII is kept after order delivery; DPP 2.1 allows at most 30. */
  readonly piiRetentionDays: number;
  /** DynamoDB point-in-time recovery window; must not keep PII past `piiRetentionDays`. */
  readonly pitrRecoveryPeriodDays: number;
  /** Waiting period before a scheduled KMS key deletion takes effect, 7 to 30 days. */
  readonly keyDeletionWindowDays: number;
  readonly taxArchive: TaxArchiveConfig;
}

export interface TaxArchiveConfig {
  /** Years that law requires tax records to be kept; Object Lock holds them that long. */
  readonly retentionYears: number;
  /** Object Lock mode: COMPLIANCE (nobody can shorten it) or GOVERNANCE. */
  readonly objectLockMode: 'COMPLIANCE' | 'GOVERNANCE';
}
