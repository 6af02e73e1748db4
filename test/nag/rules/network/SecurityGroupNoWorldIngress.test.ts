import { Fn } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { SecurityGroupNoWorldIngress } from '../../../../lib/nag/rules/network/SecurityGroupNoWorldIngress';
import { ruleFlags, ruleOutcome, threw, testStack } from '../../../helpers';

describe('DPP-SecurityGroupNoWorldIngress', () => {
  const stack = testStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 1,
    natGateways: 0,
    subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  const groupAdmitting = (id: string, peer: ec2.IPeer) => {
    const group = new ec2.SecurityGroup(stack, id, { vpc, allowAllOutbound: false });
    group.addIngressRule(peer, ec2.Port.tcp(443));
    return group;
  };

  test('fails if a security group admits any IPv4 address', () => {
    expect(
      ruleFlags(SecurityGroupNoWorldIngress, groupAdmitting('AnyIpv4', ec2.Peer.anyIpv4())),
    ).toBe(true);
  });

  test('fails if a security group admits any IPv6 address', () => {
    expect(
      ruleFlags(SecurityGroupNoWorldIngress, groupAdmitting('AnyIpv6', ec2.Peer.anyIpv6())),
    ).toBe(true);
  });

  test('fails if a separate ingress rule admits 0.0.0.0/0', () => {
    const group = new ec2.SecurityGroup(stack, 'Target', { vpc, allowAllOutbound: false });
    const rule = new ec2.CfnSecurityGroupIngress(stack, 'WorldIngress', {
      groupId: group.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: 22,
      toPort: 22,
      cidrIp: '0.0.0.0/0',
    });
    expect(ruleFlags(SecurityGroupNoWorldIngress, rule)).toBe(true);
  });

  test('fails if the admitted range is not known at synth', () => {
    const peer = ec2.Peer.ipv4(Fn.importValue('CidrFromAnotherStack'));
    expect(ruleOutcome(SecurityGroupNoWorldIngress, groupAdmitting('Imported', peer))).toEqual(
      threw(
        /^CidrIp of \S+ is \{"Fn::ImportValue":"CidrFromAnotherStack"\}, not a value known at synth$/,
      ),
    );
  });

  test('passes a security group admitting the VPC range', () => {
    const peer = ec2.Peer.ipv4(vpc.vpcCidrBlock);
    expect(ruleFlags(SecurityGroupNoWorldIngress, groupAdmitting('FromVpc', peer))).toBe(false);
  });

  test('passes a security group admitting a literal private range', () => {
    const peer = ec2.Peer.ipv4('10.20.0.0/16');
    expect(ruleFlags(SecurityGroupNoWorldIngress, groupAdmitting('FromRange', peer))).toBe(false);
  });

  test('passes a separate ingress rule from another security group', () => {
    const source = new ec2.SecurityGroup(stack, 'Source', { vpc, allowAllOutbound: false });
    const target = new ec2.SecurityGroup(stack, 'Database', { vpc, allowAllOutbound: false });
    const rule = new ec2.CfnSecurityGroupIngress(stack, 'FromSource', {
      groupId: target.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: 5432,
      toPort: 5432,
      sourceSecurityGroupId: source.securityGroupId,
    });
    expect(ruleFlags(SecurityGroupNoWorldIngress, rule)).toBe(false);
  });

  test('passes a security group without ingress rules', () => {
    const group = new ec2.SecurityGroup(stack, 'Closed', { vpc, allowAllOutbound: false });
    expect(ruleFlags(SecurityGroupNoWorldIngress, group)).toBe(false);
  });
});
