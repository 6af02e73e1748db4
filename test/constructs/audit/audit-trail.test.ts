import { CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { IConstruct } from 'constructs';
import { AuditTrail } from '../../../constructs/audit';
import { AccessLogsBucket } from '../../../constructs/data';
import { DataClassKeys } from '../../../constructs/keys';
import { testStack } from '../../helpers';
import { Caller, Request, concrete, evaluate } from '../../simulators/iam-policy';
import { physicalOf } from '../../simulators/physical';
import { auditStack } from './audit-stack';

const ACCOUNT = '123456789012';
const logicalId = (stack: Stack, construct: IConstruct) =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);

describe('AuditTrail', () => {
  const { stack, keys, data, audit } = auditStack('Trail');
  const template = Template.fromStack(stack);
  const physical = physicalOf(stack, template);
  const trail = audit.trail;
  const bucketId = logicalId(stack, trail.bucket.bucket);
  const bucketName = physical.refs![bucketId];
  const auditorArn = physical.attributes![`${logicalId(stack, audit.auditor as iam.Role)}.Arn`];
  const trailArn = `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/spapi-dpp-prod-audit`;
  const logFile = `arn:aws:s3:::${bucketName}/AWSLogs/${ACCOUNT}/CloudTrail/eu-west-1/2026/01/02/file.json.gz`;

  const bucketPolicy = () => {
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find(
      (p) => p.Properties.Bucket.Ref === bucketId,
    )!;
    return concrete(policy.Properties.PolicyDocument, physical) as { Statement: unknown };
  };
  const keyPolicy = () =>
    concrete(
      template.toJSON().Resources[logicalId(stack, keys.auditLogs)].Properties.KeyPolicy,
      physical,
    ) as { Statement: unknown };

  const admin = (arn: string, account = ACCOUNT): Caller => ({
    kind: 'aws',
    arn,
    account,
    identityAllows: true,
  });
  const auditor: Caller = { kind: 'aws', arn: auditorArn, account: ACCOUNT, identityAllows: true };
  const root = admin(`arn:aws:iam::${ACCOUNT}:root`);
  const engineer = admin(`arn:aws:iam::${ACCOUNT}:role/Administrator`);
  const cloudTrail: Caller = { kind: 'service', service: 'cloudtrail.amazonaws.com' };
  const onBucket = (request: Request) =>
    evaluate(bucketPolicy(), request, { iamDelegation: true, resourceAccount: ACCOUNT });
  const onKey = (request: Request) =>
    evaluate(keyPolicy(), request, { iamDelegation: false, resourceAccount: ACCOUNT });
  const tls = { 's3:TlsVersion': 1.3, 's3:authType': 'REST-HEADER' };

  describe('trail', () => {
    test('logs every region and global events, validates log files, and encrypts with the audit-log key', () => {
      template.hasResourceProperties('AWS::CloudTrail::Trail', {
        TrailName: 'spapi-dpp-prod-audit',
        IsLogging: true,
        IsMultiRegionTrail: true,
        IncludeGlobalServiceEvents: true,
        EnableLogFileValidation: true,
        KMSKeyId: { 'Fn::GetAtt': [logicalId(stack, keys.auditLogs), 'Arn'] },
        S3BucketName: { Ref: bucketId },
        CloudWatchLogsLogGroupArn: {
          'Fn::GetAtt': [logicalId(stack, trail.logGroup.logGroup), 'Arn'],
        },
      });
    });

    test('records all management events, and the data events of the PII bucket, archive and table', () => {
      const [selectors] = Object.values(template.findResources('AWS::CloudTrail::Trail')).map(
        (t) => concrete(t.Properties.AdvancedEventSelectors, physical) as any[],
      );
      const fields = (name: string) =>
        selectors.find((s) => s.Name === name).FieldSelectors as any[];
      expect(fields('Management events, read and write')).toEqual([
        { Field: 'eventCategory', Equals: ['Management'] },
      ]);
      const bucketArn = (construct: IConstruct) =>
        physical.attributes![`${logicalId(stack, construct)}.Arn`];
      expect(fields('Objects of the PII buckets')).toEqual([
        { Field: 'eventCategory', Equals: ['Data'] },
        { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
        {
          Field: 'resources.ARN',
          StartsWith: [
            `${bucketArn(data.piiBucket.bucket)}/`,
            `${bucketArn(data.taxArchive.bucket)}/`,
          ],
        },
      ]);
      expect(fields('Items of the PII tables')).toEqual([
        { Field: 'eventCategory', Equals: ['Data'] },
        { Field: 'resources.type', Equals: ['AWS::DynamoDB::Table'] },
        { Field: 'resources.ARN', Equals: [bucketArn(data.piiTable.table)] },
      ]);
      // No selector leaves out read events (secret reads are read management events).
      expect(JSON.stringify(selectors)).not.toContain('readOnly');
    });

    test('delivers to a log group encrypted with the audit-log key and kept for the retention', () => {
      template.hasResourceProperties('AWS::Logs::LogGroup', {
        LogGroupName: '/aws/cloudtrail/spapi-dpp-prod-audit',
        KmsKeyId: { 'Fn::GetAtt': [logicalId(stack, keys.auditLogs), 'Arn'] },
        RetentionInDays: 365,
      });
    });

    test('writes to the log group through a role only this trail can assume', () => {
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'cloudtrail.amazonaws.com' },
              Action: 'sts:AssumeRole',
              Condition: {
                StringEquals: { 'aws:SourceArn': trailArn, 'aws:SourceAccount': ACCOUNT },
              },
            },
          ],
        },
      });
    });

    test('refuses an imported key, whose policy it cannot extend', () => {
      const other = testStack('Imported');
      const accessLogs = new AccessLogsBucket(other, 'AccessLogs', { retentionDays: 365 });
      expect(
        () =>
          new AuditTrail(other, 'Trail', {
            trailName: 't',
            encryptionKey: kms.Key.fromKeyArn(
              other,
              'Key',
              `arn:aws:kms:eu-west-1:${ACCOUNT}:key/0000`,
            ),
            logRetentionDays: 365,
            objectLockMode: 'COMPLIANCE',
            auditor: iam.Role.fromRoleName(other, 'Auditor', 'auditor'),
            accessLogs,
            dataEventBuckets: [],
            dataEventTables: [],
          }),
      ).toThrow(/Imported\/Trail: encryptionKey Imported\/Key is imported/);
    });
  });

  describe('bucket', () => {
    test('is private, TLS only, versioned, locked for the retention and access-logged', () => {
      template.hasResourceProperties('AWS::S3::Bucket', {
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        VersioningConfiguration: { Status: 'Enabled' },
        ObjectLockEnabled: true,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 365 } },
        },
        LoggingConfiguration: {
          DestinationBucketName: { Ref: logicalId(stack, data.accessLogs.bucket) },
          LogFilePrefix: 'audit-trail/',
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            {
              BucketKeyEnabled: false,
              ServerSideEncryptionByDefault: {
                SSEAlgorithm: 'aws:kms',
                KMSMasterKeyID: { 'Fn::GetAtt': [logicalId(stack, keys.auditLogs), 'Arn'] },
              },
            },
          ],
        },
        Tags: Match.arrayWith([{ Key: 'DataClassification', Value: 'confidential' }]),
      });
    });

    test('moves log files to a cold class after 90 days and expires them after the retention', () => {
      template.hasResourceProperties('AWS::S3::Bucket', {
        ObjectLockEnabled: true,
        LifecycleConfiguration: {
          Rules: [
            {
              Id: 'ColdThenExpireAfterRetention',
              Status: 'Enabled',
              Transitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 90 }],
              ExpirationInDays: 366,
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

    test('lets only the auditor read a log file, whatever IAM policies an engineer has', () => {
      const read = (caller: Caller) =>
        onBucket({ caller, action: 's3:GetObject', resource: logFile, context: tls });
      expect(read(auditor)).toBe('allow');
      expect(read(engineer)).toBe('explicit-deny');
      expect(read(root)).toBe('explicit-deny');
      expect(
        onBucket({
          caller: engineer,
          action: 's3:GetObjectVersion',
          resource: logFile,
          context: tls,
        }),
      ).toBe('explicit-deny');
    });

    test('refuses to delete a log file or its versions to everyone, the account root and the auditor included', () => {
      for (const caller of [root, engineer, auditor]) {
        for (const action of [
          's3:DeleteObject',
          's3:DeleteObjectVersion',
          's3:BypassGovernanceRetention',
          's3:PutObjectRetention',
        ]) {
          expect(onBucket({ caller, action, resource: logFile, context: tls })).toBe(
            'explicit-deny',
          );
        }
      }
    });

    test('lets this trail deliver, and no person plant or overwrite a log file', () => {
      const deliver = (sourceArn: string) =>
        onBucket({
          caller: cloudTrail,
          action: 's3:PutObject',
          resource: logFile,
          context: {
            ...tls,
            'aws:SourceArn': sourceArn,
            's3:x-amz-acl': 'bucket-owner-full-control',
          },
        });
      expect(deliver(trailArn)).toBe('allow');
      // Another account's trail pointed at this bucket (the confused deputy).
      expect(deliver('arn:aws:cloudtrail:eu-west-1:999999999999:trail/theirs')).toBe(
        'implicit-deny',
      );
      for (const caller of [engineer, root, auditor]) {
        expect(onBucket({ caller, action: 's3:PutObject', resource: logFile, context: tls })).toBe(
          'explicit-deny',
        );
      }
    });

    test('refuses other accounts, requests without TLS 1.2 and pre-signed URLs, even to the auditor', () => {
      const outsider = admin('arn:aws:iam::999999999999:role/Administrator', '999999999999');
      expect(
        onBucket({
          caller: outsider,
          action: 's3:ListBucket',
          resource: `arn:aws:s3:::${bucketName}`,
          context: tls,
        }),
      ).toBe('explicit-deny');
      const auditorRead = (context: Request['context']) =>
        onBucket({ caller: auditor, action: 's3:GetObject', resource: logFile, context });
      expect(auditorRead({ ...tls, 'aws:SecureTransport': false })).toBe('explicit-deny');
      expect(auditorRead({ ...tls, 's3:TlsVersion': 1.1 })).toBe('explicit-deny');
      expect(auditorRead({ ...tls, 's3:authType': 'REST-QUERY-STRING' })).toBe('explicit-deny');
    });
  });

  describe('audit-log key', () => {
    test('lets CloudTrail encrypt for this trail only', () => {
      const generate = (sourceArn: string) =>
        onKey({
          caller: cloudTrail,
          action: 'kms:GenerateDataKey',
          resource: '*',
          context: {
            'aws:SourceArn': sourceArn,
            'kms:EncryptionContext:aws:cloudtrail:arn': sourceArn,
          },
        });
      expect(generate(trailArn)).toBe('allow');
      expect(generate(`arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/another`)).toBe(
        'implicit-deny',
      );
    });

    test("lets the auditor decrypt this trail's log files through S3 and nothing else", () => {
      const decrypt = (caller: Caller, context: Request['context']) =>
        onKey({ caller, action: 'kms:Decrypt', resource: '*', context });
      const throughS3 = {
        'kms:ViaService': 's3.eu-west-1.amazonaws.com',
        'kms:EncryptionContext:aws:cloudtrail:arn': trailArn,
      };
      expect(decrypt(auditor, throughS3)).toBe('allow');
      expect(decrypt(auditor, { 'kms:EncryptionContext:aws:cloudtrail:arn': trailArn })).toBe(
        'implicit-deny',
      );
      expect(decrypt(engineer, throughS3)).toBe('implicit-deny');
      expect(decrypt(root, throughS3)).toBe('implicit-deny');
    });
  });
});

describe('TrailBucket settings', () => {
  const build = (retentionDays: number, mode: 'GOVERNANCE' | 'COMPLIANCE' = 'GOVERNANCE') => {
    const stack = testStack(`Settings${retentionDays}${mode}`);
    const keys = new DataClassKeys(stack, 'Keys', { projectName: 'p', environmentName: 'test' });
    new AuditTrail(stack, 'Trail', {
      trailName: 't',
      encryptionKey: keys.auditLogs,
      logRetentionDays: retentionDays,
      objectLockMode: mode,
      auditor: new iam.Role(stack, 'Auditor', { assumedBy: new iam.AccountRootPrincipal() }),
      accessLogs: new AccessLogsBucket(stack, 'AccessLogs', { retentionDays: 365 }),
      dataEventBuckets: [],
      dataEventTables: [],
    });
    return Template.fromStack(stack);
  };

  test('uses governance mode when asked (test environments)', () => {
    build(365).hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockConfiguration: { Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 365 } } },
    });
  });

  test('makes no cold transition the files would leave before its minimum billable period', () => {
    build(90).hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockConfiguration: { Rule: { DefaultRetention: { Days: 90 } } },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Transitions: Match.absent(), ExpirationInDays: 91 }),
        ]),
      },
    });
  });

  test('fails at synth if the retention is below the 90 days of DPP 2.6', () => {
    expect(() => build(60)).toThrow(
      'trail retention 60 days is below the 90 days that DPP 2.6 Logging and Monitoring requires',
    );
  });
});
