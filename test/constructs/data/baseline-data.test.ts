import { CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  PiiBucket,
  piiItemLiveDays,
  piiObjectExpirationDays,
  ProcessingDeclaration,
} from '../../../constructs/data';
import { DataClassKeys } from '../../../constructs/keys';
import { legalPeriodDays } from '../../../lib/policy/bounds';
import { constructPackViolations } from '../../composition-rules';
import { testStack } from '../../helpers';
import { baselineData, S3_ENDPOINT_ID } from './fixture';

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

function dataStack(id: string) {
  const stack = testStack(id);
  const keys = new DataClassKeys(stack, 'Keys', {
    projectName: 'spapi-dpp',
    environmentName: 'prod',
  });
  const s3Endpoint = ec2.GatewayVpcEndpoint.fromGatewayVpcEndpointId(
    stack,
    'S3Endpoint',
    S3_ENDPOINT_ID,
  );
  const data = baselineData(
    stack,
    keys,
    { piiTable: DECLARATION, piiBucket: DECLARATION, taxArchive: DECLARATION },
    { s3Endpoint },
  );
  return { stack, keys, data, s3Endpoint };
}

const logicalId = (stack: Stack, construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);

/** The bucket policy statements of `bucket`. */
function bucketStatements(template: Template, stack: Stack, bucket: { node: any }): any[] {
  const id = logicalId(stack, bucket);
  const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find(
    (p) => p.Properties.Bucket.Ref === id,
  )!;
  return policy.Properties.PolicyDocument.Statement;
}

/**
 * The statements of `bucket` by Sid; CDK's own TLS statements, which have no Sid, by
 * their condition key.
 */
function statementsBySid(template: Template, stack: Stack, bucket: { node: any }) {
  return Object.fromEntries(
    bucketStatements(template, stack, bucket).map((s) => [
      s.Sid ?? Object.keys(Object.values(s.Condition)[0] as object)[0],
      s,
    ]),
  );
}

describe('BaselineData', () => {
  const { stack, keys, data, s3Endpoint } = dataStack('Data');
  const workload = new iam.Role(stack, 'Workload', {
    assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
  });
  data.piiBucket.grantRead(workload);
  data.piiTable.grantReadData(workload);
  data.piiTable.grantWriteData(workload);
  const template = Template.fromStack(stack);

  describe('PII bucket', () => {
    test('is encrypted with the PII key, private, versioned and logged', () => {
      template.hasResourceProperties('AWS::S3::Bucket', {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            {
              BucketKeyEnabled: true,
              ServerSideEncryptionByDefault: {
                SSEAlgorithm: 'aws:kms',
                KMSMasterKeyID: { 'Fn::GetAtt': [logicalId(stack, keys.pii), 'Arn'] },
              },
            },
          ],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        VersioningConfiguration: { Status: 'Enabled' },
        LoggingConfiguration: {
          DestinationBucketName: { Ref: logicalId(stack, data.accessLogs.bucket) },
          LogFilePrefix: 'pii-bucket/',
        },
        Tags: Match.arrayWith([{ Key: 'DataClassification', Value: 'pii' }]),
      });
    });

    test('expires objects, old versions and delete markers within the retention', () => {
      const expiration = piiObjectExpirationDays(30);
      expect(expiration + 1).toBeLessThanOrEqual(30);
      template.hasResourceProperties('AWS::S3::Bucket', {
        Tags: Match.arrayWith([{ Key: 'DataClassification', Value: 'pii' }]),
        LifecycleConfiguration: {
          Rules: [
            {
              Id: 'ExpirePii',
              Status: 'Enabled',
              ExpirationInDays: expiration,
              NoncurrentVersionExpiration: { NoncurrentDays: 1 },
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
            },
            {
              Id: 'RemoveExpiredDeleteMarkers',
              Status: 'Enabled',
              ExpiredObjectDeleteMarker: true,
            },
          ],
        },
      });
    });

    test('is reachable only through the VPC endpoint, over TLS 1.2, never by pre-signed URL', () => {
      const statements = statementsBySid(template, stack, data.piiBucket.bucket);
      expect(statements.DenyObjectAccessOutsideVpcEndpoints).toMatchObject({
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: expect.arrayContaining(['s3:GetObject*', 's3:PutObject*']),
        Condition: {
          StringNotEquals: { 'aws:SourceVpce': [s3Endpoint.vpcEndpointId] },
        },
      });
      expect(statements.DenyPresignedUrls.Condition).toEqual({
        StringEquals: { 's3:authType': 'REST-QUERY-STRING' },
      });
      expect(statements.DenyOtherAccounts.Condition).toEqual({
        StringNotEquals: { 'aws:PrincipalAccount': '123456789012' },
      });
      expect(statements['aws:SecureTransport'].Condition).toEqual({
        Bool: { 'aws:SecureTransport': 'false' },
      });
      expect(statements['s3:TlsVersion'].Condition).toEqual({
        NumericLessThan: { 's3:TlsVersion': 1.2 },
      });
    });

    test('fails at synth without a VPC endpoint to reach it through', () => {
      const { data: other, keys: otherKeys } = dataStack('NoEndpoint');
      expect(
        () =>
          new PiiBucket(other, 'Unreachable', {
            encryptionKey: otherKeys.pii,
            retentionDays: 30,
            vpcEndpoints: [],
            accessLogs: other.accessLogs,
            processing: DECLARATION,
          }),
      ).toThrow('NoEndpoint/Data/Unreachable: vpcEndpoints is empty');
    });
  });

  describe('PII table', () => {
    test('is encrypted with the PII key, keyed by selling partner, with TTL and bounded PITR', () => {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        KeySchema: [
          { AttributeName: 'sellingPartnerId', KeyType: 'HASH' },
          { AttributeName: 'recordId', KeyType: 'RANGE' },
        ],
        SSESpecification: {
          SSEEnabled: true,
          SSEType: 'KMS',
          KMSMasterKeyId: { 'Fn::GetAtt': [logicalId(stack, keys.pii), 'Arn'] },
        },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        PointInTimeRecoverySpecification: {
          PointInTimeRecoveryEnabled: true,
          RecoveryPeriodInDays: 7,
        },
        DeletionProtectionEnabled: true,
        Tags: [{ Key: 'DataClassification', Value: 'pii' }],
      });
      template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain' });
    });

    test('sets items to expire at delivery plus what backups and TTL lag leave of the retention', () => {
      expect(data.piiTable.liveDays).toBe(piiItemLiveDays(30, 7));
      expect(data.piiTable.liveDays).toBe(21);
      const delivered = new Date('2026-11-01T12:00:00Z');
      expect(data.piiTable.itemExpiry(delivered)).toBe(Date.parse('2026-11-22T12:00:00Z') / 1000);
    });

    test('fails at synth if backups would leave no day of live retention', () => {
      expect(() => piiItemLiveDays(10, 8)).toThrow(
        'a PII retention of 10 days with 8 days of point-in-time recovery leaves no day for live items',
      );
    });
  });

  describe('tax archive', () => {
    test('locks objects for the legal period and keeps them cold from day 0', () => {
      const lockDays = legalPeriodDays(10);
      expect(lockDays).toBe(3653);
      template.hasResourceProperties('AWS::S3::Bucket', {
        ObjectLockEnabled: true,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: lockDays } },
        },
        LifecycleConfiguration: {
          Rules: Match.arrayWith([
            Match.objectLike({
              Transitions: [{ StorageClass: 'DEEP_ARCHIVE', TransitionInDays: 0 }],
              ExpirationInDays: lockDays + 1,
            }),
          ]),
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            Match.objectLike({
              ServerSideEncryptionByDefault: {
                SSEAlgorithm: 'aws:kms',
                KMSMasterKeyID: { 'Fn::GetAtt': [logicalId(stack, keys.taxArchive), 'Arn'] },
              },
            }),
          ],
        },
        Tags: Match.arrayWith([
          { Key: 'DataClassification', Value: 'pii' },
          { Key: 'LegalArchive', Value: 'tax' },
        ]),
      });
    });

    test('refuses warm writes and reads by anyone but its reader role', () => {
      const statements = statementsBySid(template, stack, data.taxArchive.bucket);
      expect(statements.DenyWritesOutsideDeepArchive.Condition).toEqual({
        StringNotEquals: { 's3:x-amz-storage-class': 'DEEP_ARCHIVE' },
      });
      expect(statements.DenyReadsExceptByReaderRole).toMatchObject({
        Action: ['s3:GetObject*', 's3:RestoreObject'],
        Condition: {
          ArnNotEquals: {
            'aws:PrincipalArn': {
              'Fn::GetAtt': [logicalId(stack, data.taxArchive.readerRole!), 'Arn'],
            },
          },
        },
      });
    });

    test('lets the reader role be assumed only with MFA, for an hour', () => {
      template.hasResourceProperties('AWS::IAM::Role', {
        Description: 'Restores and reads the tax archive for a legal or tax purpose (DPP 2.1)',
        MaxSessionDuration: 3600,
        AssumeRolePolicyDocument: {
          Statement: [
            Match.objectLike({ Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }),
          ],
        },
      });
    });
  });

  describe('access-log bucket', () => {
    test('keeps logs for the audit retention and refuses deleting them', () => {
      template.hasResourceProperties('AWS::S3::Bucket', {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
          ],
        },
        LifecycleConfiguration: {
          Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 365 })]),
        },
        Tags: [{ Key: 'DataClassification', Value: 'internal' }],
      });
      const statements = statementsBySid(template, stack, data.accessLogs.bucket);
      expect(statements.DenyDeletingLogs).toMatchObject({
        Effect: 'Deny',
        Action: ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:PutObjectRetention'],
      });
    });
  });

  test('admits the S3 logging service to the access-log bucket only for the data buckets', () => {
    const logging = bucketStatements(template, stack, data.accessLogs.bucket).filter(
      (s) => s.Principal?.Service === 'logging.s3.amazonaws.com',
    );
    expect(logging.map((s: any) => s.Condition.ArnLike['aws:SourceArn'])).toEqual([
      { 'Fn::GetAtt': [logicalId(stack, data.piiBucket.bucket), 'Arn'] },
      { 'Fn::GetAtt': [logicalId(stack, data.taxArchive.bucket), 'Arn'] },
    ]);
    for (const statement of logging) {
      expect(statement.Condition.StringEquals).toEqual({ 'aws:SourceAccount': '123456789012' });
    }
  });

  describe('deletion role', () => {
    test('can find PII by key, delete it and list the archive, and nothing else', () => {
      const policy = Object.values(template.findResources('AWS::IAM::Policy')).find((p) =>
        JSON.stringify(p.Properties.Roles).includes(logicalId(stack, data.deletionRole)),
      )!;
      const actions = policy.Properties.PolicyDocument.Statement.flatMap((s: any) =>
        [s.Action].flat(),
      );
      expect([...new Set(actions)].sort()).toEqual([
        'dynamodb:DeleteItem',
        'dynamodb:Query',
        's3:DeleteObject',
        's3:DeleteObjectVersion',
        's3:ListBucket',
        's3:ListBucketVersions',
      ]);
    });
  });

  test('passes every check of the three packs', () => {
    // A stack of its own: the workload above is this test's consumer, not the baseline's.
    expect(constructPackViolations(dataStack('Packs').stack)).toEqual([]);
  });
});

describe('TaxArchive without a reader role of its own', () => {
  function withoutReader(id: string, restorer: boolean) {
    const stack = testStack(id);
    const keys = new DataClassKeys(stack, 'Keys', {
      projectName: 'spapi-dpp',
      environmentName: 't',
    });
    const data = baselineData(
      stack,
      keys,
      { piiTable: DECLARATION, piiBucket: DECLARATION, taxArchive: DECLARATION },
      { taxArchiveOwnReaderRole: false },
    );
    if (restorer) {
      const officer = new iam.Role(stack, 'TaxOfficer', {
        assumedBy: new iam.AccountRootPrincipal(),
      });
      data.taxArchive.grantRestore(officer);
    }
    return { stack, data };
  }

  test('fails the synth if no role may restore from it (DPP 2.1: a legal copy must be retrievable)', () => {
    const { stack, data } = withoutReader('NoReader', false);
    expect(data.taxArchive.readerRole).toBeUndefined();
    expect(() => Template.fromStack(stack)).toThrow(/nobody may restore the archive/);
  });

  test('passes when another role, such as the tax officer, is granted restore', () => {
    const { stack } = withoutReader('Officer', true);
    expect(() => Template.fromStack(stack)).not.toThrow();
  });
});
