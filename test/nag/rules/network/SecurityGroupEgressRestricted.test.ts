import { Fn } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { SecurityGroupEgressRestricted } from '../../../../lib/nag/rules/network/SecurityGroupEgressRestricted';
import { ruleFlags, ruleOutcome, threw, testStack } from '../../../helpers';

describe('DPP-SecurityGroupEgressRestricted', () => {
  const stack = testStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 1,
    natGateways: 0,
    subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  const closedGroup = (id: string) =>
    new ec2.SecurityGroup(stack, id, { vpc, allowAllOutbound: false });
  const groupAllowing = (id: string, peer: ec2.IPeer, port: ec2.Port) => {
    const group = closedGroup(id);
    group.addEgressRule(peer, port);
    return group;
  };

  test('fails if a security group allows all outbound traffic (the L2 default)', () => {
    const group = new ec2.SecurityGroup(stack, 'AllowAll', { vpc });
    expect(ruleFlags(SecurityGroupEgressRestricted, group)).toBe(true);
  });

  test('fails if a security group has no egress rules (EC2 then allows all)', () => {
    const group = new ec2.CfnSecurityGroup(stack, 'NoEgress', {
      groupDescription: 'no egress property',
      vpcId: vpc.vpcId,
    });
    expect(ruleFlags(SecurityGroupEgressRestricted, group)).toBe(true);
  });

  test('fails if egress to any address is HTTP', () => {
    const group = groupAllowing('Http', ec2.Peer.anyIpv4(), ec2.Port.tcp(80));
    expect(ruleFlags(SecurityGroupEgressRestricted, group)).toBe(true);
  });

  test('fails if egress to any address covers a port range around 443', () => {
    const group = groupAllowing('Range', ec2.Peer.anyIpv4(), ec2.Port.tcpRange(443, 8443));
    expect(ruleFlags(SecurityGroupEgressRestricted, group)).toBe(true);
  });

  test('fails if egress to any address is UDP 443', () => {
    const group = groupAllowing('Quic', ec2.Peer.anyIpv4(), ec2.Port.udp(443));
    expect(ruleFlags(SecurityGroupEgressRestricted, group)).toBe(true);
  });

  test('fails if a separate egress rule allows all protocols to ::/0', () => {
    const rule = new ec2.CfnSecurityGroupEgress(stack, 'AllToAnyIpv6', {
      groupId: closedGroup('Ipv6Target').securityGroupId,
      ipProtocol: '-1',
      cidrIpv6: '::/0',
    });
    expect(ruleFlags(SecurityGroupEgressRestricted, rule)).toBe(true);
  });

  test('fails if the destination is not known at synth', () => {
    const peer = ec2.Peer.ipv4(Fn.importValue('CidrFromAnotherStack'));
    const group = groupAllowing('Imported', peer, ec2.Port.tcp(5432));
    expect(ruleOutcome(SecurityGroupEgressRestricted, group)).toEqual(
      threw(
        /^CidrIp of \S+ is \{"Fn::ImportValue":"CidrFromAnotherStack"\}, not a value known at synth$/,
      ),
    );
  });

  test('passes a security group with allowAllOutbound: false', () => {
    expect(ruleFlags(SecurityGroupEgressRestricted, closedGroup('Closed'))).toBe(false);
  });

  test('passes HTTPS to any address', () => {
    const group = groupAllowing('Https', ec2.Peer.anyIpv4(), ec2.Port.tcp(443));
    expect(ruleFlags(SecurityGroupEgressRestricted, group)).toBe(false);
  });

  test('passes HTTPS to any address with protocol number 6', () => {
    const rule = new ec2.CfnSecurityGroupEgress(stack, 'HttpsByNumber', {
      groupId: closedGroup('NumberTarget').securityGroupId,
      ipProtocol: '6',
      fromPort: 443,
      toPort: 443,
      cidrIp: '0.0.0.0/0',
    });
    expect(ruleFlags(SecurityGroupEgressRestricted, rule)).toBe(false);
  });

  test('passes any port to the VPC range and to another security group', () => {
    const group = groupAllowing('InVpc', ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.allTraffic());
    group.addEgressRule(closedGroup('Peer'), ec2.Port.tcp(5432));
    expect(ruleFlags(SecurityGroupEgressRestricted, group)).toBe(false);
  });

  test('passes a separate egress rule to a prefix list', () => {
    const rule = new ec2.CfnSecurityGroupEgress(stack, 'ToPrefixList', {
      groupId: closedGroup('PrefixTarget').securityGroupId,
      ipProtocol: '-1',
      destinationPrefixListId: 'pl-6da54004',
    });
    expect(ruleFlags(SecurityGroupEgressRestricted, rule)).toBe(false);
  });

  test('does not apply to an ingress rule', () => {
    const rule = new ec2.CfnSecurityGroupIngress(stack, 'Ingress', {
      groupId: closedGroup('IngressTarget').securityGroupId,
      ipProtocol: '-1',
      cidrIp: '0.0.0.0/0',
    });
    expect(ruleFlags(SecurityGroupEgressRestricted, rule)).toBe(false);
  });
});
