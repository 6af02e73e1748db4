import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as r53r from 'aws-cdk-lib/aws-route53resolver';
import { VPCDnsFirewallBlocksByDefault } from '../../../../lib/nag/rules/audit/VPCDnsFirewallBlocksByDefault';
import { ruleFlags, ruleOutcome, testStack, threw } from '../../../helpers';

type Rule = {
  priority: number;
  action: 'ALLOW' | 'BLOCK' | 'ALERT';
  list: 'allow' | 'all' | 'managed';
};

describe('DPP-VPCDnsFirewallBlocksByDefault', () => {
  /** A VPC with one rule group of `rules` associated, in a stack of its own. */
  const vpcWith = (id: string, rules?: Rule[], failOpen?: 'ENABLED' | 'DISABLED') => {
    const stack = testStack(id);
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, subnetConfiguration: [] });
    if (rules) {
      const lists = {
        allow: new r53r.CfnFirewallDomainList(stack, 'Allow', { domains: ['api.amazon.com'] })
          .attrId,
        all: new r53r.CfnFirewallDomainList(stack, 'All', { domains: ['*'] }).attrId,
        managed: 'rslvr-fdl-awsmanagedmalware',
      };
      const group = new r53r.CfnFirewallRuleGroup(stack, 'Group', {
        firewallRules: rules.map((r) => ({
          priority: r.priority,
          action: r.action,
          firewallDomainListId: lists[r.list],
          ...(r.action === 'BLOCK' ? { blockResponse: 'NXDOMAIN' } : {}),
        })),
      });
      new r53r.CfnFirewallRuleGroupAssociation(stack, 'Association', {
        firewallRuleGroupId: group.attrId,
        vpcId: vpc.vpcId,
        priority: 101,
      });
    }
    if (failOpen) {
      new r53r.CfnFirewallConfig(stack, 'Config', {
        resourceId: vpc.vpcId,
        firewallFailOpen: failOpen,
      });
    }
    return vpc;
  };
  const flags = (vpc: ec2.Vpc) => ruleFlags(VPCDnsFirewallBlocksByDefault, vpc);
  const allowThenBlock: Rule[] = [
    { priority: 100, action: 'ALLOW', list: 'allow' },
    { priority: 1000, action: 'BLOCK', list: 'all' },
  ];

  test('passes a VPC whose DNS Firewall allows a list and blocks everything else, failing closed', () => {
    expect(flags(vpcWith('Good', allowThenBlock, 'DISABLED'))).toBe(false);
  });

  test('passes an AWS-managed block list evaluated before the block-all rule', () => {
    expect(
      flags(
        vpcWith('Managed', [{ priority: 50, action: 'BLOCK', list: 'managed' }, ...allowThenBlock]),
      ),
    ).toBe(false);
  });

  test('fails if the VPC has no DNS Firewall', () => {
    expect(flags(vpcWith('None'))).toBe(true);
  });

  test('fails if nothing blocks every domain', () => {
    expect(flags(vpcWith('AllowOnly', [{ priority: 100, action: 'ALLOW', list: 'allow' }]))).toBe(
      true,
    );
  });

  test('fails if every domain is allowed, or alerted on, before the block-all rule (a rule ordering mistake)', () => {
    expect(
      flags(
        vpcWith('AllowAllFirst', [
          { priority: 10, action: 'ALLOW', list: 'all' },
          ...allowThenBlock,
        ]),
      ),
    ).toBe(true);
    expect(
      flags(
        vpcWith('AlertAllFirst', [
          { priority: 10, action: 'ALERT', list: 'all' },
          ...allowThenBlock,
        ]),
      ),
    ).toBe(true);
  });

  test('fails if the firewall fails open', () => {
    expect(flags(vpcWith('FailOpen', allowThenBlock, 'ENABLED'))).toBe(true);
  });

  test('fails if an earlier rule allows a list whose domains cannot be read at synth', () => {
    const vpc = vpcWith('UnknownAllow', [
      { priority: 10, action: 'ALLOW', list: 'managed' },
      ...allowThenBlock,
    ]);
    expect(ruleOutcome(VPCDnsFirewallBlocksByDefault, vpc)).toEqual(
      threw(/UnknownAllow\/Group ALLOWs a domain list that is not in this stack/),
    );
  });

  test('does not apply to other resources', () => {
    const vpc = vpcWith('Other');
    const group = new ec2.SecurityGroup(Stack.of(vpc), 'Group', { vpc });
    expect(ruleFlags(VPCDnsFirewallBlocksByDefault, group)).toBe(false);
  });
});
