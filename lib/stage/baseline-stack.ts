import { CfnOutput, Duration, RemovalPolicy, Stack, StackProps, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import {
  AccessReviewSchedule,
  BaselineAccess,
  HumanPrincipals,
  JobFunctionAccess,
  JOB_FUNCTIONS,
  PasswordPolicyChoice,
} from '../../constructs/access';
import { AccountSecurityServices, BaselineAudit, SecurityAlarmTopic } from '../../constructs/audit';
import { SpApiCredentials } from '../../constructs/credentials';
import { BaselineData } from '../../constructs/data';
import { DataClassKeys } from '../../constructs/keys';
import { giveFunctionsLogGroups } from '../../constructs/logging/function-log-groups';
import { BaselineNetwork, DnsFirewall } from '../../constructs/network';
import { EnvironmentConfig, ENVIRONMENT_NAMES } from '../config/types';
import { BaselineResources, workloadRolePath } from '../../constructs/workloads';
import { spApiEndpoint } from '../runtime/sp-api-client';
import { nearestSpApiRegion } from '../policy/sp-api';

export interface BaselineStackProps extends StackProps {
  /** Prefix of stack names, aliases and tags. */
  readonly projectName: string;
  /** The validated configuration of this environment. */
  readonly environment: EnvironmentConfig;
}

type AccessConfig = EnvironmentConfig['access'];
type RoleConfig = AccessConfig['roles'][keyof AccessConfig['roles']];

/**
 * The baseline of one environment. It composes the capability constructs and hands
 * each what it needs (keys, network, retention, the alarm topic) through props; no
 * construct looks anything up, so synth needs no AWS credentials.
 *
 * Construct ids (`Keys`, `Network`, `Dns`, `Data`, `SecurityTopic`, `Credentials`,
 * `Audit`, `Access`) are part of every logical id below them: changing one replaces
 * resources.
 */
export class BaselineStack extends Stack {
  public readonly config: EnvironmentConfig;
  public readonly projectName: string;
  /** What happens to stateful resources on stack deletion: prod always retains. */
  public readonly statefulRemovalPolicy: RemovalPolicy;
  public readonly keys: DataClassKeys;
  public readonly network: BaselineNetwork;
  public readonly dns: DnsFirewall;
  public readonly data: BaselineData;
  /** Where every security alarm and finding of the environment goes (DPP 2.6). */
  public readonly securityTopic: SecurityAlarmTopic;
  public readonly credentials: SpApiCredentials;
  public readonly audit: BaselineAudit;
  public readonly access: BaselineAccess;
  /** The weekly access review (DPP 1.2). */
  public readonly accessReview: AccessReviewSchedule;
  /** The IAM path of the environment's workload roles, which its policies admit by name. */
  public readonly workloadRolePath: string;

  constructor(scope: Construct, id: string, props: BaselineStackProps) {
    const { environment, projectName } = props;
    super(scope, id, {
      ...props,
      stackName: props.stackName ?? BaselineStack.stackNameOf(projectName, environment.name),
      description: `SP-API Data Protection Policy baseline (${environment.name})`,
      terminationProtection: environment.terminationProtection,
      env: { account: environment.account, region: environment.region },
    });
    this.config = environment;
    this.projectName = projectName;
    this.statefulRemovalPolicy =
      environment.removalPolicy === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    const removalPolicy = this.statefulRemovalPolicy;
    const { audit, network, data, credentials, access } = environment;
    const namePrefix = `${projectName}-${environment.name}`;
    const changeProtection = removalPolicy === RemovalPolicy.RETAIN;
    this.workloadRolePath = workloadRolePath(projectName, environment.name);

    this.keys = new DataClassKeys(this, 'Keys', {
      projectName,
      environmentName: environment.name,
      pendingWindow: Duration.days(data.keyDeletionWindowDays),
      removalPolicy,
      workloadRolePath: this.workloadRolePath,
      ...(data.keyPolicyAdministratorArns.length > 0
        ? {
            keyPolicyAdministrators: data.keyPolicyAdministratorArns.map((arn, i) =>
              iam.Role.fromRoleArn(this, `KeyPolicyAdministrator${i}`, arn, { mutable: false }),
            ),
          }
        : {}),
    });
    this.network = new BaselineNetwork(this, 'Network', {
      vpcCidr: network.vpcCidr,
      availabilityZones: environment.availabilityZones,
      firewallEndpoints: network.firewallEndpoints,
      interfaceEndpointZones: network.interfaceEndpointZones,
      allowSandboxHosts: network.allowSandboxHosts,
      additionalAllowedHosts: network.egressAllowList,
      deniedCidrs: network.deniedCidrs,
      adminSshCidrs: network.adminSshCidrs,
      tlsInspectionCertificateAuthorityArn: network.tlsInspectionCertificateAuthorityArn,
      organizationId: environment.organizationId,
      logEncryptionKey: this.keys.auditLogs,
      logRetentionDays: audit.logRetentionDays,
      namePrefix,
      removalPolicy,
      changeProtection,
    });
    this.dns = new DnsFirewall(this, 'Dns', {
      vpc: this.network.vpc,
      allowedHosts: this.network.firewall.allowedHosts,
      additionalDomains: network.dnsFirewall.additionalDomains,
      namePrefix,
      logEncryptionKey: this.keys.auditLogs,
      logRetentionDays: audit.logRetentionDays,
      removalPolicy,
      changeProtection,
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
      taxArchiveReaderOutsideVpc: data.taxArchive.readerOutsideVpc,
      // The access capability's tax officer restores from the archive (granted below).
      taxArchiveOwnReaderRole: false,
      logRetentionDays: audit.logRetentionDays,
      removalPolicy,
    });
    this.securityTopic = new SecurityAlarmTopic(this, 'SecurityTopic', {
      namePrefix,
      subscriptions: audit.alarms.subscriptions.map(
        (address) => new subscriptions.EmailSubscription(address),
      ),
      keyPendingWindow: Duration.days(data.keyDeletionWindowDays),
      removalPolicy,
    });
    this.credentials = new SpApiCredentials(this, 'Credentials', {
      projectName,
      environmentName: environment.name,
      credentialsKey: this.keys.credentials,
      logEncryptionKey: this.keys.auditLogs,
      logRetentionDays: audit.logRetentionDays,
      vpc: this.network.vpc,
      subnets: this.network.workloadSubnets,
      securityGroup: this.network.workloadSecurityGroup,
      secretsManagerEndpoint: this.network.interfaceEndpoints.SecretsManager,
      spApiRegion: this.spApiRegion,
      sandbox: credentials.useSandbox,
      rotationDays: credentials.rotationDays,
      rotationCompletionTimeout: Duration.hours(credentials.rotationCompletionHours),
      alarmTopic: this.securityTopic.topic,
      keyPendingWindow: Duration.days(data.keyDeletionWindowDays),
      removalPolicy,
      workloadRolePath: this.workloadRolePath,
    });
    // The auditor is the access capability's security-auditor role, known by its name
    // here so that the trail bucket can admit it before the role is composed below.
    const auditorRoleName = `${namePrefix}-${JOB_FUNCTIONS.securityAuditor}`;
    this.audit = new BaselineAudit(this, 'Audit', {
      namePrefix,
      auditLogsKey: this.keys.auditLogs,
      logRetentionDays: audit.logRetentionDays,
      trailObjectLockMode: audit.trail.objectLockMode,
      auditor: iam.Role.fromRoleName(this, 'Auditor', auditorRoleName, { mutable: false }),
      accessLogs: this.data.accessLogs,
      piiBucket: this.data.piiBucket,
      piiTable: this.data.piiTable,
      taxArchive: this.data.taxArchive,
      vpc: this.network.vpc,
      workloadSubnets: this.network.workloadSubnets,
      workloadSecurityGroups: [this.network.workloadSecurityGroup],
      networkFirewallAlertLogs: [this.network.firewall.alertLogs.logGroup],
      dnsFirewallQueryLogs: [this.dns.queryLogs.logGroup],
      accountServices: this.accountServices(projectName),
      topic: this.securityTopic,
      // Every role the credentials grant reads, workloads' included, asked at synth.
      expectedSecretReadersOf: this.credentials,
      alarmThresholds: {
        unauthorizedCalls: audit.alarms.unauthorizedCallThreshold,
        signInFailures: audit.alarms.signInFailureThreshold,
        anomalyBandWidth: audit.alarms.anomalyBandWidth,
      },
      removalPolicy,
    });
    this.access = new BaselineAccess(this, 'Access', {
      namePrefix,
      passwordPolicy: this.passwordPolicyChoice(access.passwordPolicy),
      organizationId: environment.organizationId,
      regions: [environment.region],
      fulfillmentOperator: this.jobFunctionAccess(
        'fulfillmentOperator',
        access.roles.fulfillmentOperator,
      ),
      taxOfficer: this.jobFunctionAccess('taxOfficer', access.roles.taxOfficer),
      securityAuditor: this.jobFunctionAccess('securityAuditor', access.roles.securityAuditor),
      platformAdministrator: this.jobFunctionAccess(
        'platformAdministrator',
        access.roles.platformAdministrator,
      ),
      breakGlass: this.jobFunctionAccess('breakGlass', access.roles.breakGlass),
      piiTable: this.data.piiTable,
      piiBucket: this.data.piiBucket,
      taxArchive: this.data.taxArchive,
      otherInformationRoles: [this.data.deletionRole, this.credentials.adminRole],
      trailLogGroup: this.audit.trail.logGroup.logGroup,
      trailBucket: this.audit.trail.bucket.bucket,
      securityTopic: this.securityTopic.topic,
      logEncryptionKey: this.keys.auditLogs,
      logRetentionDays: audit.logRetentionDays,
      removalPolicy,
      workloadRolePath: this.workloadRolePath,
    });
    this.accessReview = new AccessReviewSchedule(this, 'AccessReview', {
      environmentName: environment.name,
      secretPrefixes: [`${projectName}/${environment.name}/`],
      breakGlassRoleNames: [this.access.roles.breakGlass.name],
      mode: access.review.mode,
      topic: this.securityTopic.topic,
      topicKey: this.securityTopic.key,
      logEncryptionKey: this.keys.auditLogs,
      logRetentionDays: audit.logRetentionDays,
      removalPolicy,
    });
    // The trail bucket's policy names the auditor by ARN: IAM refuses a policy naming a
    // role that does not exist yet, so the policy waits for the role.
    this.audit.trail.bucket.bucket.policy?.node.addDependency(this.access.roles.securityAuditor);
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

  /** The SP-API region the environment's application calls. */
  public get spApiRegion() {
    return this.config.credentials.spApiRegion ?? nearestSpApiRegion(this.config.region);
  }

  /**
   * What this environment gives its workloads (docs/workloads.md): the private subnets
   * and workload security group, the data-class keys, the PII stores, the SP-API
   * credentials, the security topic, the log key and retention, the boundary and names.
   */
  public workloadResources(tags: Readonly<Record<string, string>> = {}): BaselineResources {
    const { config } = this;
    return {
      stack: this,
      names: {
        projectName: this.projectName,
        environmentName: config.name,
        namePrefix: `${this.projectName}-${config.name}`,
      },
      account: config.account,
      region: config.region,
      availabilityZones: [...config.availabilityZones],
      network: {
        vpc: this.network.vpc,
        subnets: this.network.workloadSubnets,
        securityGroup: this.network.workloadSecurityGroup,
      },
      keys: this.keys,
      data: {
        piiTable: this.data.piiTable,
        piiBucket: this.data.piiBucket,
        taxArchive: this.data.taxArchive,
      },
      credentials: this.credentials,
      spApi: {
        region: this.spApiRegion,
        sandbox: config.credentials.useSandbox,
        endpoint: spApiEndpoint(this.spApiRegion, config.credentials.useSandbox),
      },
      securityTopic: this.securityTopic.topic,
      logs: { encryptionKey: this.keys.auditLogs, retentionDays: config.audit.logRetentionDays },
      permissionsBoundary: this.access.boundary.policy,
      workloadRolePath: this.workloadRolePath,
      removalPolicy: this.statefulRemovalPolicy,
      terminationProtection: config.terminationProtection,
      tags: { Project: this.projectName, Environment: config.name, ...config.tags, ...tags },
    };
  }

  /** The name of an environment's baseline stack, e.g. `spapi-dpp-prod-baseline`. */
  public static stackNameOf(projectName: string, environmentName: string): string {
    return `${projectName}-${environmentName}-baseline`;
  }

  /** The zones from config: synth never asks AWS which zones exist. */
  public override get availabilityZones(): string[] {
    return [...this.config.availabilityZones];
  }

  /** GuardDuty, Macie and Inspector: this stack's, or another environment's of the account. */
  private accountServices(projectName: string): AccountSecurityServices {
    const detection = this.config.audit.threatDetection;
    switch (detection.ownership) {
      case 'this-environment':
        return {
          ownership: 'this-stack',
          guardDuty: detection.guardDuty,
          macie: detection.macie,
          inspector: detection.inspector,
        };
      case 'another-environment': {
        // Config validation ensures the other environment of the account owns them.
        const owner = ENVIRONMENT_NAMES.find((name) => name !== this.config.name)!;
        return {
          ownership: 'another-stack',
          ownerStackName: BaselineStack.stackNameOf(projectName, owner),
        };
      }
      case 'outside-baseline':
        return {
          ownership: 'another-stack',
          ownerStackName:
            'outside the baseline (a delegated administrator or organization-wide set-up)',
        };
    }
  }

  private passwordPolicyChoice(policy: AccessConfig['passwordPolicy']): PasswordPolicyChoice {
    const { ownership, ...settings } = policy;
    return ownership === 'this-environment' ? { ownership, settings } : { ownership };
  }

  /**
   * A job function's principals and session length, with the provider ARNs as references
   * (named per role: two roles may each trust a provider).
   */
  private jobFunctionAccess(name: string, role: RoleConfig): JobFunctionAccess {
    return {
      principals: role.principals.map((p, i): HumanPrincipals => {
        switch (p.kind) {
          case 'identity-center':
            return { ...p, permissionSetNames: [...p.permissionSetNames] };
          case 'saml':
            return {
              kind: 'saml',
              provider: iam.SamlProvider.fromSamlProviderArn(
                this,
                `${name}SamlProvider${i}`,
                p.providerArn,
              ),
              mfa: p.mfa,
            };
          case 'oidc':
            return {
              kind: 'oidc',
              provider: iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(
                this,
                `${name}OidcProvider${i}`,
                p.providerArn,
              ),
              issuer: p.issuer,
              audience: p.audience,
              subjects: [...p.subjects],
              mfa: p.mfa,
            };
          case 'iam-principals':
            return {
              kind: 'iam-principals',
              account: p.account ?? this.config.account,
              ...(p.principalArns ? { principalArns: [...p.principalArns] } : {}),
              maxMfaAge: Duration.minutes(p.maxMfaAgeMinutes),
            };
        }
      }),
      maxSessionDuration: Duration.hours(role.maxSessionHours),
    };
  }

  /** What the runbooks and the commands need to find the stores and roles. */
  private addOutputs(): void {
    const roles = this.access.roles;
    const outputs: Record<string, string> = {
      PiiTableName: this.data.piiTable.table.tableName,
      PiiBucketName: this.data.piiBucket.bucket.bucketName,
      TaxArchiveBucketName: this.data.taxArchive.bucket.bucketName,
      DataDeletionRoleArn: this.data.deletionRole.roleArn,
      VpcId: this.network.vpc.vpcId,
      SecurityTopicArn: this.securityTopic.topic.topicArn,
      TrailBucketName: this.audit.trail.bucket.bucket.bucketName,
      FulfillmentOperatorRoleArn: roles.fulfillmentOperator.roleArn,
      TaxOfficerRoleArn: roles.taxOfficer.roleArn,
      SecurityAuditorRoleArn: roles.securityAuditor.roleArn,
      PlatformAdministratorRoleArn: roles.platformAdministrator.roleArn,
      BreakGlassRoleArn: roles.breakGlass.roleArn,
    };
    for (const [id, value] of Object.entries(outputs)) new CfnOutput(this, id, { value });
  }
}
