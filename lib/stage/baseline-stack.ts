import { CfnOutput, Duration, RemovalPolicy, Stack, StackProps, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { BaselineData } from '../../constructs/data';
import { DataClassKeys } from '../../constructs/keys';
import { giveFunctionsLogGroups } from '../../constructs/logging/function-log-groups';
import { BaselineNetwork } from '../../constructs/network';
import { EnvironmentConfig } from '../config/types';
import {
  PII_BUCKET_DECLARATION,
  PII_TABLE_DECLARATION,
  TAX_ARCHIVE_DECLARATION,
} from './processing-declarations';

export interface BaselineStackProps extends StackProps {
  /** Prefix of stack names, aliases and tags. */
  readonly projectName: string;
  /** The validated configuration of this environment. */
  readonly environment: EnvironmentConfig;
}

/**
 * The baseline of one environment. It composes the capability constructs and hands
 * each what it needs (keys, network, retention) through props; no construct looks
 * anything up, so synth needs no AWS credentials.
 *
 * Construct ids (`Keys`, `Network`, `Data`) are part of every logical id below them:
 * changing one replaces resources.
 */
export class BaselineStack extends Stack {
  public readonly config: EnvironmentConfig;
  /** What happens to stateful resources on stack deletion: prod always retains. */
  public readonly statefulRemovalPolicy: RemovalPolicy;
  public readonly keys: DataClassKeys;
  public readonly network: BaselineNetwork;
  public readonly data: BaselineData;

  constructor(scope: Construct, id: string, props: BaselineStackProps) {
    const { environment, projectName } = props;
    super(scope, id, {
      ...props,
      stackName: props.stackName ?? `${projectName}-${environment.name}-baseline`,
      description: `SP-API Data Protection Policy baseline (${environment.name})`,
      terminationProtection: environment.terminationProtection,
      env: { account: environment.account, region: environment.region },
    });
    this.config = environment;
    this.statefulRemovalPolicy =
      environment.removalPolicy === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    const removalPolicy = this.statefulRemovalPolicy;
    const { audit, network, data } = environment;
    const namePrefix = `${projectName}-${environment.name}`;

    this.keys = new DataClassKeys(this, 'Keys', {
      projectName,
      environmentName: environment.name,
      pendingWindow: Duration.days(data.keyDeletionWindowDays),
      removalPolicy,
    });
    this.network = new BaselineNetwork(this, 'Network', {
      vpcCidr: network.vpcCidr,
      availabilityZones: environment.availabilityZones,
      firewallEndpoints: network.firewallEndpoints,
      allowSandboxHosts: network.allowSandboxHosts,
      additionalAllowedHosts: network.egressAllowList,
      deniedCidrs: network.deniedCidrs,
      adminSshCidrs: network.adminSshCidrs,
      logEncryptionKey: this.keys.auditLogs,
      logRetentionDays: audit.logRetentionDays,
      namePrefix,
      removalPolicy,
      changeProtection: removalPolicy === RemovalPolicy.RETAIN,
    });
    this.data = new BaselineData(this, 'Data', {
      piiKey: this.keys.pii,
      taxArchiveKey: this.keys.taxArchive,
      s3Endpoint: this.network.s3Endpoint,
      dynamoDbEndpoint: this.network.dynamoDbEndpoint,
      piiRetentionDays: data.piiRetentionDays,
      pitrRecoveryPeriodDays: data.pitrRecoveryPeriodDays,
      taxArchiveRetentionYears: data.taxArchive.retentionYears,
      taxArchiveObjectLockMode: data.taxArchive.objectLockMode,
      logRetentionDays: audit.logRetentionDays,
      declarations: {
        piiTable: PII_TABLE_DECLARATION,
        piiBucket: PII_BUCKET_DECLARATION,
        taxArchive: TAX_ARCHIVE_DECLARATION,
      },
      removalPolicy,
    });
    this.addOutputs();
    // Last, so that it sees every function above, aws-cdk-lib's providers included.
    giveFunctionsLogGroups(this, {
      encryptionKey: this.keys.auditLogs,
      retentionDays: audit.logRetentionDays,
      removalPolicy,
    });

    Tags.of(this).add('Project', projectName);
    Tags.of(this).add('Environment', environment.name);
    for (const [key, value] of Object.entries(environment.tags)) {
      Tags.of(this).add(key, value);
    }
  }

  /** The zones from config: synth never asks AWS which zones exist. */
  public override get availabilityZones(): string[] {
    return [...this.config.availabilityZones];
  }

  /** What the runbooks and the deletion command need to find the stores. */
  private addOutputs(): void {
    const outputs: Record<string, string> = {
      PiiTableName: this.data.piiTable.table.tableName,
      PiiBucketName: this.data.piiBucket.bucket.bucketName,
      TaxArchiveBucketName: this.data.taxArchive.bucket.bucketName,
      DataDeletionRoleArn: this.data.deletionRole.roleArn,
      TaxArchiveReaderRoleArn: this.data.taxArchive.readerRole.roleArn,
      VpcId: this.network.vpc.vpcId,
    };
    for (const [id, value] of Object.entries(outputs)) new CfnOutput(this, id, { value });
  }
}
