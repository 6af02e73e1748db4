import { CfnElement, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DataClassKey, DataClassKeys, KEY_ADMINISTRATION_ACTIONS } from '../../../constructs/keys';
import { constructPackViolations } from '../../composition-rules';
import { testStack } from '../../helpers';

describe('DataClassKeys', () => {
  const stack = testStack();
  const keys = new DataClassKeys(stack, 'Keys', {
    projectName: 'spapi-dpp',
    environmentName: 'prod',
    pendingWindow: Duration.days(30),
  });
  const workload = new iam.Role(stack, 'Workload', {
    assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
  });
  keys.pii.grantEncryptDecrypt(workload);
  const template = Template.fromStack(stack);

  test('creates one symmetric, rotated, retained key per data class with an alias naming it', () => {
    template.resourceCountIs('AWS::KMS::Key', 4);
    template.allResourcesProperties('AWS::KMS::Key', {
      KeySpec: 'SYMMETRIC_DEFAULT',
      KeyUsage: 'ENCRYPT_DECRYPT',
      EnableKeyRotation: true,
      RotationPeriodInDays: 365,
      PendingWindowInDays: 30,
    });
    template.allResources('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
    for (const dataClass of ['pii', 'credentials', 'audit-logs', 'tax-archive']) {
      template.hasResourceProperties('AWS::KMS::Alias', {
        AliasName: `alias/spapi-dpp-prod-${dataClass}`,
      });
    }
  });

  test('lets the account administer the keys but not use them', () => {
    const policy =
      template.toJSON().Resources[stack.getLogicalId(keys.pii.node.defaultChild as CfnElement)]
        .Properties.KeyPolicy;
    const admin = policy.Statement.find(
      (s: { Sid?: string }) => s.Sid === 'KeyAdministrationByThisAccount',
    );
    expect(admin.Principal).toEqual({ AWS: 'arn:aws:iam::123456789012:root' });
    expect(admin.Action).toEqual([...KEY_ADMINISTRATION_ACTIONS].sort());
    for (const action of ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:CreateGrant']) {
      expect(admin.Action).not.toContain(action);
    }
    expect(JSON.stringify(policy)).not.toContain('"kms:*"');
  });

  test('grants use by naming the principal in the key policy, through the key services only', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      Description: 'PII of Amazon customers and selling partners (prod)',
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: {
              AWS: {
                'Fn::GetAtt': [stack.getLogicalId(workload.node.defaultChild as CfnElement), 'Arn'],
              },
            },
            Action: Match.arrayWith(['kms:Decrypt', 'kms:GenerateDataKey*']),
            Condition: {
              StringEquals: {
                'kms:CallerAccount': '123456789012',
                'kms:ViaService': [
                  's3.eu-west-1.amazonaws.com',
                  'dynamodb.eu-west-1.amazonaws.com',
                ],
              },
            },
          }),
        ]),
      },
    });
    // The key policy alone grants; no IAM statement on the role is needed or added.
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('admits CloudWatch Logs to the audit-log key only for log groups of this account and region', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      Description: 'Security and audit logs (prod)',
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'CloudWatchLogsOfThisAccount',
            Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
            Condition: {
              ArnLike: {
                'kms:EncryptionContext:aws:logs:arn':
                  'arn:aws:logs:eu-west-1:123456789012:log-group:*',
              },
            },
          }),
        ]),
      },
    });
  });

  test('lets DynamoDB create table grants on the PII key only for its own use', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      Description: 'PII of Amazon customers and selling partners (prod)',
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'DynamoDbTableGrantsOfThisAccount',
            Action: 'kms:CreateGrant',
            Condition: {
              StringEquals: {
                'kms:CallerAccount': '123456789012',
                'kms:ViaService': 'dynamodb.eu-west-1.amazonaws.com',
              },
              Bool: { 'kms:GrantIsForAWSResource': 'true' },
            },
          }),
        ]),
      },
    });
  });

  test('grants direct use, within the account, of a key that serves no service', () => {
    const direct = testStack('Direct');
    const key = new DataClassKey(direct, 'MessageKey', {
      aliasName: 'alias/spapi-dpp-prod-messages',
      description: 'Message-level encryption',
      services: [],
    });
    const producer = new iam.Role(direct, 'Producer', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    key.grantEncrypt(producer);
    Template.fromStack(direct).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
            Condition: { StringEquals: { 'kms:CallerAccount': '123456789012' } },
          }),
        ]),
      },
    });
  });

  test('can be destroyable when the environment asks for it', () => {
    const destroyable = testStack('Destroyable');
    new DataClassKeys(destroyable, 'Keys', {
      projectName: 'spapi-dpp',
      environmentName: 'test',
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    Template.fromStack(destroyable).allResources('AWS::KMS::Key', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ PendingWindowInDays: 7 }),
    });
  });

  test('passes every check of the three packs', () => {
    expect(constructPackViolations(stack)).toEqual([]);
  });
});
