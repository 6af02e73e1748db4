import { CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import { WorkloadRole, WorkloadStack } from '../../../constructs/workloads';
import { loadConfig } from '../../../lib/config/load';
import { IAMRoleHasPermissionsBoundary } from '../../../lib/nag/rules/access/IAMRoleHasPermissionsBoundary';
import { LogGroupEncryptedWithCMK } from '../../../lib/nag/rules/logging/LogGroupEncryptedWithCMK';
import { WorkloadNotInEgressSubnet } from '../../../lib/nag/rules/network/WorkloadNotInEgressSubnet';
import { readAssembly } from '../../../lib/report/assembly';
import { recordOfProcessing } from '../../../lib/report/record-of-processing';
import { BaselineStage } from '../../../lib/stage/baseline-stage';
import { APP_WORKLOADS } from '../../../lib/stage/workloads';
import { ruleFlags, testApp } from '../../helpers';
import { decide } from '../../iam-simulator';
import { assumedRole, cloudTrailEvent, metricFilters } from '../audit/log-events';
import { concrete, evaluate, Request } from '../../simulators/iam-policy';
import { physicalOf } from '../../simulators/physical';

/**
 * The workload slot (issue 12) tried the way a careless engineer or an attacker would:
 * grants from a workload stack must work without a cycle, stay least-privilege, carry
 * the boundary and need both the baseline's policy and the role's own; a role outside
 * the path, a function in a firewall subnet, an undeclared field and a stack without
 * the boundary must each fail.
 */

const { config } = loadConfig();
const environment = config.environments.test;
const ACCOUNT = environment.account;
const REGION = environment.region;
const PATH = `/spapi-dpp/test/workloads/`;
const ORDER_SYNC_ROLE = `arn:aws:iam::${ACCOUNT}:role${PATH}spapi-dpp-test-order-sync`;
/** The same name outside the workload path: another role, which anyone may create. */
const IMPOSTOR = `arn:aws:iam::${ACCOUNT}:role/spapi-dpp-test-order-sync`;

const app = testApp({ 'aws:cdk:bundling-stacks': [] });
const stage = new BaselineStage(app, 'Test', {
  projectName: config.projectName,
  environment,
  workloads: APP_WORKLOADS,
});
const baseline = stage.baseline;
const orderSync = stage.workloads[0] as WorkloadStack;
const baselineTemplate = Template.fromStack(baseline);
const orderSyncTemplate = Template.fromStack(orderSync);
const physical = physicalOf(baseline, baselineTemplate);

const logicalId = (c: IConstruct) =>
  Stack.of(c).resolve((c.node.defaultChild as CfnElement).logicalId) as string;
const resourceOf = (template: Template, c: IConstruct) =>
  template.toJSON().Resources[logicalId(c)] as { Properties: Record<string, any> };

/** The statements of every inline policy of the order sync's role. */
function orderSyncStatements(): Record<string, any>[] {
  return Object.values(orderSyncTemplate.findResources('AWS::IAM::Policy')).flatMap(
    (p) => p.Properties.PolicyDocument.Statement,
  );
}

describe('the workload slot', () => {
  test('adds the order sync to test only (the default config), in the environment of its baseline', () => {
    expect(stage.workloads.map((s) => s.node.path)).toEqual(['Test/OrderSync']);
    expect(orderSync.stackName).toBe('spapi-dpp-test-order-sync');
    expect([orderSync.account, orderSync.region]).toEqual([ACCOUNT, REGION]);
    expect(orderSync.dependencies).toContain(baseline);
    expect(environment.workloads.orderSync.enabled).toBe(true);
    expect(config.environments.prod.workloads.orderSync.enabled).toBe(false);
  });

  test("gives the workload's role a fixed name under the workload path and the baseline's boundary", () => {
    const roles = Object.values(orderSyncTemplate.findResources('AWS::IAM::Role'));
    expect(roles).toHaveLength(1);
    expect(roles[0].Properties).toMatchObject({
      RoleName: 'spapi-dpp-test-order-sync',
      Path: PATH,
      PermissionsBoundary: { 'Fn::GetStackOutput': expect.anything() },
    });
    const role = orderSync.node.findAll().find((c) => c instanceof WorkloadRole)!;
    expect(ruleFlags(IAMRoleHasPermissionsBoundary, role)).toBe(false);
  });

  test('runs the function in the private subnets with the workload security group', () => {
    const fn = orderSync.node.findAll().find((c) => c instanceof lambda.CfnFunction)!;
    expect(ruleFlags(WorkloadNotInEgressSubnet, fn)).toBe(false);
    const [properties] = Object.values(
      orderSyncTemplate.findResources('AWS::Lambda::Function'),
    ).map((f) => f.Properties);
    const privateSubnets = baseline.network.vpc.selectSubnets(baseline.network.workloadSubnets);
    expect(properties.VpcConfig.SubnetIds).toEqual(
      privateSubnets.subnetIds.map((id) => orderSync.resolve(id)),
    );
    expect(properties.VpcConfig.SecurityGroupIds).toEqual([
      orderSync.resolve(baseline.network.workloadSecurityGroup.securityGroupId),
    ]);
  });

  test('names the workload role in the baseline by ARN only: no reference from the baseline to the workload', () => {
    const text = JSON.stringify(baselineTemplate.toJSON());
    expect(text).toContain(ORDER_SYNC_ROLE);
    expect(text).not.toContain('Fn::GetStackOutput');
    expect(baseline.dependencies).toEqual([]);
  });

  describe("the PII key: both its policy and the role's own must allow", () => {
    const keyPolicy = concrete(
      resourceOf(baselineTemplate, baseline.keys.pii).Properties.KeyPolicy,
      physical,
    ) as {
      Statement: unknown;
    };
    const decrypt = (arn: string, identityAllows: boolean): Request => ({
      caller: { kind: 'aws', arn, account: ACCOUNT, identityAllows },
      action: 'kms:Decrypt',
      resource: '*',
      context: { 'kms:ViaService': `dynamodb.${REGION}.amazonaws.com` },
    });
    const keyDecision = (request: Request) =>
      evaluate(keyPolicy, request, { iamDelegation: false, resourceAccount: ACCOUNT });

    test('the order sync can decrypt through DynamoDB', () => {
      expect(keyDecision(decrypt(ORDER_SYNC_ROLE, true))).toBe('allow');
    });

    test('fails if IAM permissions alone were enough: a role outside the path with kms:Decrypt is refused', () => {
      expect(keyDecision(decrypt(IMPOSTOR, true))).toBe('implicit-deny');
      expect(keyDecision(decrypt(`arn:aws:iam::${ACCOUNT}:role/Administrator`, true))).toBe(
        'implicit-deny',
      );
    });

    test('fails if the key policy alone were enough: the workload role without its IAM grant is refused', () => {
      expect(keyDecision(decrypt(ORDER_SYNC_ROLE, false))).toBe('implicit-deny');
    });

    test('fails if the key could be used directly, outside DynamoDB', () => {
      expect(keyDecision({ ...decrypt(ORDER_SYNC_ROLE, true), context: {} })).toBe('implicit-deny');
    });

    test("the role's own policy names each KMS action, on the PII key only, through its services", () => {
      const kms = orderSyncStatements().filter((s) => String(s.Action).includes('kms:'));
      for (const statement of kms) {
        expect([statement.Action].flat().every((a: string) => !a.includes('*'))).toBe(true);
        expect(statement.Condition.StringEquals['kms:ViaService']).toBeDefined();
      }
      expect(kms.flatMap((s) => [s.Action].flat()).sort()).toEqual([
        'kms:Decrypt',
        'kms:Decrypt',
        'kms:Encrypt',
        'kms:GenerateDataKey',
        'kms:GenerateDataKeyWithoutPlaintext',
        'kms:ReEncryptFrom',
        'kms:ReEncryptTo',
      ]);
    });
  });

  describe('the credentials', () => {
    const policy = Object.values(
      baselineTemplate.findResources('AWS::SecretsManager::ResourcePolicy'),
    )[0];
    const document = concrete(policy.Properties.ResourcePolicy, physical) as { Statement: unknown };
    const endpoint = physical.refs![logicalId(baseline.network.interfaceEndpoints.SecretsManager)];
    const read = (arn: string, sourceVpce = endpoint): Request => ({
      caller: { kind: 'aws', arn, account: ACCOUNT, identityAllows: true },
      action: 'secretsmanager:GetSecretValue',
      resource: '*',
      context: { 'aws:SourceVpce': sourceVpce },
    });
    const secretDecision = (request: Request) =>
      evaluate(document, request, { iamDelegation: true, resourceAccount: ACCOUNT });

    test('the order sync reads the LWA credentials through the VPC endpoint', () => {
      expect(secretDecision(read(ORDER_SYNC_ROLE))).toBe('allow');
    });

    test('fails if a role outside the path could read them with an IAM grant', () => {
      expect(secretDecision(read(IMPOSTOR))).toBe('explicit-deny');
    });

    test('fails if the workload role could read them from outside the VPC', () => {
      expect(secretDecision(read(ORDER_SYNC_ROLE, 'vpce-elsewhere'))).toBe('explicit-deny');
    });

    test('the secret-read alarm expects the workload role, and alarms on the same name elsewhere', () => {
      const filters = metricFilters(baselineTemplate, physical);
      const readBy = (arn: string) =>
        cloudTrailEvent('secretsmanager.amazonaws.com', 'GetSecretValue', {
          userIdentity: assumedRole(arn),
        });
      expect(filters.UnexpectedSecretReads.matches(readBy(ORDER_SYNC_ROLE))).toBe(false);
      expect(filters.UnexpectedSecretReads.matches(readBy(IMPOSTOR))).toBe(true);
    });

    test('the selling partners output names the workload role for the onboarding command', () => {
      const outputs = baselineTemplate.toJSON().Outputs;
      expect(JSON.stringify(outputs.SpApiSellingPartnerSecretReaderArns.Value)).toContain(
        ORDER_SYNC_ROLE,
      );
    });
  });

  describe('the permissions boundary protects the workload path', () => {
    const boundary = concrete(
      resourceOf(baselineTemplate, baseline.access.boundary.policy).Properties.PolicyDocument,
      physical,
    );
    const boundaryArn = `arn:aws:iam::${ACCOUNT}:policy/spapi-dpp-test-permissions-boundary`;
    const attempt = (action: string, resource: string) =>
      decide(boundary, {
        principal: {
          arn: `arn:aws:iam::${ACCOUNT}:role/spapi-dpp-test-platform-administrator`,
          account: ACCOUNT,
        },
        action,
        resource,
        context: { 'iam:PermissionsBoundary': boundaryArn, 'aws:RequestedRegion': REGION },
      });

    test('fails if a role of the baseline could take a workload role name, change or pass a workload role', () => {
      for (const action of [
        'iam:CreateRole',
        'iam:PutRolePolicy',
        'iam:UpdateAssumeRolePolicy',
        'iam:PassRole',
        'iam:DeleteRole',
      ]) {
        expect(attempt(action, ORDER_SYNC_ROLE)).toBe('explicit-deny');
      }
    });

    test('leaves roles elsewhere to the rest of the boundary', () => {
      expect(attempt('iam:CreateRole', `arn:aws:iam::${ACCOUNT}:role/some-tool`)).toBe('allow');
    });
  });

  test("grants the table's fields it declared and nothing else, returning nothing on write", () => {
    const dynamodb = orderSyncStatements().filter((s) => String(s.Action).includes('dynamodb:'));
    expect(dynamodb.map((s) => [[s.Action].flat().sort(), s.Condition])).toEqual([
      [
        ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
        {
          'ForAllValues:StringEquals': {
            'dynamodb:Attributes': [
              'sellingPartnerId',
              'recordId',
              'shipToName',
              'shippingAddress',
              'syncedUntil',
              'expiresAt',
            ],
          },
          Null: { 'dynamodb:Attributes': 'false' },
          StringEqualsIfExists: { 'dynamodb:ReturnValues': 'NONE' },
        },
      ],
      [
        ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'],
        {
          'ForAllValues:StringEquals': {
            'dynamodb:Attributes': ['sellingPartnerId', 'recordId', 'syncedUntil'],
          },
          Null: { 'dynamodb:Attributes': 'false' },
          StringEqualsIfExists: { 'dynamodb:Select': 'SPECIFIC_ATTRIBUTES' },
        },
      ],
    ]);
    const document = { Statement: dynamodb };
    const write = (attributes: string[]) =>
      decide(document, {
        principal: { arn: ORDER_SYNC_ROLE, account: ACCOUNT },
        action: 'dynamodb:PutItem',
        resource: dynamodb[0].Resource,
        context: { 'dynamodb:Attributes': attributes },
      });
    expect(write(['sellingPartnerId', 'recordId', 'shipToName', 'expiresAt'])).toBe('allow');
    // A phone number it never declared, or a write with no attribute list at all.
    expect(write(['sellingPartnerId', 'recordId', 'shipToPhone'])).toBe('implicit-deny');
    expect(
      decide(document, {
        principal: { arn: ORDER_SYNC_ROLE, account: ACCOUNT },
        action: 'dynamodb:GetItem',
        resource: dynamodb[0].Resource,
        context: {},
      }),
    ).toBe('implicit-deny');
  });

  test('the PII table declares the fields the workload declared, and the record names the role against them', () => {
    expect(baseline.data.piiTable.processing.fields.map((f) => f.name)).toEqual([
      'shipToName',
      'shippingAddress',
    ]);
    const { stores } = recordOfProcessing(readAssembly(stage.synth()));
    const table = stores.find((s) => s.store === 'Test/Baseline/Data/PiiTable')!;
    expect(table.fields.map((f) => [f.name, f.purposes])).toEqual([
      ['shipToName', ['merchant-fulfilled shipping']],
      ['shippingAddress', ['merchant-fulfilled shipping']],
    ]);
    const role = table.access.find((a) => a.principal === 'Test/OrderSync/OrderSync/Function/Role');
    expect(role).toMatchObject({
      can: ['read', 'write'],
      readsFields: ['shipToName', 'shippingAddress'],
      decrypts: true,
    });
    // It reaches no other PII store.
    for (const store of stores.filter((s) => s !== table)) {
      expect(store.access.map((a) => a.principal)).not.toContain(
        'Test/OrderSync/OrderSync/Function/Role',
      );
    }
  });
});

describe('the workload slot against careless workloads', () => {
  /** A workload stack of the stage built by `build`; a throw leaves the stack empty. */
  const careless = (id: string, build: (stack: WorkloadStack) => void) =>
    stage.addWorkload(id, (scope, stackId, resources) => {
      const stack = new WorkloadStack(scope, stackId, { baseline: resources });
      build(stack);
      return stack;
    });
  const lambdaRole = (stack: Stack, id: string, props: Partial<iam.RoleProps> = {}) =>
    new iam.Role(stack, id, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      ...props,
    });

  test('fails at synth if a role of a workload stack outside the path is granted the PII key, a store or the credentials', () => {
    careless('OutsidePath', (stack) => {
      const outside = lambdaRole(stack, 'Outside', { roleName: 'spapi-dpp-test-outside' });
      const unnamed = lambdaRole(stack, 'Unnamed');
      const { keys, data, credentials } = stack.baseline;
      expect(() => keys.pii.grantDecrypt(outside)).toThrow(
        /Test\/OutsidePath\/Outside .*cannot be granted use of the key Test\/Baseline\/Keys\/Pii: its path is \/, not the workload path \/spapi-dpp\/test\/workloads\/.*DPP 1\.3/,
      );
      expect(() => data.piiTable.grantReadData(outside)).toThrow(
        /cannot be granted every attribute of the table; a workload names the fields it declared with grantReadItems\(\)/,
      );
      expect(() => credentials.grantRead(outside)).toThrow(
        /cannot be granted reads of the LWA credentials: its path is \//,
      );
      expect(() => keys.credentials.grantDecrypt(unnamed)).toThrow(
        /its name is generated at deployment, so no policy can name it in advance/,
      );
    });
  });

  test('fails at synth if a workload is granted a PII field it did not declare', () => {
    careless('Undeclared', (stack) => {
      const role = new WorkloadRole(stack, 'Role', {
        baseline: stack.baseline,
        name: 'undeclared',
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        description: 'reads what it never declared',
      });
      const { piiTable } = stack.baseline.data;
      // Every attribute of the table, fields it never declared included.
      expect(() => piiTable.grantWriteData(role)).toThrow(/cannot be granted every attribute/);
      // Declared by the order sync, not by this stack.
      expect(() => piiTable.grantReadItems(role, { fields: ['shipToName'] })).toThrow(
        /cannot be granted reads of field 'shipToName': its stack did not declare it.*DPP 2\.2/,
      );
      expect(() => piiTable.grantWriteItems(role, { fields: ['buyerEmail'] })).toThrow(
        /field 'buyerEmail': no workload declared it/,
      );
      expect(() =>
        piiTable.grantWriteItems(role, { fields: [], otherAttributes: ['shippingAddress'] }),
      ).toThrow(
        /'shippingAddress' is given as an attribute without PII, but it is a declared PII field/,
      );
      expect(() =>
        piiTable.declareFields(role, [
          {
            name: 'shipToName',
            description: 'something else',
            collectedFrom: 'x',
            purposes: ['tax invoicing'],
          },
        ]),
      ).toThrow(/already declared as 'Name of the recipient on the shipping address'/);
    });
  });

  test('fails the check if a workload function is placed in a firewall subnet', () => {
    const stack = careless('InFirewallSubnet', (s) => {
      new lambda.Function(s, 'Misplaced', {
        runtime: lambda.Runtime.NODEJS_24_X,
        handler: 'index.handler',
        code: lambda.Code.fromInline('exports.handler = async () => {};'),
        vpc: s.baseline.network.vpc,
        vpcSubnets: { subnetGroupName: 'Firewall' },
        securityGroups: [s.baseline.network.securityGroup],
      });
    });
    const fn = stack.node.findAll().find((c) => c instanceof lambda.CfnFunction)!;
    expect(ruleFlags(WorkloadNotInEgressSubnet, fn)).toBe(true);
  });

  test('fails the check if a workload stack is not a WorkloadStack and its role has no boundary', () => {
    const stack = stage.addWorkload('Unbounded', (scope, id) => {
      const plain = new Stack(scope, id, { env: { account: ACCOUNT, region: REGION } });
      lambdaRole(plain, 'Role');
      return plain;
    });
    const role = stack.node.findAll().find((c) => c instanceof iam.CfnRole)!;
    expect(ruleFlags(IAMRoleHasPermissionsBoundary, role)).toBe(true);
  });

  test('fails at synth if two workload roles of an environment would share a name', () => {
    careless('SameName', (stack) => {
      expect(
        () =>
          new WorkloadRole(stack, 'Role', {
            baseline: stack.baseline,
            name: 'order-sync',
            assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
            description: "takes the order sync's name, and so its admission",
          }),
      ).toThrow(
        /the workload role name spapi-dpp-test-order-sync is already taken by Test\/OrderSync\/OrderSync\/Function\/Role/,
      );
    });
  });

  test('fails at synth if a workload stack is elsewhere than its environment', () => {
    expect(() =>
      stage.addWorkload(
        'Elsewhere',
        (scope, id) => new Stack(scope, id, { env: { account: ACCOUNT, region: 'us-east-1' } }),
      ),
    ).toThrow(
      /Test\/Elsewhere: a workload deploys where its environment is \(111111111111\/eu-west-1\), not 111111111111\/us-east-1/,
    );
  });

  test('gives a function that logs nowhere an encrypted log group; flags an unencrypted one', () => {
    const stack = careless('BareFunctions', (s) => {
      // As aws-cdk-lib's providers render theirs: a plain function, no log group.
      new lambda.CfnFunction(s, 'Provider', {
        role: new WorkloadRole(s, 'ProviderRole', {
          baseline: s.baseline,
          name: 'provider',
          assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
          description: 'a provider',
        }).roleArn,
        runtime: 'nodejs24.x',
        handler: 'index.handler',
        code: { zipFile: 'exports.handler = async () => {};' },
      });
      // A function whose log group aws-cdk-lib makes beside it, unencrypted.
      new lambda.Function(s, 'Bare', {
        runtime: lambda.Runtime.NODEJS_24_X,
        handler: 'index.handler',
        code: lambda.Code.fromInline('exports.handler = async () => {};'),
        vpc: s.baseline.network.vpc,
        vpcSubnets: s.baseline.network.subnets,
        securityGroups: [s.baseline.network.securityGroup],
      });
    });
    // The tree is inspected, not synthesized: the stage was synthesized above.
    const given = stack.node.tryFindChild('ProviderLogGroup')?.node.findAll();
    const group = given?.find((c) => c instanceof logs.CfnLogGroup) as logs.CfnLogGroup;
    expect(stack.resolve(group.kmsKeyId)).toBeDefined();
    expect(group.retentionInDays).toBe(environment.audit.logRetentionDays);
    const beside = stack.node.findChild('Bare').node.tryFindChild('LogGroup')!;
    expect(ruleFlags(LogGroupEncryptedWithCMK, beside)).toBe(true);
  });
});
