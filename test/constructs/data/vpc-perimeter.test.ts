import { CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ProcessingDeclaration } from '../../../constructs/data';
import { DataClassKeys } from '../../../constructs/keys';
import { notDenied, SimulatedRequest } from '../../iam-simulator';
import { testStack } from '../../helpers';
import {
  baselineData,
  DYNAMODB_ENDPOINT_ID as DYNAMODB_ENDPOINT,
  S3_ENDPOINT_ID as S3_ENDPOINT,
} from './fixture';

/**
 * Issue 7 item 9: with valid credentials of this account, can the PII stores be
 * reached from outside the VPC? Each request is tried against the store's resource
 * policy as the service would evaluate it; `notDenied` is what a Deny-only policy
 * decides (the caller's IAM policy would then still have to allow it).
 */
const ACCOUNT = '123456789012';
const DECLARATION: ProcessingDeclaration = { dataset: 'Orders', fields: [] };

const stack: Stack = testStack('Perimeter');
const keys = new DataClassKeys(stack, 'Keys', { projectName: 'spapi-dpp', environmentName: 'p' });
const data = baselineData(stack, keys, {
  piiTable: DECLARATION,
  piiBucket: DECLARATION,
  taxArchive: DECLARATION,
});
const workload = new iam.Role(stack, 'Workload', {
  assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
});
const template = Template.fromStack(stack).toJSON();
const id = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);
const arnOf = (role: iam.IRole) => stack.resolve(role.roleArn);

/** The policy documents attached to a bucket. */
function bucketPolicies(bucket: { node: { defaultChild?: unknown } }): unknown[] {
  return Object.values(template.Resources as Record<string, any>)
    .filter((r) => r.Type === 'AWS::S3::BucketPolicy' && r.Properties.Bucket.Ref === id(bucket))
    .map((r) => r.Properties.PolicyDocument);
}
const tablePolicy = () => [
  template.Resources[id(data.piiTable.table)].Properties.ResourcePolicy?.PolicyDocument ?? {},
];

function request(
  role: iam.IRole,
  action: string,
  resource: unknown,
  endpoint?: string,
): SimulatedRequest {
  return {
    principal: { arn: arnOf(role), account: ACCOUNT },
    action,
    resource,
    context: endpoint ? { 'aws:SourceVpce': endpoint, 'aws:PrincipalAccount': ACCOUNT } : {},
  };
}

describe('PII table: reachable only through the VPC endpoint', () => {
  const table = '*';
  const DATA_ACTIONS = [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:Scan',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:PartiQLSelect',
  ];

  test('refuses every data call from outside the VPC, even with valid credentials', () => {
    for (const action of DATA_ACTIONS) {
      expect([action, notDenied(tablePolicy(), request(workload, action, table))]).toEqual([
        action,
        false,
      ]);
    }
  });

  test('admits data calls that come through the DynamoDB endpoint', () => {
    for (const action of DATA_ACTIONS) {
      expect(notDenied(tablePolicy(), request(workload, action, table, DYNAMODB_ENDPOINT))).toBe(
        true,
      );
    }
  });

  test('lets the deletion role query and delete from outside, and nothing else', () => {
    const deletion = data.deletionRole;
    expect(notDenied(tablePolicy(), request(deletion, 'dynamodb:Query', table))).toBe(true);
    expect(notDenied(tablePolicy(), request(deletion, 'dynamodb:DeleteItem', table))).toBe(true);
    for (const action of [
      'dynamodb:GetItem',
      'dynamodb:Scan',
      'dynamodb:PutItem',
      'dynamodb:BatchWriteItem',
    ]) {
      expect([action, notDenied(tablePolicy(), request(deletion, action, table))]).toEqual([
        action,
        false,
      ]);
    }
  });

  test('refuses exporting the table to S3, from anywhere', () => {
    const exportCall = request(
      workload,
      'dynamodb:ExportTableToPointInTime',
      table,
      DYNAMODB_ENDPOINT,
    );
    expect(notDenied(tablePolicy(), exportCall)).toBe(false);
  });
});

describe('PII bucket: listing and deleting go through the VPC endpoint too', () => {
  const bucketArn = { 'Fn::GetAtt': [id(data.piiBucket.bucket), 'Arn'] };
  const objects = { 'Fn::Join': ['', [bucketArn, '/A2EUQ1WTGCTBG2/label.pdf']] };

  test('refuses listing and deleting from outside the VPC', () => {
    for (const [action, resource] of [
      ['s3:ListBucket', bucketArn],
      ['s3:ListBucketVersions', bucketArn],
      ['s3:DeleteObject', objects],
      ['s3:DeleteObjectVersion', objects],
    ] as const) {
      const policies = bucketPolicies(data.piiBucket.bucket);
      expect([action, notDenied(policies, request(workload, action, resource))]).toEqual([
        action,
        false,
      ]);
      expect(notDenied(policies, request(workload, action, resource, S3_ENDPOINT))).toBe(true);
    }
  });

  test('lets the deletion role list and delete from outside, never read', () => {
    const policies = bucketPolicies(data.piiBucket.bucket);
    const deletion = data.deletionRole;
    expect(notDenied(policies, request(deletion, 's3:ListBucketVersions', bucketArn))).toBe(true);
    expect(notDenied(policies, request(deletion, 's3:DeleteObjectVersion', objects))).toBe(true);
    expect(notDenied(policies, request(deletion, 's3:GetObject', objects))).toBe(false);
  });
});

describe('tax archive: reachable only through the VPC endpoint, but for its reader and the deletion listing', () => {
  const bucketArn = { 'Fn::GetAtt': [id(data.taxArchive.bucket), 'Arn'] };
  const objects = { 'Fn::Join': ['', [bucketArn, '/A2EUQ1WTGCTBG2/invoice.pdf']] };
  const policies = () => bucketPolicies(data.taxArchive.bucket);

  test('refuses writes, lists and deletes from outside the VPC, even by a writer', () => {
    for (const [action, resource] of [
      ['s3:PutObject', objects],
      ['s3:ListBucket', bucketArn],
      ['s3:DeleteObject', objects],
    ] as const) {
      expect([action, notDenied(policies(), request(workload, action, resource))]).toEqual([
        action,
        false,
      ]);
    }
    const deepArchiveWrite = {
      ...request(workload, 's3:PutObject', objects, S3_ENDPOINT),
      context: {
        'aws:SourceVpce': S3_ENDPOINT,
        's3:x-amz-storage-class': 'DEEP_ARCHIVE',
        'aws:PrincipalAccount': ACCOUNT,
      },
    };
    expect(notDenied(policies(), deepArchiveWrite)).toBe(true);
  });

  test('lets the reader restore and read from outside (the documented restore path)', () => {
    const reader = data.taxArchive.readerRole!;
    for (const action of ['s3:RestoreObject', 's3:GetObject']) {
      expect(notDenied(policies(), request(reader, action, objects))).toBe(true);
    }
    expect(notDenied(policies(), request(reader, 's3:ListBucket', bucketArn))).toBe(true);
  });

  test('lets the deletion role list from outside, not delete', () => {
    const deletion = data.deletionRole;
    expect(notDenied(policies(), request(deletion, 's3:ListBucketVersions', bucketArn))).toBe(true);
    expect(notDenied(policies(), request(deletion, 's3:DeleteObjectVersion', objects))).toBe(false);
  });
});
