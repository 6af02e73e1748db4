import { Fn, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { NetworkAclNoAllTrafficFromAnywhere } from '../../../../lib/nag/rules/network/NetworkAclNoAllTrafficFromAnywhere';
import { ruleFlags, ruleOutcome, threw, testStack } from '../../../helpers';

describe('DPP-NetworkAclNoAllTrafficFromAnywhere', () => {
  const stack = testStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 1,
    natGateways: 0,
    subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  const acl = new ec2.NetworkAcl(stack, 'Acl', { vpc });
  let ruleNumber = 100;
  const entry = (id: string, options: Partial<ec2.CommonNetworkAclEntryOptions>) =>
    new ec2.NetworkAclEntry(stack, id, {
      networkAcl: acl,
      ruleNumber: ruleNumber++,
      cidr: ec2.AclCidr.anyIpv4(),
      traffic: ec2.AclTraffic.allTraffic(),
      direction: ec2.TrafficDirection.INGRESS,
      ruleAction: ec2.Action.ALLOW,
      ...options,
    });

  test('fails if an ingress entry allows all traffic from 0.0.0.0/0', () => {
    expect(ruleFlags(NetworkAclNoAllTrafficFromAnywhere, entry('AllFromAnyIpv4', {}))).toBe(true);
  });

  test('fails if an ingress entry allows all traffic from ::/0', () => {
    const fromAnyIpv6 = entry('AllFromAnyIpv6', { cidr: ec2.AclCidr.anyIpv6() });
    expect(ruleFlags(NetworkAclNoAllTrafficFromAnywhere, fromAnyIpv6)).toBe(true);
  });

  test('fails if the protocol is the string "-1"', () => {
    const stringProtocol = entry('StringProtocol', {});
    (stringProtocol.node.defaultChild as ec2.CfnNetworkAclEntry).addPropertyOverride(
      'Protocol',
      '-1',
    );
    expect(ruleFlags(NetworkAclNoAllTrafficFromAnywhere, stringProtocol)).toBe(true);
  });

  test('fails if the protocol is not known at synth', () => {
    const unknown = new ec2.CfnNetworkAclEntry(stack, 'UnknownProtocol', {
      networkAclId: acl.networkAclId,
      ruleNumber: ruleNumber++,
      protocol: Token.asNumber(Fn.importValue('ProtocolFromAnotherStack')),
      ruleAction: 'allow',
      cidrBlock: '0.0.0.0/0',
    });
    expect(ruleOutcome(NetworkAclNoAllTrafficFromAnywhere, unknown)).toEqual(
      threw(
        /^Protocol of \S+ is \{"Fn::ImportValue":"ProtocolFromAnotherStack"\}, not a value known at synth$/,
      ),
    );
  });

  test('passes return traffic on TCP 1024-65535 from anywhere', () => {
    const returnTraffic = entry('ReturnTraffic', {
      traffic: ec2.AclTraffic.tcpPortRange(1024, 65535),
    });
    expect(ruleFlags(NetworkAclNoAllTrafficFromAnywhere, returnTraffic)).toBe(false);
  });

  test('passes all traffic from the VPC range', () => {
    const fromVpc = entry('FromVpc', { cidr: ec2.AclCidr.ipv4('10.0.0.0/16') });
    expect(ruleFlags(NetworkAclNoAllTrafficFromAnywhere, fromVpc)).toBe(false);
  });

  test('passes an entry denying all traffic from anywhere', () => {
    const deny = entry('DenyAll', { ruleAction: ec2.Action.DENY });
    expect(ruleFlags(NetworkAclNoAllTrafficFromAnywhere, deny)).toBe(false);
  });

  test('passes an egress entry allowing all traffic to anywhere', () => {
    const egress = entry('EgressAll', { direction: ec2.TrafficDirection.EGRESS });
    expect(ruleFlags(NetworkAclNoAllTrafficFromAnywhere, egress)).toBe(false);
  });

  test('does not apply to the network ACL itself', () => {
    expect(ruleFlags(NetworkAclNoAllTrafficFromAnywhere, acl)).toBe(false);
  });
});
