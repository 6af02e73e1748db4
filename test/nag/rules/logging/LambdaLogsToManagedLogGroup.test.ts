import { CfnResource } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { giveFunctionsLogGroups } from '../../../../constructs/logging/function-log-groups';
import { LambdaLogsToManagedLogGroup } from '../../../../lib/nag/rules/logging/LambdaLogsToManagedLogGroup';
import { ruleFlags, testStack } from '../../../helpers';

describe('DPP-LambdaLogsToManagedLogGroup', () => {
  const stack = testStack();
  const inline = {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => {};'),
  };
  const rawFunction = (id: string, extra: Record<string, unknown> = {}) =>
    new lambda.CfnFunction(stack, id, {
      role: 'arn:aws:iam::123456789012:role/fn',
      code: { zipFile: 'exports.handler = async () => {};' },
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      ...extra,
    });
  const flags = (node: Parameters<typeof ruleFlags>[1]) =>
    ruleFlags(LambdaLogsToManagedLogGroup, node);

  /** The handler aws-cdk-lib's default-security-group provider renders for a VPC. */
  const providerHandler = (scope = stack) => {
    new ec2.Vpc(scope, `Vpc${scope.node.children.length}`, {
      maxAzs: 1,
      natGateways: 0,
      restrictDefaultSecurityGroup: true,
      subnetConfiguration: [{ name: 'a', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    return scope.node
      .findAll()
      .find(
        (c): c is CfnResource =>
          CfnResource.isCfnResource(c) &&
          c.cfnResourceType === 'AWS::Lambda::Function' &&
          c.node.path.includes('VpcRestrictDefaultSG'),
      )!;
  };

  test("fails if aws-cdk-lib's default-security-group provider logs where Lambda decides", () => {
    expect(flags(providerHandler())).toBe(true);
  });

  test('fails if a function names no log group and none of the stack has its name', () => {
    expect(flags(rawFunction('Bare'))).toBe(true);
    expect(flags(rawFunction('Named', { functionName: 'orders-sync' }))).toBe(true);
  });

  test('fails if the log group it names is not in the template', () => {
    expect(flags(rawFunction('External', { loggingConfig: { logGroup: '/external/group' } }))).toBe(
      true,
    );
  });

  test('passes a function given a log group of the stack', () => {
    const group = new logs.LogGroup(stack, 'FnLogs');
    expect(flags(new lambda.Function(stack, 'WithGroup', { ...inline, logGroup: group }))).toBe(
      false,
    );
  });

  test("passes a function with aws-cdk-lib's managed /aws/lambda/<name> log group", () => {
    expect(flags(new lambda.Function(stack, 'CdkManaged', inline))).toBe(false);
  });

  test('passes a named function with a log group of the same name', () => {
    new logs.LogGroup(stack, 'NamedLogs', { logGroupName: '/aws/lambda/label-printer' });
    expect(flags(rawFunction('LabelPrinter', { functionName: 'label-printer' }))).toBe(false);
  });

  test('passes the provider once giveFunctionsLogGroups has run', () => {
    const fixed = testStack('Fixed');
    const handler = providerHandler(fixed);
    const key = new kms.Key(fixed, 'Key');
    const [group] = giveFunctionsLogGroups(fixed, { encryptionKey: key, retentionDays: 365 });
    expect(group.node.path).toBe(
      'Fixed/Custom::VpcRestrictDefaultSGCustomResourceProvider/HandlerLogGroup',
    );
    expect(flags(handler)).toBe(false);
  });

  test('does not apply to other resources', () => {
    expect(flags(new logs.LogGroup(stack, 'Other'))).toBe(false);
  });
});
