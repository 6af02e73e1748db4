import { Fn, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { NetworkAclDenyListFirst } from '../../../../lib/nag/rules/network/NetworkAclDenyListFirst';
import { ruleFlags, ruleOutcome, threw, testStack } from '../../../helpers';

describe('DPP-NetworkAclDenyListFirst', () => {
  const stack = testStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 1,
    natGateways: 0,
    subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  const DENIED = ec2.AclCidr.ipv4('203.0.113.0/24');

  /** A network ACL with entries given as [direction, action, rule number]. */
  const aclWith = (id: string, entries: [ec2.TrafficDirection, ec2.Action, number][]) => {
    const acl = new ec2.NetworkAcl(stack, id, { vpc });
    entries.forEach(([direction, ruleAction, ruleNumber]) =>
      acl.addEntry(`${direction}${ruleAction}${ruleNumber}`, {
        direction,
        ruleAction,
        ruleNumber,
        cidr: ruleAction === ec2.Action.DENY ? DENIED : ec2.AclCidr.anyIpv4(),
        traffic:
          ruleAction === ec2.Action.DENY
            ? ec2.AclTraffic.allTraffic()
            : ec2.AclTraffic.tcpPortRange(1024, 65535),
      }),
    );
    return acl;
  };
  const { INGRESS, EGRESS } = ec2.TrafficDirection;
  const { ALLOW, DENY } = ec2.Action;

  test('fails if the network ACL has no entries', () => {
    expect(ruleFlags(NetworkAclDenyListFirst, aclWith('Empty', []))).toBe(true);
  });

  test('fails if the deny-list is on ingress only', () => {
    const acl = aclWith('IngressOnly', [
      [INGRESS, DENY, 10],
      [INGRESS, ALLOW, 100],
      [EGRESS, ALLOW, 100],
    ]);
    expect(ruleFlags(NetworkAclDenyListFirst, acl)).toBe(true);
  });

  test('fails if an allow entry is numbered before a deny entry', () => {
    const acl = aclWith('AllowFirst', [
      [INGRESS, DENY, 10],
      [INGRESS, DENY, 200],
      [INGRESS, ALLOW, 100],
      [EGRESS, DENY, 10],
      [EGRESS, ALLOW, 100],
    ]);
    expect(ruleFlags(NetworkAclDenyListFirst, acl)).toBe(true);
  });

  test('fails if a rule number is not known at synth', () => {
    const acl = aclWith('UnknownNumber', [
      [INGRESS, ALLOW, 100],
      [EGRESS, DENY, 10],
      [EGRESS, ALLOW, 100],
    ]);
    new ec2.CfnNetworkAclEntry(stack, 'ImportedNumber', {
      networkAclId: acl.networkAclId,
      ruleNumber: Token.asNumber(Fn.importValue('RuleNumberFromAnotherStack')),
      protocol: -1,
      ruleAction: 'deny',
      cidrBlock: '203.0.113.0/24',
    });
    expect(ruleOutcome(NetworkAclDenyListFirst, acl)).toEqual(
      threw(
        /^RuleNumber of TestStack\/ImportedNumber is \{"Fn::ImportValue":"RuleNumberFromAnotherStack"\}, not a value known at synth$/,
      ),
    );
  });

  test('passes a network ACL whose deny-list comes first in both directions', () => {
    const acl = aclWith('DenyFirst', [
      [INGRESS, DENY, 10],
      [INGRESS, DENY, 11],
      [INGRESS, ALLOW, 100],
      [EGRESS, DENY, 10],
      [EGRESS, ALLOW, 100],
    ]);
    expect(ruleFlags(NetworkAclDenyListFirst, acl)).toBe(false);
  });

  test('passes a network ACL that only denies', () => {
    const acl = aclWith('DenyOnly', [
      [INGRESS, DENY, 10],
      [EGRESS, DENY, 10],
    ]);
    expect(ruleFlags(NetworkAclDenyListFirst, acl)).toBe(false);
  });
});
