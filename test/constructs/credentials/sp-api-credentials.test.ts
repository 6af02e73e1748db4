import { Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { LWA_PLACEHOLDER_CLIENT_ID } from '../../../lib/credentials';
import { SP_API_NOTIFICATION_ACCOUNT } from '../../../constructs/credentials';
import {
  acknowledgementsUnder,
  allPackViolations,
  allPackViolationsIgnoringAcknowledgements,
  staleAcknowledgements,
  testApp,
} from '../../helpers';
import { withoutCompositionRules } from '../../composition-rules';
import { credentialsStack } from './stack';

const ACCOUNT = '123456789012';

type Resource = { Type: string; Properties: Record<string, unknown> };

/** The one resource of `type` whose logical id contains `fragment`. */
function resourceOf(template: Template, type: string, fragment: string): [string, Resource] {
  const found = Object.entries(template.findResources(type) as Record<string, Resource>).filter(
    ([id]) => id.includes(fragment),
  );
  expect(found).toHaveLength(1);
  return found[0];
}

/** Every Allow statement of a role's inline policies, by the role's logical-id fragment. */
function roleStatements(template: Template, roleFragment: string) {
  const [roleId] = resourceOf(template, 'AWS::IAM::Role', roleFragment);
  return Object.values(template.findResources('AWS::IAM::Policy') as Record<string, Resource>)
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(roleId))
    .flatMap(
      (p) =>
        (p.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement ?? [],
    );
}

const actionsOf = (statements: Record<string, unknown>[], effect = 'Allow') =>
  statements
    .filter((s) => s.Effect === effect)
    .flatMap((s) => [s.Action].flat() as string[])
    .sort();

describe('SpApiCredentials', () => {
  // One stack for the whole file, with a workload granted both kinds of reads.
  const { stack, credentials, keys, network } = credentialsStack();
  const workload = new iam.Role(stack, 'Workload', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
  });
  credentials.grantRead(workload);
  const template = Template.fromStack(stack);
  const ref = (c: IConstruct) => stack.resolve((c.node.defaultChild as iam.CfnRole).logicalId);
  const secretRef = { Ref: stack.resolve(credentials.lwaCredentials.logicalId) };

  describe('the LWA credentials secret', () => {
    test('holds a generated placeholder, no value, encrypted with the credentials key', () => {
      template.hasResource('AWS::SecretsManager::Secret', {
        DeletionPolicy: 'Retain',
        Properties: {
          Name: 'spapi-dpp/test/lwa-credentials',
          KmsKeyId: { 'Fn::GetAtt': [ref(keys.credentials), 'Arn'] },
          SecretString: Match.absent(),
          GenerateSecretString: {
            SecretStringTemplate: JSON.stringify({ clientId: LWA_PLACEHOLDER_CLIENT_ID }),
            GenerateStringKey: 'clientSecret',
            PasswordLength: 64,
          },
          Tags: Match.arrayWith([{ Key: 'DataClassification', Value: 'confidential' }]),
        },
      });
    });

    test('rotates every 60 days by default, through its function, not at creation', () => {
      template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
        SecretId: secretRef,
        RotationLambdaARN: {
          'Fn::GetAtt': [ref(credentials.rotationFunction.function), 'Arn'],
        },
        RotationRules: { AutomaticallyAfterDays: 60 },
        RotateImmediatelyOnUpdate: false,
      });
      template.hasResourceProperties('AWS::Lambda::Permission', {
        Principal: 'secretsmanager.amazonaws.com',
        SourceAccount: ACCOUNT,
      });
    });

    test('its resource policy admits only the granted roles, and only through the VPC endpoint', () => {
      const readers = Match.arrayEquals(
        [credentials.rotationFunction.role, credentials.notificationConsumer.role, workload].map(
          (r) => ({ 'Fn::GetAtt': [ref(r), 'Arn'] }),
        ),
      );
      template.hasResourceProperties('AWS::SecretsManager::ResourcePolicy', {
        SecretId: secretRef,
        BlockPublicPolicy: true,
        ResourcePolicy: {
          Statement: [
            {
              Sid: 'AllowReadsByNamedRoles',
              Effect: 'Allow',
              Principal: { AWS: readers },
              Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
            },
            {
              Sid: 'DenyReadsByOtherPrincipals',
              Effect: 'Deny',
              Principal: '*',
              Action: ['secretsmanager:GetSecretValue'],
              Condition: { ArnNotEquals: { 'aws:PrincipalArn': readers } },
            },
            {
              Sid: 'DenyReadsOutsideVpcEndpoint',
              Effect: 'Deny',
              Principal: '*',
              Action: ['secretsmanager:GetSecretValue'],
              Condition: {
                StringNotEquals: {
                  'aws:SourceVpce': {
                    Ref: stack.resolve(
                      (network.interfaceEndpoints.SecretsManager.node.defaultChild as iam.CfnRole)
                        .logicalId,
                    ),
                  },
                },
              },
            },
          ].map((s) => Match.objectLike({ ...s, Resource: '*' })),
        },
      });
    });
  });

  describe('the credentials key', () => {
    const keyPolicy = () => {
      const [, key] = resourceOf(template, 'AWS::KMS::Key', 'KeysCredentials');
      return (key.Properties.KeyPolicy as { Statement: Record<string, unknown>[] }).Statement;
    };

    test('admits Secrets Manager on behalf of the roles that use the secrets, and nobody else', () => {
      // Allows only: the key's Deny statements (foreign grants, key policy changes) are
      // tested with the keys.
      const users = keyPolicy().filter(
        (s) => s.Effect === 'Allow' && s.Sid !== 'KeyAdministrationByThisAccount',
      );
      expect(users.length).toBeGreaterThan(0);
      for (const statement of users) {
        expect(statement.Condition).toEqual({
          StringEquals: {
            'kms:CallerAccount': ACCOUNT,
            'kms:ViaService': ['secretsmanager.eu-west-1.amazonaws.com'],
          },
        });
        const principals = [(statement.Principal as { AWS: unknown }).AWS].flat();
        for (const principal of principals) expect(principal).toHaveProperty('Fn::GetAtt');
      }
      const decrypters = users
        .filter((s) => actionsOf([s]).includes('kms:Decrypt'))
        .flatMap((s) => [(s.Principal as { AWS: unknown }).AWS].flat());
      expect(decrypters).toEqual(
        expect.arrayContaining(
          [credentials.rotationFunction.role, credentials.notificationConsumer.role, workload].map(
            (r) => ({ 'Fn::GetAtt': [ref(r), 'Arn'] }),
          ),
        ),
      );
    });

    test('does not let the whole account decrypt through Secrets Manager (as the Secret L2 would)', () => {
      const accountUse = keyPolicy().filter(
        (s) =>
          JSON.stringify(s.Principal).includes(':root') &&
          actionsOf([s]).some((a) => /Decrypt|GenerateDataKey|Encrypt|CreateGrant/.test(a)),
      );
      expect(accountUse).toEqual([]);
    });
  });

  describe('the functions', () => {
    test.each([
      ['Rotation', 1, 300],
      ['NotificationConsumer', 5, 60],
    ])(
      '%s: Node.js on arm64 in the private subnets, reserved concurrency %s',
      (name, concurrency, timeout) => {
        const [, fn] = resourceOf(template, 'AWS::Lambda::Function', `Credentials${name}Function`);
        expect(fn.Properties).toMatchObject({
          Runtime: 'nodejs24.x',
          Architectures: ['arm64'],
          ReservedConcurrentExecutions: concurrency,
          Timeout: timeout,
          VpcConfig: {
            SecurityGroupIds: [
              {
                'Fn::GetAtt': [
                  stack.resolve(
                    (network.workloadSecurityGroup.node.defaultChild as iam.CfnRole).logicalId,
                  ),
                  'GroupId',
                ],
              },
            ],
          },
          LoggingConfig: {
            LogGroup: { Ref: expect.stringContaining(`Credentials${name}Logs`) },
          },
        });
        const subnets = JSON.stringify(
          (fn.Properties.VpcConfig as { SubnetIds: unknown }).SubnetIds,
        );
        expect(subnets).toMatch(/PrivateSubnet1/);
        expect(subnets).not.toMatch(/Isolated|Nat|Firewall/);
        const [, logGroup] = resourceOf(template, 'AWS::Logs::LogGroup', `Credentials${name}Logs`);
        expect(logGroup.Properties).toMatchObject({
          RetentionInDays: 365,
          KmsKeyId: { 'Fn::GetAtt': [ref(keys.auditLogs), 'Arn'] },
        });
      },
    );

    test('each has a role of its own', () => {
      const roles = [credentials.rotationFunction, credentials.notificationConsumer].map((f) =>
        stack.resolve(f.function.role!.roleArn),
      );
      expect(roles[0]).not.toEqual(roles[1]);
    });

    test('the rotation role reads and relabels the LWA secret and tags one key; it writes no value', () => {
      const statements = roleStatements(template, 'CredentialsRotationRole');
      expect(actionsOf(statements)).toEqual([
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
        'secretsmanager:TagResource',
        'secretsmanager:UntagResource',
        'secretsmanager:UpdateSecretVersionStage',
      ]);
      expect(statements).toContainEqual(
        expect.objectContaining({
          Action: ['secretsmanager:TagResource', 'secretsmanager:UntagResource'],
          Condition: {
            'ForAllValues:StringEquals': { 'aws:TagKeys': ['SpApiClientSecretRequestedAt'] },
          },
        }),
      );
      for (const s of statements.filter((x) => String(x.Action).startsWith('secretsmanager'))) {
        expect(s.Resource).toEqual(secretRef);
      }
    });

    test('the consumer role stages values and starts rotations of the LWA secret; it cannot relabel', () => {
      const actions = actionsOf(roleStatements(template, 'CredentialsNotificationConsumerRole'));
      expect(actions).toEqual(
        expect.arrayContaining([
          'secretsmanager:PutSecretValue',
          'secretsmanager:RotateSecret',
          'lambda:InvokeFunction',
          'sqs:ReceiveMessage',
          'sqs:DeleteMessage',
        ]),
      );
      expect(actions).not.toContain('secretsmanager:UpdateSecretVersionStage');
      expect(actions.filter((a) => a.endsWith('*'))).toEqual([]);
    });

    test('no function role can read a selling partner secret', () => {
      for (const role of ['CredentialsRotationRole', 'CredentialsNotificationConsumerRole']) {
        expect(JSON.stringify(roleStatements(template, role))).not.toContain('selling-partners');
      }
    });

    test('the consumer takes both queues in partial batches, two at a time each', () => {
      const mappings = template.findResources('AWS::Lambda::EventSourceMapping');
      expect(Object.keys(mappings)).toHaveLength(2);
      template.allResourcesProperties('AWS::Lambda::EventSourceMapping', {
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: 2 },
      });
    });

    test('an hourly schedule runs the rotation check', () => {
      template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: 'rate(1 hour)',
        Targets: [Match.objectLike({ Input: JSON.stringify({ action: 'check-rotation' }) })],
      });
    });
  });

  describe('the notification queues', () => {
    const queues = () =>
      Object.entries(template.findResources('AWS::SQS::Queue') as Record<string, Resource>);

    test('are encrypted with their own key, which admits SP-API for SQS in this region only', () => {
      const [keyId, key] = resourceOf(template, 'AWS::KMS::Key', 'NotificationQueuesKey');
      for (const [, queue] of queues()) {
        expect(queue.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
      }
      const statements = (key.Properties.KeyPolicy as { Statement: Record<string, unknown>[] })
        .Statement;
      const spApi = statements.filter((s) =>
        JSON.stringify(s.Principal).includes(SP_API_NOTIFICATION_ACCOUNT),
      );
      expect(spApi).toEqual([
        expect.objectContaining({
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Condition: { StringEquals: { 'kms:ViaService': 'sqs.eu-west-1.amazonaws.com' } },
        }),
      ]);
    });

    test('let SP-API send and read attributes, nothing else, over TLS only; other accounts not at all', () => {
      const policies = Object.values(
        template.findResources('AWS::SQS::QueuePolicy') as Record<string, Resource>,
      ).map(
        (p) => (p.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement,
      );
      expect(policies).toHaveLength(4);
      const mains = policies.filter((s) => JSON.stringify(s).includes(SP_API_NOTIFICATION_ACCOUNT));
      expect(mains).toHaveLength(2);
      for (const statements of mains) {
        const allows = statements.filter((s) => s.Effect === 'Allow');
        expect(allows).toEqual([
          expect.objectContaining({
            Principal: { AWS: `arn:aws:iam::${SP_API_NOTIFICATION_ACCOUNT}:root` },
            Action: ['sqs:GetQueueAttributes', 'sqs:SendMessage'],
          }),
        ]);
        expect(statements).toContainEqual(
          expect.objectContaining({
            Effect: 'Deny',
            NotAction: ['sqs:SendMessage', 'sqs:GetQueueAttributes'],
          }),
        );
      }
      for (const statements of policies) {
        expect(statements).toContainEqual(
          expect.objectContaining({
            Effect: 'Deny',
            Action: 'sqs:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        );
        expect(statements).toContainEqual(
          expect.objectContaining({ Sid: 'DenyOtherAccounts', Effect: 'Deny', Action: 'sqs:*' }),
        );
      }
    });

    test('each has a dead-letter queue after three receives, and keeps messages 14 days', () => {
      const withDlq = queues().filter(([, q]) => q.Properties.RedrivePolicy);
      expect(withDlq).toHaveLength(2);
      for (const [, q] of withDlq) {
        expect(q.Properties).toMatchObject({
          RedrivePolicy: { maxReceiveCount: 3 },
          MessageRetentionPeriod: 1_209_600,
          VisibilityTimeout: 360,
        });
      }
    });
  });

  describe('alarms', () => {
    test('on a failed rotation step, an overdue rotation and both dead-letter queues, to the topic', () => {
      const alarms = Object.values(
        template.findResources('AWS::CloudWatch::Alarm') as Record<string, Resource>,
      );
      expect(alarms).toHaveLength(4);
      for (const alarm of alarms) {
        expect(alarm.Properties.AlarmActions).toHaveLength(1);
        expect(alarm.Properties.OKActions).toHaveLength(1);
      }
      template.hasResourceProperties('AWS::Logs::MetricFilter', {
        FilterPattern: '{ $.event = "LwaRotationStepFailed" }',
      });
      template.hasResourceProperties('AWS::Logs::MetricFilter', {
        FilterPattern: '{ ($.event = "LwaRotationStatus") && ($.overdue IS TRUE) }',
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        TreatMissingData: 'breaching',
        Metrics: Match.arrayWith([
          Match.objectLike({ Expression: 'IF(FILL(checks, 0) < 1, 1, FILL(overdue, 0))' }),
        ]),
      });
    });
  });

  describe('selling partner secrets', () => {
    test('a granted workload reads them by name prefix, with the key, and is listed in the output', () => {
      const statements = roleStatements(template, 'Workload');
      expect(statements).toContainEqual(
        expect.objectContaining({
          Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
          Resource: expect.arrayContaining([
            `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:spapi-dpp/test/selling-partners/*`,
          ]),
        }),
      );
      template.hasOutput('SpApiSellingPartnerSecretReaderArns', {
        // One reader: CloudFormation's join of a single item is the item itself.
        Value: { 'Fn::GetAtt': [ref(workload), 'Arn'] },
      });
    });

    test('the admin role writes them and the LWA secret, and reads no value', () => {
      const actions = actionsOf(roleStatements(template, 'CredentialsAdminRole'));
      expect(actions).toEqual(
        expect.arrayContaining(['secretsmanager:CreateSecret', 'secretsmanager:PutSecretValue']),
      );
      expect(actions).not.toContain('secretsmanager:GetSecretValue');
      expect(actions.filter((a) => a.includes('*'))).toEqual([]);
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [
            Match.objectLike({ Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }),
          ],
        },
        MaxSessionDuration: 3600,
        Description: Match.stringLikeRegexp('reads no secret value'),
      });
    });

    test('the admin role can create a secret only with the credentials key', () => {
      expect(roleStatements(template, 'CredentialsAdminRole')).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 'secretsmanager:CreateSecret',
          Condition: {
            StringNotEquals: {
              'secretsmanager:KmsKeyArn': { 'Fn::GetAtt': [ref(keys.credentials), 'Arn'] },
            },
          },
        }),
      );
    });
  });

  test('exports what the commands read under fixed names', () => {
    expect(Object.keys(template.toJSON().Outputs).sort()).toEqual(
      [
        'SpApiClientSecretExpiryQueueArn',
        'SpApiCredentialsAdminRoleArn',
        'SpApiCredentialsKeyArn',
        'SpApiLwaCredentialsSecretArn',
        'SpApiNewClientSecretQueueArn',
        'SpApiSecretsManagerEndpointId',
        'SpApiSellingPartnerSecretPrefix',
        'SpApiSellingPartnerSecretReaderArns',
      ].sort(),
    );
    template.hasOutput('SpApiSellingPartnerSecretPrefix', {
      Value: 'spapi-dpp/test/selling-partners/',
    });
  });

  test('leaves no finding of the three packs unacknowledged', () => {
    const ours = withoutCompositionRules(allPackViolations(stack))
      .map((v) => ({ ...v, paths: v.paths.filter((p) => p.includes('/Credentials/')) }))
      .filter((v) => v.paths.length > 0)
      .map((v) => `${v.ruleId} at ${v.paths.join(', ')}`);
    expect(ours).toEqual([]);
  });
});

describe('SpApiCredentials acknowledgements', () => {
  test('each hide a finding the packs really report', () => {
    const built = credentialsStack({}, { id: 'AckStack' });
    built.credentials.grantRead(
      new iam.Role(built.stack, 'Workload', {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      }),
    );
    const ours = acknowledgementsUnder(built.stack).filter(
      (a) => a.path.includes('/Credentials') || a.path.endsWith('/Workload'),
    );
    expect(ours.length).toBeGreaterThan(5);
    const violations = allPackViolationsIgnoringAcknowledgements(built.stack);
    expect(staleAcknowledgements(ours, violations)).toEqual([]);
  });
});

describe('SpApiCredentials validation', () => {
  const build = (props: Parameters<typeof credentialsStack>[0]) =>
    credentialsStack(props, { app: testApp({ 'aws:cdk:bundling-stacks': [] }), id: 'Validation' });

  test('fails if the rotation period is above 90 days, naming DPP 1.4', () => {
    expect(() => build({ rotationDays: 91 })).toThrow(
      'rotationDays 91 is above the 90 days that DPP 1.4 Password Management requires',
    );
  });

  test.each([0, 1.5, -3])('fails if the rotation period is %s days', (days) => {
    expect(() => build({ rotationDays: days })).toThrow(/not a whole number of days/);
  });

  test('accepts 90 days exactly', () => {
    const { stack } = build({ rotationDays: 90 });
    Template.fromStack(stack).hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      RotationRules: { AutomaticallyAfterDays: 90 },
    });
  });

  test.each([Duration.minutes(30), Duration.hours(73)])(
    'fails if the completion timeout is %s',
    (timeout) => {
      expect(() => build({ rotationCompletionTimeout: timeout })).toThrow(/outside 1 to 72 hours/);
    },
  );

  test('warns that the sandbox never completes a rotation', () => {
    // The validation report prints the warning too; keep the test output quiet.
    const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const { credentials } = build({ sandbox: true });
    Annotations.fromStack(Stack.of(credentials)).hasWarning(
      '/Validation/Credentials',
      Match.stringLikeRegexp('sends no notifications'),
    );
    printed.mockRestore();
  });

  test('refuses to grant a secret to a service principal, which a resource policy cannot name by ARN', () => {
    const { credentials } = build({});
    expect(() =>
      credentials.grantReadLwaCredentials(new iam.ServicePrincipal('ec2.amazonaws.com')),
    ).not.toThrow();
    expect(() => Template.fromStack(Stack.of(credentials))).toThrow(/IAM roles and users only/);
  });
});
