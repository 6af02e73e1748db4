import * as fs from 'fs';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DataClassKeys } from '../../../constructs/keys';
import { BaselineNetwork, SUBNET_GROUPS } from '../../../constructs/network';
import { DppChecks } from '../../../lib/nag/dpp-pack';
import { readAssembly } from '../../../lib/report/assembly';
import { evaluateAssembly } from '../../../lib/report/evaluation';
import { projectContext, TEST_AZS, TEST_ENV } from '../../helpers';

/**
 * Where a workload lands when an engineer hands it the VPC and nothing else, and what
 * happens when one is placed on the egress path by hand (issue 7, item 1).
 */
function baseline(app: App): { stack: Stack; net: BaselineNetwork } {
  const stack = new Stack(app, 'Baseline', { env: TEST_ENV });
  Object.defineProperty(stack, 'availabilityZones', { get: () => [...TEST_AZS] });
  const keys = new DataClassKeys(stack, 'Keys', { projectName: 'spapi-dpp', environmentName: 't' });
  const net = new BaselineNetwork(stack, 'Network', {
    vpcCidr: '10.20.0.0/16',
    availabilityZones: TEST_AZS,
    logEncryptionKey: keys.auditLogs,
    logRetentionDays: 365,
    namePrefix: 'spapi-dpp-t',
    firewallEndpoints: 'single',
  });
  return { stack, net };
}

const handler = {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async () => {};'),
};

describe('workload placement in the baseline VPC', () => {
  test('a function given only the VPC lands in the private tier, and so does selectSubnets()', () => {
    const { stack, net } = baseline(new App({ context: projectContext() }));
    const fn = new lambda.Function(stack, 'OnlyVpc', { ...handler, vpc: net.vpc });
    const privateIds = net.vpc.selectSubnets({ subnetGroupName: SUBNET_GROUPS.private }).subnetIds;
    const cfn = fn.node.defaultChild as lambda.CfnFunction;
    const config = stack.resolve(cfn.vpcConfig) as { subnetIds: unknown[] };
    expect(config.subnetIds).toEqual(stack.resolve(privateIds));
    expect(stack.resolve(net.vpc.selectSubnets().subnetIds)).toEqual(stack.resolve(privateIds));
  });

  test('fails the synth naming DPP 1.1 if a function is placed in a firewall subnet', () => {
    const outdir = fs.mkdtempSync('/tmp/placement-test-');
    const app = new App({
      outdir,
      context: { ...projectContext(), '@aws-cdk/core:failSynthOnValidationErrors': false },
    });
    Validations.of(app).addPlugins(new DppChecks());
    const { stack, net } = baseline(app);
    new lambda.Function(stack, 'InFirewall', {
      ...handler,
      vpc: net.vpc,
      vpcSubnets: { subnetGroupName: SUBNET_GROUPS.firewall },
      securityGroups: [net.workloadSecurityGroup],
    });
    const result = evaluateAssembly(readAssembly(app.synth().directory));
    expect(result.passed).toBe(false);
    const placement = result.errors.filter((e) => e.ruleId === 'DPP-WorkloadNotInEgressSubnet');
    expect(placement).toEqual([
      expect.objectContaining({
        description: expect.stringMatching(/^\[DPP 1\.1 Network Protection; DUP 4\.7 /),
        constructPaths: ['Baseline/InFirewall/Resource'],
      }),
    ]);
  });

  test('finds no workload on the egress path when every function uses the private tier', () => {
    const outdir = fs.mkdtempSync('/tmp/placement-test-');
    const app = new App({
      outdir,
      context: { ...projectContext(), '@aws-cdk/core:failSynthOnValidationErrors': false },
    });
    Validations.of(app).addPlugins(new DppChecks());
    const { stack, net } = baseline(app);
    new lambda.Function(stack, 'InPrivate', {
      ...handler,
      vpc: net.vpc,
      vpcSubnets: net.workloadSubnets,
      securityGroups: [net.workloadSecurityGroup],
    });
    new ec2.CfnNetworkInterface(stack, 'DataEni', {
      subnetId: net.vpc.selectSubnets(net.dataSubnets).subnetIds[0],
    });
    const result = evaluateAssembly(readAssembly(app.synth().directory));
    expect(result.errors.filter((e) => e.ruleId === 'DPP-WorkloadNotInEgressSubnet')).toEqual([]);
  });
});
