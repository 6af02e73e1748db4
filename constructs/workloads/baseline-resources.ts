import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { SpApiRegion } from '../../lib/policy/sp-api';
import { PiiBucket } from '../data/pii-bucket';
import { PiiTable } from '../data/pii-table';
import { TaxArchive } from '../data/tax-archive';

/**
 * What the baseline of an environment gives the workloads that run in it (the team's
 * SP-API application), through one typed interface: `BaselineStage.addWorkload` hands
 * it to each workload stack (docs/workloads.md). A workload receives what it needs from
 * here and looks nothing up.
 *
 * Grants work across the stacks: a workload's role created with `WorkloadRole` (under
 * `workloadRolePath`, with a fixed name) is named by ARN in the baseline's key and
 * secret policies and in its secret-read alarm, so no policy of the baseline refers to
 * the workload's stack and no cycle arises.
 */
export interface BaselineResources {
  /** The baseline stack of the environment; workload stacks depend on it. */
  readonly stack: Stack;
  readonly names: WorkloadNames;
  /** Where the environment runs: every workload stack deploys there too. */
  readonly account: string;
  readonly region: string;
  readonly availabilityZones: readonly string[];
  readonly network: WorkloadNetwork;
  /** The data-class keys (DPP 2.4); their `grant*` methods admit workload roles. */
  readonly keys: WorkloadKeys;
  /** The PII stores with their grant methods; workloads declare the fields they touch. */
  readonly data: WorkloadData;
  /** The SP-API credentials: `grantRead` for the LWA and selling-partner secrets. */
  readonly credentials: SpApiCredentialReads;
  /** The SP-API host the environment calls (the sandbox in test). */
  readonly spApi: SpApiAccess;
  /** Where security alarms go (DPP 2.6): workloads' alarms publish here. */
  readonly securityTopic: sns.ITopic;
  /** The key and retention of every log group (DPP 2.6). */
  readonly logs: WorkloadLogging;
  /** The permissions boundary every role of the environment carries (DPP 1.3). */
  readonly permissionsBoundary: iam.IManagedPolicy;
  /** The IAM path under which workload roles are created: `/<project>/<env>/workloads/`. */
  readonly workloadRolePath: string;
  /** What happens to stateful resources when they leave a stack (prod always retains). */
  readonly removalPolicy: RemovalPolicy;
  /** Termination protection of the environment's stacks (always on in prod). */
  readonly terminationProtection: boolean;
  /** Tags of every resource of the environment (Project, Environment, config tags). */
  readonly tags: Readonly<Record<string, string>>;
}

export interface WorkloadNames {
  readonly projectName: string;
  readonly environmentName: string;
  /** Prefix of physical names, `<project>-<env>`. */
  readonly namePrefix: string;
}

export interface WorkloadNetwork {
  readonly vpc: ec2.IVpc;
  /**
   * The private tier, whose only way out is the egress firewall: the only subnets a
   * workload runs in (never the firewall or NAT tiers, DPP 1.1).
   */
  readonly subnets: ec2.SubnetSelection;
  /** HTTPS out only, no ingress (DPP 1.1). */
  readonly securityGroup: ec2.ISecurityGroup;
}

export interface WorkloadKeys {
  readonly pii: kms.IKey;
  readonly credentials: kms.IKey;
  readonly auditLogs: kms.IKey;
  readonly taxArchive: kms.IKey;
}

export interface WorkloadData {
  readonly piiTable: PiiTable;
  readonly piiBucket: PiiBucket;
  readonly taxArchive: TaxArchive;
}

/** The reads a workload may be granted of the SP-API credentials (`SpApiCredentials`). */
export interface SpApiCredentialReads {
  /** The LWA client credentials and every selling partner's refresh token. */
  grantRead(grantee: iam.IGrantable): iam.Grant;
  grantReadLwaCredentials(grantee: iam.IGrantable): iam.Grant;
  grantReadSellingPartnerSecrets(grantee: iam.IGrantable): iam.Grant;
  /** ARN of the LWA client credentials secret (`{ clientId, clientSecret }`). */
  readonly lwaCredentialsSecretArn: string;
  /** Name prefix of the selling partners' secrets (`{ refreshToken }` each). */
  readonly sellingPartnerSecretPrefix: string;
}

export interface SpApiAccess {
  readonly region: SpApiRegion;
  /** Whether the environment calls the SP-API sandbox hosts (test only). */
  readonly sandbox: boolean;
  /** Base URL of the SP-API host, e.g. `https://sellingpartnerapi-eu.amazon.com`. */
  readonly endpoint: string;
}

export interface WorkloadLogging {
  /** The audit-logs data-class key, whose policy admits CloudWatch Logs. */
  readonly encryptionKey: kms.IKey;
  /** At least 90 days (DPP 2.6). */
  readonly retentionDays: number;
}
