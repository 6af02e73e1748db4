import { CfnResource, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as nfw from 'aws-cdk-lib/aws-networkfirewall';
import { DataClassKeys } from '../../../constructs/keys';
import {
  BaselineNetwork,
  BaselineNetworkProps,
  DnsFirewall,
  RESERVED_DENIED_CIDRS,
  SP_API_HOSTS,
  SP_API_SANDBOX_HOSTS,
} from '../../../constructs/network';
import { constructPackViolations, withoutCompositionRules } from '../../composition-rules';
import { testStack, violationsOf } from '../../helpers';
import { DppChecks } from '../../../lib/nag/dpp-pack';

const ZONES = ['eu-west-1a', 'eu-west-1b'];

function network(
  id: string,
  props: Partial<BaselineNetworkProps> = {},
): { stack: Stack; net: BaselineNetwork; template: Template } {
  const stack = testStack(id);
  const keys = new DataClassKeys(stack, 'Keys', {
    projectName: 'spapi-dpp',
    environmentName: 'test',
  });
  const net = new BaselineNetwork(stack, 'Network', {
    vpcCidr: '10.20.0.0/16',
    availabilityZones: ZONES,
    logEncryptionKey: keys.auditLogs,
    logRetentionDays: 365,
    namePrefix: 'spapi-dpp-test',
    deniedCidrs: [{ cidr: '100.70.0.0/16', reason: 'hostile per threat feed' }],
    ...props,
  });
  // Every VPC of an environment gets its DNS Firewall (DPP-VPCDnsFirewallBlocksByDefault).
  new DnsFirewall(stack, 'DnsFirewall', {
    vpc: net.vpc,
    allowedHosts: net.firewall.allowedHosts,
    namePrefix: 'spapi-dpp-test',
    logEncryptionKey: keys.auditLogs,
    logRetentionDays: 365,
  });
  return { stack, net, template: Template.fromStack(stack) };
}

/** The resolved properties of every resource of `type` in `template`. */
function propertiesOf(template: Template, type: string): Record<string, any>[] {
  return Object.values(template.findResources(type)).map((r) => r.Properties);
}

describe('BaselineNetwork', () => {
  const perAz = network('PerAz', { firewallEndpoints: 'perAz' });
  const single = network('Single', {
    firewallEndpoints: 'single',
    interfaceEndpointZones: 'single',
    allowSandboxHosts: true,
    additionalAllowedHosts: [{ host: 'api.carrier.example', reason: 'carrier rates' }],
    adminSshCidrs: [{ cidr: '10.99.0.0/24', reason: 'operations VPN' }],
  });

  test('spans four tiers per zone, none of which assigns public addresses', () => {
    const subnets = propertiesOf(perAz.template, 'AWS::EC2::Subnet');
    expect(subnets).toHaveLength(8);
    for (const subnet of subnets) expect(subnet.MapPublicIpOnLaunch).toBe(false);
    const tiers = subnets.map(
      (s) => s.Tags.find((t: any) => t.Key === 'aws-cdk:subnet-name').Value,
    );
    expect([...new Set(tiers)].sort()).toEqual(['Firewall', 'Isolated', 'Nat', 'Private']);
    perAz.template.resourceCountIs('AWS::EC2::VPCCidrBlock', 0);
  });

  test("removes every rule from the VPC's default security group", () => {
    perAz.template.resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
  });

  test('routes private egress through the firewall endpoint of its zone, then NAT, and back', () => {
    const routes = propertiesOf(perAz.template, 'AWS::EC2::Route');
    const toEndpointIn = (zone: string) =>
      routes.filter((r) => JSON.stringify(r.VpcEndpointId ?? '').includes(`${zone}:`));
    for (const zone of ZONES) {
      // the private subnet's default route and the NAT subnet's return route
      expect(
        toEndpointIn(zone)
          .map((r) => r.DestinationCidrBlock)
          .sort(),
      ).toEqual(['0.0.0.0/0', expect.stringMatching(/^10\.20\./)].sort());
    }
    expect(routes.filter((r) => r.NatGatewayId)).toHaveLength(2);
    expect(routes.filter((r) => r.GatewayId)).toHaveLength(2);
    perAz.template.resourceCountIs('AWS::EC2::NatGateway', 2);
    perAz.template.hasResourceProperties('AWS::NetworkFirewall::Firewall', {
      SubnetMappings: [Match.anyValue(), Match.anyValue()],
      DeleteProtection: true,
    });
  });

  test('uses one firewall endpoint and NAT gateway for every zone when single', () => {
    single.template.resourceCountIs('AWS::EC2::NatGateway', 1);
    single.template.hasResourceProperties('AWS::NetworkFirewall::Firewall', {
      SubnetMappings: [Match.anyValue()],
    });
    const privateDefaults = propertiesOf(single.template, 'AWS::EC2::Route').filter(
      (r) => r.DestinationCidrBlock === '0.0.0.0/0' && r.VpcEndpointId,
    );
    expect(privateDefaults).toHaveLength(2);
    for (const route of privateDefaults) {
      expect(JSON.stringify(route.VpcEndpointId)).toContain('eu-west-1a:');
    }
  });

  test('drops by default, in strict order, behind a protocol guard, a TLS guard and a TLS host allow-list', () => {
    perAz.template.hasResourceProperties('AWS::NetworkFirewall::FirewallPolicy', {
      FirewallPolicy: {
        StatelessDefaultActions: ['aws:forward_to_sfe'],
        StatelessFragmentDefaultActions: ['aws:forward_to_sfe'],
        StatefulEngineOptions: { RuleOrder: 'STRICT_ORDER', StreamExceptionPolicy: 'DROP' },
        StatefulDefaultActions: ['aws:drop_established', 'aws:alert_established'],
        StatefulRuleGroupReferences: [
          Match.objectLike({ Priority: 100 }),
          Match.objectLike({ Priority: 150 }),
          Match.objectLike({ Priority: 200 }),
        ],
      },
    });
    perAz.template.hasResourceProperties('AWS::NetworkFirewall::RuleGroup', {
      RuleGroup: Match.objectLike({
        RulesSource: {
          RulesString: Match.stringLikeRegexp('drop tcp \\$HOME_NET any -> any !443'),
        },
      }),
    });
  });

  test('admits the SP-API and LWA hosts everywhere, the sandbox only where asked', () => {
    const targetsOf = (template: Template) =>
      propertiesOf(template, 'AWS::NetworkFirewall::RuleGroup').find(
        (g) => g.RuleGroup.RulesSource.RulesSourceList,
      )!.RuleGroup.RulesSource.RulesSourceList;
    expect(targetsOf(perAz.template)).toEqual({
      Targets: SP_API_HOSTS.map((h) => h.host),
      TargetTypes: ['TLS_SNI'],
      GeneratedRulesType: 'ALLOWLIST',
    });
    expect(targetsOf(single.template).Targets).toEqual([
      ...SP_API_HOSTS.map((h) => h.host),
      ...SP_API_SANDBOX_HOSTS.map((h) => h.host),
      'api.carrier.example',
    ]);
  });

  test('logs firewall alerts, flows and its custom resource to encrypted log groups kept as long as the audit logs', () => {
    perAz.template.hasResourceProperties('AWS::NetworkFirewall::LoggingConfiguration', {
      LoggingConfiguration: {
        LogDestinationConfigs: [
          Match.objectLike({ LogType: 'ALERT', LogDestinationType: 'CloudWatchLogs' }),
          Match.objectLike({ LogType: 'FLOW', LogDestinationType: 'CloudWatchLogs' }),
        ],
      },
    });
    // VPC flow logs, firewall alerts and flows, the DNS Firewall's queries, the
    // default-security-group provider
    perAz.template.resourceCountIs('AWS::Logs::LogGroup', 5);
    perAz.template.allResourcesProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 365,
      KmsKeyId: Match.anyValue(),
    });
  });

  test('records all VPC traffic in flow logs', () => {
    perAz.template.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
      MaxAggregationInterval: 60,
    });
  });

  test('gives every subnet its tier ACL, with the deny-list first in both directions', () => {
    perAz.template.resourceCountIs('AWS::EC2::NetworkAcl', 4);
    perAz.template.resourceCountIs('AWS::EC2::SubnetNetworkAclAssociation', 8);
    const entries = propertiesOf(perAz.template, 'AWS::EC2::NetworkAclEntry');
    const denied = [...RESERVED_DENIED_CIDRS.map((r) => r.cidr), '100.70.0.0/16'];
    for (const egress of [false, true]) {
      const denies = entries.filter((e) => e.RuleAction === 'deny' && e.Egress === egress);
      // every one of the four ACLs denies every listed range
      expect(denies).toHaveLength(4 * denied.length);
      expect([...new Set(denies.map((e) => e.CidrBlock))].sort()).toEqual([...denied].sort());
      expect(Math.max(...denies.map((e) => e.RuleNumber))).toBeLessThan(1000);
    }
  });

  test('admits only VPC traffic to the isolated tier', () => {
    const isolated = perAz.stack.getLogicalId(
      perAz.net.networkAcls.isolated.node.defaultChild as CfnResource,
    );
    const allows = propertiesOf(perAz.template, 'AWS::EC2::NetworkAclEntry').filter(
      (e) => e.NetworkAclId.Ref === isolated && e.RuleAction === 'allow',
    );
    expect(allows.map((e) => [e.Egress, e.CidrBlock, e.Protocol])).toEqual([
      [false, '10.20.0.0/16', -1],
      [true, '10.20.0.0/16', -1],
    ]);
  });

  test('admits SSH into the private tier only from configured sources', () => {
    const entries = propertiesOf(single.template, 'AWS::EC2::NetworkAclEntry');
    const ssh = entries.filter((e) => e.PortRange?.From === 22);
    expect(ssh).toEqual([
      expect.objectContaining({ CidrBlock: '10.99.0.0/24', Egress: false, RuleAction: 'allow' }),
    ]);
    expect(
      propertiesOf(perAz.template, 'AWS::EC2::NetworkAclEntry').some(
        (e) => e.PortRange?.From === 22,
      ),
    ).toBe(false);
  });

  test('keeps the workload security group to HTTPS out, and SSH in only when configured', () => {
    perAz.template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'SP-API workload: HTTPS out only (DPP 1.1)',
      SecurityGroupEgress: [
        Match.objectLike({ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }),
      ],
      SecurityGroupIngress: Match.absent(),
    });
    single.template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'SP-API workload: HTTPS out only (DPP 1.1)',
      SecurityGroupIngress: [
        Match.objectLike({ CidrIp: '10.99.0.0/24', FromPort: 22, ToPort: 22 }),
      ],
    });
  });

  test('places each interface endpoint in the private subnet of every zone, or of the first zone only', () => {
    const zonesOfEndpoints = (template: Template) => {
      const subnets = template.findResources('AWS::EC2::Subnet');
      const zoneOf = (ref: { Ref: string }) => subnets[ref.Ref].Properties.AvailabilityZone;
      const tierOf = (ref: { Ref: string }) =>
        subnets[ref.Ref].Properties.Tags.find((t: any) => t.Key === 'aws-cdk:subnet-name').Value;
      const interfaces = propertiesOf(template, 'AWS::EC2::VPCEndpoint').filter(
        (e) => e.VpcEndpointType === 'Interface',
      );
      expect(interfaces).toHaveLength(8);
      return [
        ...new Set(
          interfaces.map((e) => e.SubnetIds.map((r: any) => `${tierOf(r)} ${zoneOf(r)}`).join()),
        ),
      ];
    };
    expect(zonesOfEndpoints(perAz.template)).toEqual(['Private eu-west-1a,Private eu-west-1b']);
    expect(zonesOfEndpoints(single.template)).toEqual(['Private eu-west-1a']);
  });

  test('reaches AWS services through endpoints whose policies keep data in this account', () => {
    const endpoints = propertiesOf(perAz.template, 'AWS::EC2::VPCEndpoint');
    expect(endpoints).toHaveLength(10);
    for (const endpoint of endpoints) {
      expect(
        endpoint.PolicyDocument.Statement[0].Condition.StringEquals['aws:PrincipalAccount'],
      ).toBe('123456789012');
    }
    const s3 = endpoints.find((e) => JSON.stringify(e.ServiceName).includes('.s3'))!;
    expect(s3.PolicyDocument.Statement[0]).toMatchObject({
      Action: '*',
      Condition: {
        StringEquals: {
          'aws:PrincipalAccount': '123456789012',
          'aws:ResourceAccount': '123456789012',
        },
      },
    });
    const interfaces = endpoints.filter((e) => e.VpcEndpointType === 'Interface');
    expect(interfaces).toHaveLength(8);
    for (const endpoint of interfaces) expect(endpoint.PrivateDnsEnabled).toBe(true);
    perAz.template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Interface endpoints: HTTPS from inside the VPC only',
      SecurityGroupIngress: [
        Match.objectLike({ CidrIp: '10.20.0.0/16', FromPort: 443, ToPort: 443 }),
      ],
    });
  });

  test('passes every check of the three packs', () => {
    expect(constructPackViolations(perAz.stack)).toEqual([]);
    expect(constructPackViolations(single.stack)).toEqual([]);
  });
});

describe('BaselineNetwork under the DPP pack', () => {
  const dppRuleIds = (stack: Stack) =>
    withoutCompositionRules(violationsOf(new DppChecks(), stack)).map((v) => v.ruleId);

  test('fails if a subnet loses its network ACL', () => {
    const { stack, net } = network('DroppedAcl');
    const association = net.networkAcls.private.node.children.find((c) =>
      c.node.id.startsWith('DefaultAssociation'),
    )!;
    net.networkAcls.private.node.tryRemoveChild(association.node.id);
    expect(dppRuleIds(stack)).toEqual(['DPP-SubnetHasNetworkAcl']);
  });

  test('fails if a security group is opened to the world', () => {
    const { stack, net } = network('WorldOpen');
    net.workloadSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443));
    expect(dppRuleIds(stack)).toEqual(['DPP-SecurityGroupNoWorldIngress']);
  });

  test('fails if the firewall policy passes by default', () => {
    const { stack, net } = network('PassByDefault');
    (net.firewall.policy as nfw.CfnFirewallPolicy).addPropertyOverride(
      'FirewallPolicy.StatelessDefaultActions',
      ['aws:pass'],
    );
    expect(dppRuleIds(stack)).toEqual(['DPP-NetworkFirewallPolicyDropsByDefault']);
  });
});
