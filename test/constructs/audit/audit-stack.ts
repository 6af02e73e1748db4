import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { BaselineAudit, BaselineAuditProps } from '../../../constructs/audit';
import { BaselineData, ProcessingDeclaration } from '../../../constructs/data';
import { DataClassKeys } from '../../../constructs/keys';
import { BaselineNetwork, DnsFirewall } from '../../../constructs/network';
import { TEST_AZS, testApp, testStack } from '../../helpers';
import { baselineData } from '../data/fixture';

/** Skips Lambda bundling: unit tests never run esbuild. */
export const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

const DECLARATION: ProcessingDeclaration = {
  dataset: 'Orders to ship',
  fields: [
    {
      name: 'shippingAddress',
      description: 'Where the order goes',
      collectedFrom: 'Orders API getOrderAddress',
      purposes: ['merchant-fulfilled shipping'],
    },
  ],
};

export interface AuditStack {
  readonly stack: Stack;
  readonly keys: DataClassKeys;
  readonly network: BaselineNetwork;
  readonly dns: DnsFirewall;
  readonly data: BaselineData;
  readonly audit: BaselineAudit;
  readonly workload: iam.Role;
}

/**
 * An environment as the stack will compose it: keys, network with DNS Firewall, data
 * stores and the audit capability, wired the way the lead wires BaselineStack.
 */
export function auditStack(
  id: string,
  overrides: Partial<BaselineAuditProps> = {},
  app: App = testApp(NO_BUNDLING),
): AuditStack {
  const stack = testStack(id, app);
  const keys = new DataClassKeys(stack, 'Keys', {
    projectName: 'spapi-dpp',
    environmentName: 'prod',
  });
  const network = new BaselineNetwork(stack, 'Network', {
    vpcCidr: '10.20.0.0/16',
    availabilityZones: TEST_AZS,
    firewallEndpoints: 'single',
    logEncryptionKey: keys.auditLogs,
    logRetentionDays: 365,
    namePrefix: 'spapi-dpp-prod',
  });
  const dns = new DnsFirewall(stack, 'DnsFirewall', {
    vpc: network.vpc,
    allowedHosts: network.firewall.allowedHosts,
    namePrefix: 'spapi-dpp-prod',
    logEncryptionKey: keys.auditLogs,
    logRetentionDays: 365,
  });
  const data = baselineData(
    stack,
    keys,
    { piiTable: DECLARATION, piiBucket: DECLARATION, taxArchive: DECLARATION },
    { s3Endpoint: network.s3Endpoint, dynamoDbEndpoint: network.dynamoDbEndpoint },
  );
  const workload = new iam.Role(stack, 'Workload', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
  });
  const audit = new BaselineAudit(stack, 'Audit', {
    namePrefix: 'spapi-dpp-prod',
    auditLogsKey: keys.auditLogs,
    logRetentionDays: 365,
    trailObjectLockMode: 'COMPLIANCE',
    accessLogs: data.accessLogs,
    piiBucket: data.piiBucket,
    piiTable: data.piiTable,
    taxArchive: data.taxArchive,
    vpc: network.vpc,
    workloadSubnets: network.workloadSubnets,
    workloadSecurityGroups: [network.workloadSecurityGroup],
    networkFirewallAlertLogs: [network.firewall.alertLogs.logGroup],
    dnsFirewallQueryLogs: [dns.queryLogs.logGroup],
    accountServices: { ownership: 'this-stack', guardDuty: true, macie: true, inspector: true },
    expectedSecretReaders: [workload],
    ...overrides,
  });
  return { stack, keys, network, dns, data, audit, workload };
}
