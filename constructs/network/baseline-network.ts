import { CfnResource, RemovalPolicy, Stack, TagManager } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { parseIpv4Cidr } from '../../lib/network/cidr';
import { naclPlan, NaclEntryPlan, SubnetTier } from '../../lib/network/nacl-plan';
import { acknowledge } from '../../lib/nag/acknowledge';
import { NETWORK_TIER_TAG } from '../../lib/policy/network';
import { declareControl } from '../../lib/nag/controls';
import { EncryptedLogGroup } from '../logging/encrypted-log-group';
import { Justified } from '../../lib/policy/justified';
import { giveFunctionsLogGroups } from '../logging/function-log-groups';
import { egressAllowList } from './allow-list';
import { EgressFirewall } from './egress-firewall';
import {
  awsOwnedPackageBuckets,
  sessionChannels,
  ssmAwsOwnedResources,
  stsToOwnRoles,
  thisAccountOnly,
} from './endpoint-policies';
import { WorkloadSecurityGroup } from './workload-security-group';

/** Construct id aws-cdk-lib gives the default-security-group provider, at stack level. */
const DEFAULT_SG_PROVIDER_ID = 'Custom::VpcRestrictDefaultSGCustomResourceProvider';

/** Subnet group names, one per tier. They are part of logical ids: treat them as API. */
export const SUBNET_GROUPS: Readonly<Record<SubnetTier, string>> = {
  private: 'Private',
  isolated: 'Isolated',
  firewall: 'Firewall',
  nat: 'Nat',
};

/** Who and what an interface endpoint admits (see endpoint-policies.ts). */
type EndpointPolicy = 'thisAccount' | 'ssm' | 'ssmmessages' | 'ec2messages' | 'sts';

/** The interface endpoints of the AWS services the baseline and its workloads use. */
const INTERFACE_ENDPOINTS: Readonly<
  Record<string, { service: ec2.InterfaceVpcEndpointAwsService; policy: EndpointPolicy }>
> = {
  SecretsManager: {
    service: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
    policy: 'thisAccount',
  },
  Kms: { service: ec2.InterfaceVpcEndpointAwsService.KMS, policy: 'thisAccount' },
  CloudWatchLogs: {
    service: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
    policy: 'thisAccount',
  },
  Sqs: { service: ec2.InterfaceVpcEndpointAwsService.SQS, policy: 'thisAccount' },
  Ssm: { service: ec2.InterfaceVpcEndpointAwsService.SSM, policy: 'ssm' },
  SsmMessages: { service: ec2.InterfaceVpcEndpointAwsService.SSM_MESSAGES, policy: 'ssmmessages' },
  Ec2Messages: { service: ec2.InterfaceVpcEndpointAwsService.EC2_MESSAGES, policy: 'ec2messages' },
  Sts: { service: ec2.InterfaceVpcEndpointAwsService.STS, policy: 'sts' },
};

export interface BaselineNetworkProps {
  /** IPv4 range of the VPC, /16 to /22. */
  readonly vpcCidr: string;
  /** Zones to span, 2 to 4, given explicitly so that synth does no lookup. */
  readonly availabilityZones: readonly string[];
  /**
   * Firewall endpoints and NAT gateways: one in the first zone (cheaper, for test), or
   * one per zone (no cross-zone dependency, for prod).
   * @default 'perAz'
   */
  readonly firewallEndpoints?: 'single' | 'perAz';
  /**
   * Interface endpoints (Secrets Manager, KMS, Logs, STS...): a network interface in the
   * first zone only (cheaper, for test: functions in other zones reach it across zones
   * and lose AWS APIs if that zone fails), or one per zone (for prod).
   * @default 'perAz'
   */
  readonly interfaceEndpointZones?: 'single' | 'perAz';
  /**
   * Whether the SP-API sandbox hosts are on the egress allow-list.
   * @default false
   */
  readonly allowSandboxHosts?: boolean;
  /**
   * Hosts the egress firewall admits besides the SP-API and LWA hosts.
   * @default - none
   */
  readonly additionalAllowedHosts?: readonly Justified<'host'>[];
  /**
   * CIDRs denied first on every network ACL, after the reserved ranges.
   * @default - the reserved ranges only
   */
  readonly deniedCidrs?: readonly Justified<'cidr'>[];
  /**
   * Sources allowed SSH into the private tier, over private connectivity (VPN, Direct
   * Connect); the VPC has no inbound path from the internet.
   * @default - none: administration through SSM Session Manager only
   */
  readonly adminSshCidrs?: readonly Justified<'cidr'>[];
  /** Key of the audit-log data class, for flow and firewall logs. */
  readonly logEncryptionKey: kms.IKey;
  /** Retention of flow and firewall logs, in days (at least 90, DPP 2.6). */
  readonly logRetentionDays: number;
  /** Prefix of physical names (firewall, rule groups), e.g. `spapi-dpp-prod`. */
  readonly namePrefix: string;
  /**
   * What happens to the log groups when they leave the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Whether the firewall is protected against deletion and subnet changes.
   * @default true
   */
  readonly changeProtection?: boolean;
  /**
   * The ARN of a certificate authority imported into ACM with which the egress
   * firewall inspects TLS (see `EgressFirewallProps`); workloads must trust it.
   * @default - no TLS inspection: the allow-list trusts the server name the client claims
   */
  readonly tlsInspectionCertificateAuthorityArn?: string;
  /**
   * The AWS Organization whose roles workloads may assume through the STS endpoint
   * (`aws:ResourceOrgID`), e.g. for a cross-account deployment or log role.
   * @default - roles of this account only (`aws:ResourceAccount`)
   */
  readonly organizationId?: string;
}

/**
 * The network perimeter of an environment (DPP 1.1 Network Protection, DPP 1.5
 * Encryption in Transit, DPP 2.6 Logging and Monitoring, DUP 4.7 Data stays on the
 * internal network).
 *
 * Four tiers per zone, none of which assigns public addresses:
 * - `Nat`: NAT gateways only; the one tier with a route to the internet gateway.
 * - `Firewall`: AWS Network Firewall endpoints; their way out is the NAT gateway.
 * - `Private`: workloads; their only way out is the firewall, on TCP 443 to
 *   allow-listed TLS server names. Interface endpoints live here.
 * - `Isolated`: data; no route out at all, AWS services through endpoints only.
 *
 * Every subnet has its tier's network ACL with the deny-list first; S3 and DynamoDB
 * are reached through gateway endpoints and the other services through interface
 * endpoints, all with policies that keep data in this account; flow logs record all
 * traffic. IPv6 is off: the VPC has no IPv6 range, so there is no `::/0` path.
 */
export class BaselineNetwork extends Construct {
  public readonly vpc: ec2.Vpc;
  public readonly firewall: EgressFirewall;
  public readonly flowLogs: EncryptedLogGroup;
  public readonly s3Endpoint: ec2.GatewayVpcEndpoint;
  public readonly dynamoDbEndpoint: ec2.GatewayVpcEndpoint;
  public readonly interfaceEndpoints: Readonly<Record<string, ec2.InterfaceVpcEndpoint>>;
  public readonly networkAcls: Readonly<Record<SubnetTier, ec2.NetworkAcl>>;
  /** For workloads: egress on TCP 443 only, no ingress unless admin SSH is configured. */
  public readonly workloadSecurityGroup: WorkloadSecurityGroup;
  /** Where workloads run. */
  public readonly workloadSubnets: ec2.SubnetSelection = { subnetGroupName: SUBNET_GROUPS.private };
  /** Where data services (databases, caches) run. */
  public readonly dataSubnets: ec2.SubnetSelection = { subnetGroupName: SUBNET_GROUPS.isolated };

  constructor(scope: Construct, id: string, props: BaselineNetworkProps) {
    super(scope, id);
    const deniedCidrs = props.deniedCidrs ?? [];
    const adminSshCidrs = props.adminSshCidrs ?? [];
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(props.vpcCidr),
      availabilityZones: [...props.availabilityZones],
      natGateways: 0,
      subnetConfiguration: subnetTiers(props.vpcCidr),
      restrictDefaultSecurityGroup: true,
      enableDnsHostnames: true,
      enableDnsSupport: true,
    });
    this.tagTiers();
    this.giveProviderLogGroup(props);
    declareControl(this.vpc, {
      clauses: ['DPP 1.1', 'DUP 4.7'],
      summary:
        'No public addresses; workloads reach the internet only through the egress firewall, data subnets not at all',
    });

    this.flowLogs = new EncryptedLogGroup(this, 'FlowLogs', {
      encryptionKey: props.logEncryptionKey,
      retentionDays: props.logRetentionDays,
      removalPolicy: props.removalPolicy,
    });
    const flowLog = this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(this.flowLogs.logGroup),
      trafficType: ec2.FlowLogTrafficType.ALL,
      maxAggregationInterval: ec2.FlowLogMaxAggregationInterval.ONE_MINUTE,
    });
    acknowledgeFlowLogFindings(flowLog);
    scopeFlowLogTrust(flowLog);
    declareControl(flowLog.node.findChild('FlowLog'), {
      clauses: ['DPP 2.6'],
      summary: 'Records all traffic of the VPC, accepted and rejected, to an encrypted log group',
    });

    this.firewall = new EgressFirewall(this, 'EgressFirewall', {
      vpc: this.vpc,
      vpcCidr: props.vpcCidr,
      subnets: this.firewallZones(props).map((zone) => this.subnetIn('firewall', zone)),
      allowedHosts: egressAllowList({
        allowSandboxHosts: props.allowSandboxHosts ?? false,
        additionalHosts: props.additionalAllowedHosts ?? [],
      }),
      namePrefix: props.namePrefix,
      logEncryptionKey: props.logEncryptionKey,
      logRetentionDays: props.logRetentionDays,
      removalPolicy: props.removalPolicy,
      changeProtection: props.changeProtection,
      tlsInspectionCertificateAuthorityArn: props.tlsInspectionCertificateAuthorityArn,
    });
    this.routeEgressThroughFirewall(props);

    const naclInput = { vpcCidr: props.vpcCidr, deniedCidrs, adminSshCidrs };
    this.networkAcls = {
      nat: this.networkAcl('nat', naclPlan('nat', naclInput)),
      firewall: this.networkAcl('firewall', naclPlan('firewall', naclInput)),
      private: this.networkAcl('private', naclPlan('private', naclInput)),
      isolated: this.networkAcl('isolated', naclPlan('isolated', naclInput)),
    };

    const endpointSubnets = [this.workloadSubnets, this.dataSubnets];
    this.s3Endpoint = this.vpc.addGatewayEndpoint('S3Endpoint', {
      service: ec2.GatewayVpcEndpointAwsService.S3,
      subnets: endpointSubnets,
    });
    this.s3Endpoint.addToPolicy(thisAccountOnly(this));
    this.s3Endpoint.addToPolicy(awsOwnedPackageBuckets(this));
    this.dynamoDbEndpoint = this.vpc.addGatewayEndpoint('DynamoDbEndpoint', {
      service: ec2.GatewayVpcEndpointAwsService.DYNAMODB,
      subnets: endpointSubnets,
    });
    this.dynamoDbEndpoint.addToPolicy(thisAccountOnly(this));
    for (const endpoint of [this.s3Endpoint, this.dynamoDbEndpoint]) declareEndpoint(endpoint);
    this.interfaceEndpoints = this.addInterfaceEndpoints(props);

    this.workloadSecurityGroup = new WorkloadSecurityGroup(this, 'WorkloadSecurityGroup', {
      vpc: this.vpc,
      adminSshCidrs,
    });
  }

  /**
   * Marks every subnet with its tier (`NetworkTier`), set on the subnet itself above any
   * stack-wide tag. `DPP-WorkloadNotInEgressSubnet` reads it: a firewall subnet that holds
   * no endpoint (the other zones in `single` mode) is still no place for a workload.
   */
  private tagTiers(): void {
    for (const tier of Object.keys(SUBNET_GROUPS) as SubnetTier[]) {
      for (const subnet of this.vpc.selectSubnets({ subnetGroupName: SUBNET_GROUPS[tier] })
        .subnets) {
        TagManager.of(subnet.node.defaultChild)!.setTag(NETWORK_TIER_TAG, tier, 1000);
      }
    }
  }

  /**
   * `restrictDefaultSecurityGroup` deploys aws-cdk-lib's custom resource provider, a
   * function at stack level that takes no log group option: its logs would go to a
   * group Lambda creates, unencrypted and kept forever. It gets an encrypted one kept
   * for the audit retention (DPP 2.6). What it cannot do is recorded in network.md: it
   * runs outside the VPC (it calls the EC2 API, which the VPC reaches through no
   * endpoint and the firewall admits no AWS host for), and takes no dead-letter queue
   * (a failed invocation fails the deployment, which is its report).
   */
  private giveProviderLogGroup(props: BaselineNetworkProps): void {
    const provider = Stack.of(this).node.tryFindChild(DEFAULT_SG_PROVIDER_ID);
    if (provider === undefined) return;
    giveFunctionsLogGroups(provider, {
      encryptionKey: props.logEncryptionKey,
      retentionDays: props.logRetentionDays,
      removalPolicy: props.removalPolicy,
    });
  }

  private firewallZones(props: BaselineNetworkProps): string[] {
    const zones = [...props.availabilityZones];
    return (props.firewallEndpoints ?? 'perAz') === 'perAz' ? zones : [zones[0]];
  }

  private subnetIn(tier: SubnetTier, zone: string): ec2.ISubnet {
    const subnet = this.vpc
      .selectSubnets({ subnetGroupName: SUBNET_GROUPS[tier] })
      .subnets.find((s) => s.availabilityZone === zone);
    if (!subnet) throw new Error(`${this.node.path}: no ${tier} subnet in ${zone}`);
    return subnet;
  }

  /**
   * private subnet -> firewall endpoint -> NAT gateway -> internet gateway, and the
   * way back through the same firewall endpoint (the NAT subnet routes each private
   * range to it), so the stateful engine sees both directions of every flow. In
   * `single` mode every zone uses the first zone's firewall endpoint and NAT gateway.
   */
  private routeEgressThroughFirewall(props: BaselineNetworkProps): void {
    const firewallZones = this.firewallZones(props);
    for (const subnet of this.vpc.selectSubnets({ subnetGroupName: SUBNET_GROUPS.nat }).subnets) {
      acknowledge(subnet.node.findChild('DefaultRoute'), {
        ruleId: 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW',
        reason:
          'The NAT tier holds only NAT gateways; traffic reaches them only from the firewall, which admits TCP 443 to allow-listed hosts.',
        basis: { clause: 'DPP 1.1' },
      });
    }
    for (const zone of firewallZones) {
      const nat = (this.subnetIn('nat', zone) as ec2.PublicSubnet).addNatGateway();
      this.route('firewall', zone, 'DefaultRoute', '0.0.0.0/0', { natGatewayId: nat.ref });
    }
    for (const zone of props.availabilityZones) {
      const firewallZone = firewallZones.includes(zone) ? zone : firewallZones[0];
      const endpoint = { vpcEndpointId: this.firewall.endpointIdIn(firewallZone) };
      const privateSubnet = this.subnetIn('private', zone);
      this.route('private', zone, 'DefaultRoute', '0.0.0.0/0', endpoint);
      this.route(
        'nat',
        firewallZone,
        `ReturnTo${zoneSuffix(zone)}`,
        privateSubnet.ipv4CidrBlock,
        endpoint,
      );
    }
  }

  private route(
    tier: SubnetTier,
    zone: string,
    id: string,
    destinationCidrBlock: string,
    target: { natGatewayId: string } | { vpcEndpointId: string },
  ): void {
    const subnet = this.subnetIn(tier, zone) as ec2.Subnet;
    new ec2.CfnRoute(subnet, id, {
      routeTableId: subnet.routeTable.routeTableId,
      destinationCidrBlock,
      ...target,
    });
  }

  /**
   * The tier's network ACL, associated with every subnet of the tier, with one entry
   * per planned rule. An entry's id is its direction and rule number, so that editing
   * the deny-list changes entries in place instead of replacing them onto a number
   * still in use.
   */
  private networkAcl(tier: SubnetTier, plan: readonly NaclEntryPlan[]): ec2.NetworkAcl {
    const acl = new ec2.NetworkAcl(this, `${SUBNET_GROUPS[tier]}Acl`, {
      vpc: this.vpc,
      subnetSelection: { subnetGroupName: SUBNET_GROUPS[tier] },
    });
    for (const entry of plan) {
      const direction = entry.direction === 'ingress' ? 'Ingress' : 'Egress';
      const added = acl.addEntry(`${direction}${entry.ruleNumber}`, {
        ruleNumber: entry.ruleNumber,
        cidr: ec2.AclCidr.ipv4(entry.cidr),
        traffic:
          entry.protocol === 'all'
            ? ec2.AclTraffic.allTraffic()
            : ec2.AclTraffic.tcpPortRange(entry.ports!.from, entry.ports!.to),
        direction:
          entry.direction === 'ingress'
            ? ec2.TrafficDirection.INGRESS
            : ec2.TrafficDirection.EGRESS,
        ruleAction: entry.action === 'deny' ? ec2.Action.DENY : ec2.Action.ALLOW,
      });
      // ACL entries have no description; the reason travels in the template metadata.
      (added.node.defaultChild as CfnResource).addMetadata('Reason', entry.reason);
    }
    declareControl(acl, {
      clauses: ['DPP 1.1'],
      summary: `Network ACL of the ${tier} tier: the deny-list first, then only what the tier needs`,
    });
    acknowledge(acl, {
      ruleId: 'AwsSolutions-VPC3',
      reason:
        'Network ACLs that deny unauthorized addresses are what the clause asks for; security groups alone cannot deny.',
      basis: { clause: 'DPP 1.1' },
    });
    return acl;
  }

  private addInterfaceEndpoints(
    props: BaselineNetworkProps,
  ): Record<string, ec2.InterfaceVpcEndpoint> {
    const { vpcCidr, organizationId } = props;
    const subnets: ec2.SubnetSelection =
      (props.interfaceEndpointZones ?? 'perAz') === 'perAz'
        ? this.workloadSubnets
        : { ...this.workloadSubnets, availabilityZones: [props.availabilityZones[0]] };
    const securityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc: this.vpc,
      description: 'Interface endpoints: HTTPS from inside the VPC only',
      allowAllOutbound: false,
    });
    securityGroup.addIngressRule(ec2.Peer.ipv4(vpcCidr), ec2.Port.tcp(443), 'HTTPS from the VPC');
    declareControl(securityGroup, {
      clauses: ['DPP 1.1'],
      summary: 'Admits HTTPS to the interface endpoints from inside the VPC only',
    });
    const endpoints: Record<string, ec2.InterfaceVpcEndpoint> = {};
    for (const [name, { service, policy }] of Object.entries(INTERFACE_ENDPOINTS)) {
      const endpoint = this.vpc.addInterfaceEndpoint(`${name}Endpoint`, {
        service,
        subnets,
        securityGroups: [securityGroup],
        privateDnsEnabled: true,
        open: false,
      });
      for (const statement of this.endpointPolicy(policy, organizationId)) {
        endpoint.addToPolicy(statement);
      }
      declareEndpoint(endpoint);
      endpoints[name] = endpoint;
    }
    return endpoints;
  }

  private endpointPolicy(policy: EndpointPolicy, organizationId?: string): iam.PolicyStatement[] {
    switch (policy) {
      case 'thisAccount':
        return [thisAccountOnly(this)];
      case 'ssm':
        return [thisAccountOnly(this), ssmAwsOwnedResources(this)];
      case 'ssmmessages':
      case 'ec2messages':
        return [sessionChannels(this, policy)];
      case 'sts':
        return stsToOwnRoles(this, organizationId);
    }
  }
}

/**
 * The flow log's role and policy are aws-cdk-lib's. The library acknowledges its own
 * schema-validator findings on the flow log without a basis; they are acknowledged
 * again here, on each resource, with one.
 */
function acknowledgeFlowLogFindings(flowLog: ec2.FlowLog): void {
  const reason =
    'aws-cdk-lib writes FlowLog properties in the casing EC2 accepts, which differs from the published schema.';
  for (const resource of flowLog.node.findAll().filter(CfnResource.isCfnResource)) {
    acknowledge(
      resource,
      { ruleId: 'CloudFormation-Validate::F3002', reason, basis: CDK_FLOW_LOG },
      { ruleId: 'CloudFormation-Validate::F3003', reason, basis: CDK_FLOW_LOG },
    );
  }
  acknowledge(flowLog.node.findChild('IAMRole'), {
    ruleId: 'NIST.800.53.R5-IAMNoInlinePolicy',
    reason:
      'The policy lets this one role write to this one log group and belongs to it alone; a managed policy would grant no less.',
    basis: { clause: 'DPP 1.3' },
  });
}

const CDK_FLOW_LOG = { engineering: 'aws-cdk-lib FlowLog' };

/**
 * The flow-log role may be assumed by the flow-logs service only for flow logs of this
 * account and region (`aws:SourceAccount`, `aws:SourceArn`), so no other account's flow
 * log can write into this account's log group through it (the confused deputy), which
 * would let an outsider fill the security log with noise. aws-cdk-lib writes the trust
 * without conditions; the statement is replaced in place, keeping the role (and the
 * flow log, which would be replaced with a new role) as they are.
 */
function scopeFlowLogTrust(flowLog: ec2.FlowLog): void {
  const { account, region, partition } = Stack.of(flowLog);
  const role = flowLog.node.findChild('IAMRole').node.defaultChild as iam.CfnRole;
  role.addPropertyOverride('AssumeRolePolicyDocument', {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:SourceAccount': account },
          ArnLike: { 'aws:SourceArn': `arn:${partition}:ec2:${region}:${account}:vpc-flow-log/*` },
        },
      },
    ],
  });
}

/** Declares a VPC endpoint's data perimeter for the compliance report. */
function declareEndpoint(endpoint: ec2.GatewayVpcEndpoint | ec2.InterfaceVpcEndpoint): void {
  declareControl(endpoint, {
    clauses: ['DUP 4.7', 'DPP 1.1'],
    summary:
      "Private path to an AWS service, with a policy that keeps requests to this account's resources and principals",
  });
}

/** `eu-west-1a` -> `A`: a short, stable part of a construct id. */
function zoneSuffix(zone: string): string {
  return zone.slice(-1).toUpperCase();
}

/**
 * Subnet sizes: the two tiers that hold workloads and data get a sixteenth of the VPC
 * per zone; the firewall and NAT tiers need a handful of addresses (/28).
 */
function subnetTiers(vpcCidr: string): ec2.SubnetConfiguration[] {
  const parsed = parseIpv4Cidr(vpcCidr);
  if (typeof parsed === 'string') throw new Error(`VPC CIDR ${vpcCidr}: ${parsed}`);
  const large = Math.min(parsed.prefix + 4, 27);
  const isolated = ec2.SubnetType.PRIVATE_ISOLATED;
  return [
    // PRIVATE_WITH_EGRESS makes this tier the one aws-cdk-lib selects by default (a
    // function given only `vpc`, `vpc.selectSubnets()`), so a workload nobody placed
    // lands behind the firewall. Its egress route is ours (to the firewall endpoint);
    // aws-cdk-lib adds none, as the VPC has no CDK-managed NAT gateway.
    {
      name: SUBNET_GROUPS.private,
      subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS,
      cidrMask: large,
    },
    { name: SUBNET_GROUPS.isolated, subnetType: isolated, cidrMask: large },
    { name: SUBNET_GROUPS.firewall, subnetType: isolated, cidrMask: 28 },
    {
      name: SUBNET_GROUPS.nat,
      subnetType: ec2.SubnetType.PUBLIC,
      cidrMask: 28,
      mapPublicIpOnLaunch: false,
    },
  ];
}
