import { Fn } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sso from 'aws-cdk-lib/aws-sso';
import { DppChecks } from '../../../../lib/nag/dpp-pack';
import {
  IAMPolicyNoDataServiceWildcard,
  coversWholeService,
} from '../../../../lib/nag/rules/access/IAMPolicyNoDataServiceWildcard';
import { ruleFlags, ruleOutcome, threw, testStack, violationsOf } from '../../../helpers';

describe('DPP-IAMPolicyNoDataServiceWildcard', () => {
  const stack = testStack();
  const lambdaRole = (id: string) =>
    new iam.Role(stack, id, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  /** A role whose default policy allows `actions` on everything; returns that policy. */
  const roleAllowing = (id: string, statement: iam.PolicyStatementProps) => {
    const role = lambdaRole(id);
    role.addToPrincipalPolicy(new iam.PolicyStatement({ resources: ['*'], ...statement }));
    return role.node.findChild('DefaultPolicy');
  };

  test('fails if a policy allows s3:*, naming DPP 1.3', () => {
    const policy = roleAllowing('S3Star', { actions: ['s3:*'] });
    expect(ruleFlags(IAMPolicyNoDataServiceWildcard, policy)).toBe(true);
    const [violation] = violationsOf(
      new DppChecks(undefined, undefined, [IAMPolicyNoDataServiceWildcard]),
      stack,
    ).filter((v) => v.paths.includes(policy.node.path + '/Resource'));
    expect(violation.description).toMatch(/^\[DPP 1\.3 Least Privilege Principle; AUP 3\.9/);
  });

  /** An L1 policy allowing `action` on everything, as a hand-written template would. */
  const l1PolicyAllowing = (id: string, action: string) =>
    new iam.CfnPolicy(stack, id, {
      policyName: id,
      roles: ['someone'],
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }],
      },
    });

  test.each([
    '*',
    'dynamodb:*',
    'kms:*',
    'secretsmanager:*',
    'S3:*',
    '*:*',
    's?:*',
    'dynamo*:*',
    'kms:**',
  ])('fails if a policy allows %s', (action) => {
    const policy = l1PolicyAllowing(`Allow${action.replace(/\W/g, 'x')}`, action);
    expect(ruleFlags(IAMPolicyNoDataServiceWildcard, policy)).toBe(true);
  });

  test('fails if an Allow with NotAction leaves a data service in', () => {
    const policy = roleAllowing('NotIam', { notActions: ['iam:*'] });
    expect(ruleFlags(IAMPolicyNoDataServiceWildcard, policy)).toBe(true);
    const fewExcluded = roleAllowing('NotGetObject', { notActions: ['s3:GetObject'] });
    expect(ruleFlags(IAMPolicyNoDataServiceWildcard, fewExcluded)).toBe(true);
  });

  test('fails if a role has an inline policy with * in its Policies property', () => {
    const role = new iam.Role(stack, 'Inline', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      inlinePolicies: {
        all: new iam.PolicyDocument({
          statements: [new iam.PolicyStatement({ actions: ['*'], resources: ['*'] })],
        }),
      },
    });
    expect(ruleFlags(IAMPolicyNoDataServiceWildcard, role)).toBe(true);
  });

  test.each([
    'AdministratorAccess',
    'AmazonS3FullAccess',
    'SecretsManagerReadWrite',
    'PowerUserAccess',
  ])('fails if a role attaches the AWS managed %s', (name) => {
    const role = lambdaRole(`Managed${name}`);
    role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName(name));
    expect(ruleFlags(IAMPolicyNoDataServiceWildcard, role)).toBe(true);
  });

  test('fails if a customer managed policy allows dynamodb:*', () => {
    const policy = new iam.ManagedPolicy(stack, 'Dynamo', {
      statements: [new iam.PolicyStatement({ actions: ['dynamodb:*'], resources: ['*'] })],
      roles: [lambdaRole('DynamoUser')],
    });
    expect(ruleFlags(IAMPolicyNoDataServiceWildcard, policy)).toBe(true);
  });

  test("fails if a key policy allows kms:* (CDK's default key policy does)", () => {
    expect(ruleFlags(IAMPolicyNoDataServiceWildcard, new kms.Key(stack, 'DefaultKey'))).toBe(true);
  });

  test('fails if a bucket policy allows s3:* to a principal', () => {
    const bucket = new s3.Bucket(stack, 'Shared');
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.AccountRootPrincipal()],
        actions: ['s3:*'],
        resources: [bucket.arnForObjects('*')],
      }),
    );
    expect(ruleFlags(IAMPolicyNoDataServiceWildcard, bucket.policy!)).toBe(true);
  });

  test('fails if a secret or table resource policy allows every action of its service', () => {
    const secret = new secretsmanager.Secret(stack, 'Secret');
    secret.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.AccountRootPrincipal()],
        actions: ['secretsmanager:*'],
        resources: ['*'],
      }),
    );
    const secretPolicy = secret.node.findChild('Policy');
    expect(ruleFlags(IAMPolicyNoDataServiceWildcard, secretPolicy)).toBe(true);
    const table = new dynamodb.CfnTable(stack, 'Table', {
      keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
      attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
      billingMode: 'PAY_PER_REQUEST',
      resourcePolicy: {
        policyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: '123456789012' },
              Action: 'dynamodb:*',
              Resource: '*',
            },
          ],
        },
      },
    });
    expect(ruleFlags(IAMPolicyNoDataServiceWildcard, table)).toBe(true);
  });

  test('fails if an Identity Center permission set allows s3:* inline', () => {
    const permissionSet = new sso.CfnPermissionSet(stack, 'PermissionSet', {
      instanceArn: 'arn:aws:sso:::instance/ssoins-1234567890abcdef',
      name: 'Ops',
      inlinePolicy: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
      },
    });
    expect(ruleFlags(IAMPolicyNoDataServiceWildcard, permissionSet)).toBe(true);
  });

  test('fails if an Allow-everything policy meant as a boundary is also attached as permissions', () => {
    const ceiling = new iam.ManagedPolicy(stack, 'AttachedCeiling', {
      statements: [new iam.PolicyStatement({ actions: ['*'], resources: ['*'] })],
    });
    const role = new iam.Role(stack, 'Attached', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      permissionsBoundary: ceiling,
      managedPolicies: [ceiling],
    });
    expect(role).toBeDefined();
    expect(ruleFlags(IAMPolicyNoDataServiceWildcard, ceiling)).toBe(true);
  });

  test('fails if a policy document is not known at synth', () => {
    const policy = new iam.CfnPolicy(stack, 'Imported', {
      policyName: 'imported',
      roles: ['someone'],
      policyDocument: Fn.importValue('PolicyFromElsewhere'),
    });
    expect(ruleOutcome(IAMPolicyNoDataServiceWildcard, policy)).toEqual(
      threw(/policy document \{"Fn::ImportValue":"PolicyFromElsewhere"\} is not known at synth/),
    );
  });

  test('passes named actions and partial wildcards, as the stores grant them', () => {
    const role = lambdaRole('Reader');
    new s3.Bucket(stack, 'Data').grantReadWrite(role);
    expect(ruleFlags(IAMPolicyNoDataServiceWildcard, role.node.findChild('DefaultPolicy'))).toBe(
      false,
    );
  });

  test('passes a Deny of s3:* and an Allow whose NotAction excludes every data service', () => {
    const deny = roleAllowing('DenyAll', { effect: iam.Effect.DENY, actions: ['s3:*'] });
    expect(ruleFlags(IAMPolicyNoDataServiceWildcard, deny)).toBe(false);
    const allButData = roleAllowing('AllButData', {
      notActions: ['s3:*', 'dynamodb:*', 'kms:*', 'secretsmanager:*'],
    });
    expect(ruleFlags(IAMPolicyNoDataServiceWildcard, allButData)).toBe(false);
  });

  test('passes a managed policy used only as a permissions boundary', () => {
    const ceiling = new iam.ManagedPolicy(stack, 'Ceiling', {
      statements: [new iam.PolicyStatement({ actions: ['*'], resources: ['*'] })],
    });
    new iam.Role(stack, 'Bounded', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      permissionsBoundary: ceiling,
    });
    expect(ruleFlags(IAMPolicyNoDataServiceWildcard, ceiling)).toBe(false);
  });

  test('does not apply to VPC endpoint policies, which only cap what a request through them may do', () => {
    const endpoint = new ec2.CfnVPCEndpoint(stack, 'S3Endpoint', {
      vpcId: 'vpc-0123456789abcdef0',
      serviceName: 'com.amazonaws.eu-west-1.s3',
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
      },
    });
    expect(ruleFlags(IAMPolicyNoDataServiceWildcard, endpoint)).toBe(false);
  });

  test('reads an action pattern as the whole service only when its action part names nothing', () => {
    expect(coversWholeService('s3:*', 's3')).toBe(true);
    expect(coversWholeService('s3:Get*', 's3')).toBe(false);
    expect(coversWholeService('s3:*Object', 's3')).toBe(false);
    expect(coversWholeService('sqs:*', 's3')).toBe(false);
  });
});
