import { Fn, Stack, TagManager } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nfw from 'aws-cdk-lib/aws-networkfirewall';
import * as rds from 'aws-cdk-lib/aws-rds';
import { WorkloadNotInEgressSubnet } from '../../../../lib/nag/rules/network/WorkloadNotInEgressSubnet';
import { ruleFlags, ruleOutcome, testApp, testStack, threw } from '../../../helpers';

describe('DPP-WorkloadNotInEgressSubnet', () => {
  const app = testApp();
  const stack = testStack('Network', app);
  const consumer = testStack('Consumer', app);

  /** A plain CDK VPC: public subnets with NAT gateways, private subnets routed to them. */
  const plain = new ec2.Vpc(stack, 'Plain', {
    maxAzs: 2,
    natGateways: 1,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, mapPublicIpOnLaunch: false },
      { name: 'App', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      { name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
  /** A VPC with a Network Firewall in its `Fw` subnets; `Bypass` routes straight to NAT. */
  const guarded = new ec2.Vpc(stack, 'Guarded', {
    maxAzs: 2,
    natGateways: 1,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, mapPublicIpOnLaunch: false },
      { name: 'Bypass', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      { name: 'Fw', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      { name: 'Tagged', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      { name: 'Work', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
  new nfw.CfnFirewall(stack, 'Firewall', {
    firewallName: 'egress',
    firewallPolicyArn: 'arn:aws:network-firewall:eu-west-1:123456789012:firewall-policy/p',
    vpcId: guarded.vpcId,
    subnetMappings: guarded
      .selectSubnets({ subnetGroupName: 'Fw' })
      .subnetIds.map((subnetId) => ({ subnetId })),
  });
  for (const subnet of guarded.selectSubnets({ subnetGroupName: 'Tagged' }).subnets) {
    TagManager.of(subnet.node.defaultChild)!.setTag('NetworkTier', 'firewall', 1000);
  }

  const fn = (scope: Stack, id: string, vpc: ec2.IVpc, subnets: ec2.SubnetSelection) =>
    new lambda.Function(scope, id, {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {};'),
      vpc,
      vpcSubnets: subnets,
    });
  const flags = (construct: Parameters<typeof ruleFlags>[1]) =>
    ruleFlags(WorkloadNotInEgressSubnet, construct);

  test('fails if a function is placed in a subnet that holds a Network Firewall endpoint', () => {
    expect(flags(fn(stack, 'InFirewall', guarded, { subnetGroupName: 'Fw' }))).toBe(true);
  });

  test('fails if a function is placed in a subnet tagged as the firewall tier', () => {
    expect(flags(fn(stack, 'InTagged', guarded, { subnetGroupName: 'Tagged' }))).toBe(true);
  });

  test('fails if a function routes straight to NAT in a VPC that has a firewall', () => {
    expect(flags(fn(stack, 'PastFirewall', guarded, { subnetGroupName: 'Bypass' }))).toBe(true);
  });

  test('fails if an instance is placed in a public (NAT) subnet', () => {
    const instance = new ec2.Instance(stack, 'PublicInstance', {
      vpc: plain,
      vpcSubnets: { subnetGroupName: 'Public' },
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO),
      machineImage: ec2.MachineImage.genericLinux({ 'eu-west-1': 'ami-0123456789abcdef0' }),
    });
    expect(flags(instance)).toBe(true);
  });

  test('fails if a load balancer sits in the public subnets', () => {
    const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', {
      vpc: plain,
      internetFacing: true,
      vpcSubnets: { subnetGroupName: 'Public' },
    });
    expect(flags(alb)).toBe(true);
  });

  test('fails if a database subnet group includes a firewall subnet', () => {
    const group = new rds.SubnetGroup(stack, 'DbSubnets', {
      vpc: guarded,
      description: 'database',
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    });
    expect(flags(group)).toBe(true);
  });

  test('fails if a function in another stack is given a firewall subnet', () => {
    expect(flags(fn(consumer, 'CrossStack', guarded, { subnetGroupName: 'Fw' }))).toBe(true);
  });

  test('fails if a subnet given by literal id is a firewall subnet of the stack', () => {
    new nfw.CfnFirewall(stack, 'LiteralFirewall', {
      firewallName: 'literal',
      firewallPolicyArn: 'arn:aws:network-firewall:eu-west-1:123456789012:firewall-policy/p',
      vpcId: 'vpc-0123456789abcdef0',
      subnetMappings: [{ subnetId: 'subnet-0aaaaaaaaaaaaaaaa' }],
    });
    const eni = new ec2.CfnNetworkInterface(stack, 'LiteralEni', {
      subnetId: 'subnet-0aaaaaaaaaaaaaaaa',
    });
    expect(flags(eni)).toBe(true);
  });

  test('fails if a subnet given by literal id is unknown to the app (cannot be judged)', () => {
    const eni = new ec2.CfnNetworkInterface(stack, 'UnknownEni', {
      subnetId: 'subnet-0bbbbbbbbbbbbbbbb',
    });
    expect(ruleOutcome(WorkloadNotInEgressSubnet, eni)).toEqual(
      threw(/subnet subnet-0bbbbbbbbbbbbbbbb of Network\/UnknownEni is not defined in this app/),
    );
  });

  test('fails if the subnets are imported from outside the app', () => {
    const eni = new ec2.CfnNetworkInterface(stack, 'ImportedEni', {
      subnetId: Fn.importValue('SomeoneElsesSubnet'),
    });
    expect(ruleOutcome(WorkloadNotInEgressSubnet, eni)).toEqual(
      threw(/\{"Fn::ImportValue":"SomeoneElsesSubnet"\}, which names no subnet of this app/),
    );
  });

  test('fails if a raw override names a firewall subnet by Ref', () => {
    const eni = new ec2.CfnNetworkInterface(stack, 'OverrideEni', { subnetId: 'placeholder' });
    const firewallSubnet = guarded.selectSubnets({ subnetGroupName: 'Fw' }).subnets[0];
    eni.addPropertyOverride('SubnetId', {
      Ref: stack.getLogicalId(firewallSubnet.node.defaultChild as ec2.CfnSubnet),
    });
    expect(flags(eni)).toBe(true);
  });

  test('passes a raw override that names an isolated subnet by Ref', () => {
    const eni = new ec2.CfnNetworkInterface(stack, 'OverrideWorkEni', { subnetId: 'placeholder' });
    const workSubnet = guarded.selectSubnets({ subnetGroupName: 'Work' }).subnets[0];
    eni.addPropertyOverride('SubnetId', {
      Ref: stack.getLogicalId(workSubnet.node.defaultChild as ec2.CfnSubnet),
    });
    expect(flags(eni)).toBe(false);
  });

  test('passes a function in the isolated subnets of a VPC with a firewall', () => {
    expect(flags(fn(stack, 'InWork', guarded, { subnetGroupName: 'Work' }))).toBe(false);
  });

  test('passes a function in the private subnets of a plain VPC (no firewall to bypass)', () => {
    expect(flags(fn(stack, 'InApp', plain, { subnetGroupName: 'App' }))).toBe(false);
  });

  test('passes a function in another stack given isolated subnets', () => {
    expect(flags(fn(consumer, 'CrossStackWork', guarded, { subnetGroupName: 'Work' }))).toBe(false);
  });

  test('does not apply to a function outside any VPC', () => {
    const outside = new lambda.Function(stack, 'NoVpc', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {};'),
    });
    expect(flags(outside)).toBe(false);
  });
});
