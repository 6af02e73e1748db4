import { CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DataClassKeys } from '../../../constructs/keys';
import { BaselineNetwork } from '../../../constructs/network';
import { decide } from '../../iam-simulator';
import { testStack, TEST_AZS } from '../../helpers';

/** Issue 7 item 10: the flow-log role's trust, and administrative ports in the network ACLs. */
const ACCOUNT = '123456789012';
const stack: Stack = testStack('Gaps');
const keys = new DataClassKeys(stack, 'Keys', { projectName: 'spapi-dpp', environmentName: 't' });
const net = new BaselineNetwork(stack, 'Network', {
  vpcCidr: '10.20.0.0/16',
  availabilityZones: TEST_AZS,
  logEncryptionKey: keys.auditLogs,
  logRetentionDays: 365,
  namePrefix: 'spapi-dpp-t',
  adminSshCidrs: [{ cidr: '10.99.0.0/24', reason: 'operations VPN' }],
});
const template = Template.fromStack(stack).toJSON();

describe('flow-log role', () => {
  const role = net.vpc.node
    .findAll()
    .find((c) => c.node.path.endsWith('FlowLog/IAMRole/Resource')) as CfnResource;
  const trust = template.Resources[stack.getLogicalId(role)].Properties.AssumeRolePolicyDocument;
  const assume = (account: string) => ({
    principal: { service: 'vpc-flow-logs.amazonaws.com' },
    action: 'sts:AssumeRole',
    resource: '*',
    context: {
      'aws:SourceAccount': account,
      'aws:SourceArn': `arn:aws:ec2:eu-west-1:${account}:vpc-flow-log/fl-0123456789abcdef0`,
    },
  });

  test("cannot be assumed for another account's flow log (confused deputy)", () => {
    expect(decide(trust, assume('999999999999'))).not.toBe('allow');
    const spoofedArn = {
      ...assume(ACCOUNT),
      context: {
        'aws:SourceAccount': ACCOUNT,
        'aws:SourceArn': 'arn:aws:ec2:eu-west-1:999999999999:vpc-flow-log/fl-1',
      },
    };
    expect(decide(trust, spoofedArn)).not.toBe('allow');
  });

  test("can be assumed for this account's flow logs", () => {
    expect(decide(trust, assume(ACCOUNT))).toBe('allow');
  });
});

describe('network ACLs', () => {
  const entries = Object.values(template.Resources as Record<string, any>)
    .filter((r) => r.Type === 'AWS::EC2::NetworkAclEntry')
    .map((r) => r.Properties);
  const admits = (port: number) =>
    entries.filter(
      (e) =>
        !e.Egress &&
        e.RuleAction === 'allow' &&
        e.CidrBlock === '0.0.0.0/0' &&
        (e.Protocol === -1 || (e.PortRange.From <= port && port <= e.PortRange.To)),
    );

  test('admit neither SSH nor RDP from anywhere, on any tier', () => {
    expect(admits(22)).toEqual([]);
    expect(admits(3389)).toEqual([]);
  });

  test('still admit return traffic on every other ephemeral port, and SSH from the configured source', () => {
    for (const port of [1024, 3388, 3390, 32768, 65535]) {
      expect([port, admits(port).length]).toEqual([port, 3]); // private, firewall, NAT tiers
    }
    expect(
      entries.filter(
        (e) => !e.Egress && e.PortRange?.From === 22 && e.CidrBlock === '10.99.0.0/24',
      ),
    ).toHaveLength(1);
  });
});
