import { CfnResource, Fn, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { SubnetNoPublicIpOnLaunch } from '../../../../lib/nag/rules/network/SubnetNoPublicIpOnLaunch';
import { ruleFlags, ruleOutcome, threw, testStack } from '../../../helpers';

/** The L1 subnet of an L2 subnet (its id is `Subnet`, not `Resource`). */
function cfnSubnetOf(subnet: ec2.ISubnet): CfnResource {
  return subnet.node.findChild('Subnet') as CfnResource;
}

describe('DPP-SubnetNoPublicIpOnLaunch', () => {
  const stack = testStack();
  const vpc = (id: string, mapPublicIpOnLaunch?: boolean) =>
    new ec2.Vpc(stack, id, {
      maxAzs: 1,
      natGateways: 0,
      subnetConfiguration: [
        { name: 'nat', subnetType: ec2.SubnetType.PUBLIC, mapPublicIpOnLaunch },
      ],
    });

  test('fails if a public subnet maps public IPs on launch (the L2 default)', () => {
    const subnet = cfnSubnetOf(vpc('Default').publicSubnets[0]);
    expect(ruleFlags(SubnetNoPublicIpOnLaunch, subnet)).toBe(true);
  });

  test('fails if a subnet assigns IPv6 addresses on creation', () => {
    const subnet = new ec2.CfnSubnet(stack, 'Ipv6', {
      vpcId: 'vpc-12345678',
      cidrBlock: '10.1.0.0/24',
      assignIpv6AddressOnCreation: true,
    });
    expect(ruleFlags(SubnetNoPublicIpOnLaunch, subnet)).toBe(true);
  });

  test('fails if MapPublicIpOnLaunch is not known at synth', () => {
    const subnet = new ec2.CfnSubnet(stack, 'Unknown', {
      vpcId: 'vpc-12345678',
      cidrBlock: '10.2.0.0/24',
      mapPublicIpOnLaunch: Token.asAny(Fn.importValue('MapPublicIpFromAnotherStack')),
    });
    expect(ruleOutcome(SubnetNoPublicIpOnLaunch, subnet)).toEqual(
      threw(
        /^MapPublicIpOnLaunch of \S+ is \{"Fn::ImportValue":"MapPublicIpFromAnotherStack"\}, not a value known at synth$/,
      ),
    );
  });

  test('passes a public subnet with mapPublicIpOnLaunch: false', () => {
    const subnet = cfnSubnetOf(vpc('NoPublicIp', false).publicSubnets[0]);
    expect(ruleFlags(SubnetNoPublicIpOnLaunch, subnet)).toBe(false);
  });

  test('passes a subnet that leaves both properties absent', () => {
    const subnet = new ec2.CfnSubnet(stack, 'Absent', {
      vpcId: 'vpc-12345678',
      cidrBlock: '10.3.0.0/24',
    });
    expect(ruleFlags(SubnetNoPublicIpOnLaunch, subnet)).toBe(false);
  });
});
