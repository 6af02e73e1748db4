import { CfnResource } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { SubnetHasNetworkAcl } from '../../../../lib/nag/rules/network/SubnetHasNetworkAcl';
import { ruleFlags, testStack } from '../../../helpers';

/** The L1 subnet of an L2 subnet (its id is `Subnet`, not `Resource`). */
function cfnSubnetOf(subnet: ec2.ISubnet): CfnResource {
  return subnet.node.findChild('Subnet') as CfnResource;
}

describe('DPP-SubnetHasNetworkAcl', () => {
  const stack = testStack();
  const isolatedVpc = (id: string) =>
    new ec2.Vpc(stack, id, {
      maxAzs: 1,
      natGateways: 0,
      subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });

  test('fails if a subnet has no network ACL association (the VPC default ACL applies)', () => {
    const vpc = isolatedVpc('NoAcl');
    expect(ruleFlags(SubnetHasNetworkAcl, cfnSubnetOf(vpc.isolatedSubnets[0]))).toBe(true);
  });

  test("fails if a subnet is associated explicitly with the VPC's default network ACL", () => {
    const vpc = isolatedVpc('DefaultAcl');
    const subnet = vpc.isolatedSubnets[0];
    new ec2.CfnSubnetNetworkAclAssociation(stack, 'DefaultAclAssociation', {
      subnetId: subnet.subnetId,
      networkAclId: vpc.vpcDefaultNetworkAcl,
    });
    expect(ruleFlags(SubnetHasNetworkAcl, cfnSubnetOf(subnet))).toBe(true);
  });

  test('passes a subnet associated with a network ACL of its own', () => {
    const vpc = isolatedVpc('OwnAcl');
    new ec2.NetworkAcl(stack, 'DataAcl', {
      vpc,
      subnetSelection: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    });
    expect(ruleFlags(SubnetHasNetworkAcl, cfnSubnetOf(vpc.isolatedSubnets[0]))).toBe(false);
  });

  test('does not apply to a network ACL', () => {
    const vpc = isolatedVpc('AclOnly');
    const acl = new ec2.NetworkAcl(stack, 'UnassociatedAcl', { vpc });
    expect(ruleFlags(SubnetHasNetworkAcl, acl)).toBe(false);
  });
});
