import { CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { DataClassKeys } from '../../../constructs/keys';
import {
  BaselineNetwork,
  DnsFirewall,
  endpointDomainsOf,
  endpointServiceOf,
} from '../../../constructs/network';
import { TEST_AZS, testStack } from '../../helpers';
import { resolveQuery } from '../../simulators/dns-firewall';

const REGION = 'eu-west-1';

describe('DnsFirewall', () => {
  const stack = testStack('Dns');
  const keys = new DataClassKeys(stack, 'Keys', {
    projectName: 'spapi-dpp',
    environmentName: 'test',
  });
  const network = new BaselineNetwork(stack, 'Network', {
    vpcCidr: '10.30.0.0/16',
    availabilityZones: TEST_AZS,
    firewallEndpoints: 'single',
    allowSandboxHosts: true,
    additionalAllowedHosts: [{ host: '.carrier.example', reason: 'carrier rates for MFN labels' }],
    logEncryptionKey: keys.auditLogs,
    logRetentionDays: 90,
    namePrefix: 'spapi-dpp-test',
  });
  const dns = new DnsFirewall(stack, 'DnsFirewall', {
    vpc: network.vpc,
    allowedHosts: network.firewall.allowedHosts,
    namePrefix: 'spapi-dpp-test',
    logEncryptionKey: keys.auditLogs,
    logRetentionDays: 90,
  });
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources;
  const logicalId = (construct: IConstruct) =>
    stack.getLogicalId(
      (construct instanceof CfnElement ? construct : construct.node.defaultChild) as CfnElement,
    );
  const vpcId = logicalId(network.vpc);
  const resolve = (query: string) => resolveQuery(resources, vpcId, query);
  const dnsDomains: string[] = resources[logicalId(dns.allowList)].Properties.Domains;

  test('admits the same hosts the egress firewall admits by TLS server name, and no other non-AWS name', () => {
    const [sniList] = Object.values(
      template.findResources('AWS::NetworkFirewall::RuleGroup', {
        Properties: { RuleGroupName: 'spapi-dpp-test-egress-allow-list' },
      }),
    );
    const targets: string[] = sniList.Properties.RuleGroup.RulesSource.RulesSourceList.Targets;
    expect(targets).toContain('.carrier.example');
    // Every SNI target is admitted by DNS: a host exactly, a leading-dot domain with its subdomains.
    const expected = targets.flatMap((t) => (t.startsWith('.') ? [t.slice(1), `*${t}`] : [t]));
    expect(dnsDomains).toEqual(expect.arrayContaining(expected));
    // Everything else DNS admits is an AWS service name or the VPC's own host names.
    const extra = dnsDomains.filter((d) => !expected.includes(d));
    for (const domain of extra) {
      expect(domain).toMatch(/(\.eu-west-1\.amazonaws\.com|eu-west-1\.compute\.internal)$/);
    }
  });

  test('admits the name of every endpoint of the VPC, derived from the endpoints themselves', () => {
    const endpoints = Object.values(template.findResources('AWS::EC2::VPCEndpoint'));
    expect(endpoints.length).toBeGreaterThanOrEqual(10);
    for (const endpoint of endpoints) {
      const service = endpointServiceOf(endpoint.Properties.ServiceName)!;
      const name = `${service.split('.').reverse().join('.')}.${REGION}.amazonaws.com`;
      expect([name, resolve(name)]).toEqual([name, 'ALLOW']);
    }
  });

  test('resolves the allow-list, bucket and account endpoints and EC2 host names, in any case', () => {
    for (const query of [
      'sellingpartnerapi-eu.amazon.com',
      'SELLINGPARTNERAPI-NA.AMAZON.COM.',
      'api.amazon.com',
      'sandbox.sellingpartnerapi-fe.amazon.com',
      'carrier.example',
      'rates.carrier.example',
      'spapi-pii-bucket.s3.eu-west-1.amazonaws.com',
      '123456789012.ddb.eu-west-1.amazonaws.com',
      'secretsmanager.eu-west-1.amazonaws.com',
      'ip-10-30-1-5.eu-west-1.compute.internal',
    ]) {
      expect([query, resolve(query)]).toEqual([query, 'ALLOW']);
    }
  });

  test("blocks data encoded in a subdomain, look-alike names and other regions' endpoints", () => {
    for (const query of [
      'c2VsbGluZ1BhcnRuZXI6QTE.attacker.example',
      'sellingpartnerapi-na.amazon.com.attacker.example',
      'xsellingpartnerapi-na.amazon.com',
      'data.sellingpartnerapi-na.amazon.com',
      'data.api.amazon.com',
      'amazon.com',
      'secretsmanager.us-east-1.amazonaws.com',
      'bucket.s3.amazonaws.com',
      'eu-west-1.amazonaws.com.attacker.example',
      'carrier.example.attacker.example',
    ]) {
      expect([query, resolve(query)]).toEqual([query, 'BLOCK']);
    }
  });

  test('evaluates the allow-list first and the block-all rule last, answering NXDOMAIN', () => {
    template.hasResourceProperties('AWS::Route53Resolver::FirewallRuleGroup', {
      FirewallRules: [
        {
          Priority: 100,
          Action: 'ALLOW',
          FirewallDomainListId: { 'Fn::GetAtt': [logicalId(dns.allowList), 'Id'] },
          FirewallDomainRedirectionAction: 'TRUST_REDIRECTION_DOMAIN',
        },
        {
          Priority: 1000,
          Action: 'BLOCK',
          BlockResponse: 'NXDOMAIN',
          FirewallDomainListId: { 'Fn::GetAtt': [logicalId(dns.blockAllList), 'Id'] },
        },
      ],
    });
    template.hasResourceProperties('AWS::Route53Resolver::FirewallDomainList', {
      Domains: ['*'],
    });
  });

  test('a rule ordering mistake would show: a block-all evaluated first fails closed, an allow-all first fails open', () => {
    const mutated = structuredClone(resources);
    const group = mutated[logicalId(dns.ruleGroup)].Properties;
    const [allow, block] = group.FirewallRules;
    [allow.Priority, block.Priority] = [block.Priority, allow.Priority];
    expect(resolveQuery(mutated, vpcId, 'sellingpartnerapi-eu.amazon.com')).toBe('BLOCK');
    group.FirewallRules.push({
      ...allow,
      Priority: 1,
      FirewallDomainListId: block.FirewallDomainListId,
    });
    expect(resolveQuery(mutated, vpcId, 'exfil.attacker.example')).toBe('ALLOW');
  });

  test('is associated with the VPC, protected against removal, and fails closed', () => {
    template.hasResourceProperties('AWS::Route53Resolver::FirewallRuleGroupAssociation', {
      VpcId: { Ref: vpcId },
      FirewallRuleGroupId: { 'Fn::GetAtt': [logicalId(dns.ruleGroup), 'Id'] },
      MutationProtection: 'ENABLED',
      Priority: 101,
    });
    template.hasResourceProperties('AWS::Route53Resolver::FirewallConfig', {
      ResourceId: { Ref: vpcId },
      FirewallFailOpen: 'DISABLED',
    });
  });

  test('logs every query of the VPC to a log group encrypted with the audit-log key', () => {
    template.hasResourceProperties('AWS::Route53Resolver::ResolverQueryLoggingConfig', {
      DestinationArn: { 'Fn::GetAtt': [logicalId(dns.queryLogs.logGroup), 'Arn'] },
    });
    template.hasResourceProperties('AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation', {
      ResourceId: { Ref: vpcId },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      KmsKeyId: { 'Fn::GetAtt': [logicalId(keys.auditLogs), 'Arn'] },
      RetentionInDays: 90,
    });
  });

  test('can leave the association unprotected, for an environment that is deleted (test)', () => {
    const other = testStack('Unprotected');
    const vpc = new ec2.Vpc(other, 'Vpc', { natGateways: 0, subnetConfiguration: [] });
    const otherKeys = new DataClassKeys(other, 'Keys', {
      projectName: 'p',
      environmentName: 'test',
    });
    new DnsFirewall(other, 'Dns', {
      vpc,
      allowedHosts: [{ host: 'api.amazon.com', reason: 'LWA' }],
      namePrefix: 'p',
      logEncryptionKey: otherKeys.auditLogs,
      logRetentionDays: 90,
      changeProtection: false,
    });
    Template.fromStack(other).hasResourceProperties(
      'AWS::Route53Resolver::FirewallRuleGroupAssociation',
      { MutationProtection: 'DISABLED' },
    );
  });

  test('fails at synth without an allow-list', () => {
    expect(
      () =>
        new DnsFirewall(stack, 'Empty', {
          vpc: network.vpc,
          allowedHosts: [],
          namePrefix: 'x',
          logEncryptionKey: keys.auditLogs,
          logRetentionDays: 90,
        }),
    ).toThrow('Dns/Empty: allowedHosts is empty; pass the egress allow-list');
  });
});

describe('endpoint names', () => {
  test('reads the service from a literal or a region-relative service name', () => {
    expect(endpointServiceOf('com.amazonaws.eu-west-1.kms')).toBe('kms');
    expect(
      endpointServiceOf({
        'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.ecr.api']],
      }),
    ).toBe('ecr.api');
    expect(endpointServiceOf({ 'Fn::ImportValue': 'x' })).toBeUndefined();
    expect(endpointServiceOf('com.example.vpce.svc-123')).toBeUndefined();
  });

  test('reverses dotted services and adds the DynamoDB account endpoints', () => {
    expect(endpointDomainsOf('ecr.api', 'eu-west-1')).toEqual([
      'api.ecr.eu-west-1.amazonaws.com',
      '*.api.ecr.eu-west-1.amazonaws.com',
    ]);
    expect(endpointDomainsOf('dynamodb', 'eu-west-1')).toContain('*.ddb.eu-west-1.amazonaws.com');
  });

  test('refuses a VPC endpoint whose service is not known at synth', () => {
    const stack = testStack('UnknownEndpoint');
    const keys = new DataClassKeys(stack, 'Keys', { projectName: 'p', environmentName: 'test' });
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, subnetConfiguration: [] });
    new ec2.CfnVPCEndpoint(stack, 'Imported', {
      vpcId: vpc.vpcId,
      serviceName: 'com.example.partner',
    });
    new DnsFirewall(stack, 'Dns', {
      vpc,
      allowedHosts: [{ host: 'api.amazon.com', reason: 'LWA' }],
      namePrefix: 'p',
      logEncryptionKey: keys.auditLogs,
      logRetentionDays: 90,
    });
    expect(() => Template.fromStack(stack)).toThrow(
      'UnknownEndpoint/Imported: service name "com.example.partner" is not known at synth',
    );
  });
});
