import { Fn } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { NetworkAclNoAdminPortsFromAnywhere } from '../../../../lib/nag/rules/network/NetworkAclNoAdminPortsFromAnywhere';
import { ruleFlags, ruleOutcome, testStack, threw } from '../../../helpers';

describe('DPP-NetworkAclNoAdminPortsFromAnywhere', () => {
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
      traffic: ec2.AclTraffic.tcpPortRange(1024, 65535),
      direction: ec2.TrafficDirection.INGRESS,
      ruleAction: ec2.Action.ALLOW,
      ...options,
    });
  const flags = (e: ec2.NetworkAclEntry) => ruleFlags(NetworkAclNoAdminPortsFromAnywhere, e);

  test('fails if return traffic from anywhere spans RDP (1024-65535)', () => {
    expect(flags(entry('WholeEphemeral', {}))).toBe(true);
  });

  test('fails if SSH is admitted from anywhere, over IPv4 or IPv6', () => {
    expect(flags(entry('Ssh', { traffic: ec2.AclTraffic.tcpPort(22) }))).toBe(true);
    const ipv6 = entry('SshIpv6', {
      traffic: ec2.AclTraffic.tcpPort(22),
      cidr: ec2.AclCidr.anyIpv6(),
    });
    expect(flags(ipv6)).toBe(true);
  });

  test('fails if RDP over UDP is admitted from anywhere', () => {
    expect(flags(entry('RdpUdp', { traffic: ec2.AclTraffic.udpPortRange(3000, 4000) }))).toBe(true);
  });

  test('fails if all traffic is admitted from anywhere', () => {
    expect(flags(entry('All', { traffic: ec2.AclTraffic.allTraffic() }))).toBe(true);
  });

  test('fails if the port range is not known at synth', () => {
    const unknown = entry('Unknown', {});
    (unknown.node.defaultChild as ec2.CfnNetworkAclEntry).addPropertyOverride(
      'PortRange.From',
      Fn.importValue('FromPort'),
    );
    expect(ruleOutcome(NetworkAclNoAdminPortsFromAnywhere, unknown)).toEqual(
      threw(/PortRange.From of TestStack\/Unknown\/Resource is \{"Fn::ImportValue":"FromPort"\}/),
    );
  });

  test('passes ephemeral ranges split around RDP', () => {
    expect(flags(entry('Low', { traffic: ec2.AclTraffic.tcpPortRange(1024, 3388) }))).toBe(false);
    expect(flags(entry('High', { traffic: ec2.AclTraffic.tcpPortRange(3390, 65535) }))).toBe(false);
  });

  test('passes SSH from a named source, egress, denies and ICMP', () => {
    expect(
      flags(
        entry('SshVpn', {
          traffic: ec2.AclTraffic.tcpPort(22),
          cidr: ec2.AclCidr.ipv4('10.99.0.0/24'),
        }),
      ),
    ).toBe(false);
    expect(flags(entry('Out', { direction: ec2.TrafficDirection.EGRESS }))).toBe(false);
    expect(flags(entry('Deny', { ruleAction: ec2.Action.DENY }))).toBe(false);
    expect(flags(entry('Icmp', { traffic: ec2.AclTraffic.icmp({ code: -1, type: -1 }) }))).toBe(
      false,
    );
  });
});
