import { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { IConstruct } from 'constructs';
import { derivedOrderId, derivedSellingPartnerId } from '../../../constructs/audit';
import { CANARY_BUYER } from '../../../constructs/audit/functions/canary-content';
import { concrete } from '../../simulators/iam-policy';
import { physicalOf } from '../../simulators/physical';
import { auditStack } from './audit-stack';
import {
  ENGINEER,
  IAM_USER,
  ROOT,
  assumedRole,
  cloudTrailEvent,
  metricFilters,
} from './log-events';

describe('CanaryRecords', () => {
  const { stack, audit, data, network, workload } = auditStack('Canaries');
  const canaries = audit.canaries;
  const template = Template.fromStack(stack);
  const physical = physicalOf(stack, template);
  const filters = metricFilters(template, physical);
  const logicalId = (construct: IConstruct) =>
    stack.getLogicalId(construct.node.defaultChild as CfnElement);
  const ref = (construct: IConstruct) => physical.refs![logicalId(construct)];
  const arn = (construct: IConstruct) => physical.attributes![`${logicalId(construct)}.Arn`];
  const spec = canaries.spec;
  const writer = assumedRole(arn(canaries.writer.role! as unknown as IConstruct));
  const piiBucket = ref(data.piiBucket.bucket);
  const tableArn = arn(data.piiTable.table);
  const tableName = ref(data.piiTable.table);

  describe('records', () => {
    test("are filed under a selling partner and order of Amazon's shape that Amazon never issued", () => {
      expect(spec.sellingPartnerId).toMatch(/^A[0-9A-Z]{13}$/);
      expect(spec.amazonOrderId).toMatch(/^\d{3}-\d{7}-\d{7}$/);
      expect(spec.objectKey).toBe(
        `${spec.sellingPartnerId}/shipping-labels/${spec.amazonOrderId}.json`,
      );
      // Stable across deployments: derived from the construct's address.
      expect(derivedSellingPartnerId(canaries.node.addr)).toBe(spec.sellingPartnerId);
      expect(derivedOrderId(canaries.node.addr)).toBe(spec.amazonOrderId);
      const other = auditStack('OtherEnvironment').audit.canaries.spec;
      expect(other.sellingPartnerId).not.toBe(spec.sellingPartnerId);
    });

    test('hold only fictitious data: reserved e-mail domain and phone range, an example street', () => {
      expect(CANARY_BUYER.email).toMatch(/@example\.com$/);
      expect(CANARY_BUYER.phone).toMatch(/^\+1 \d{3} 555 01\d\d$/);
      expect(CANARY_BUYER.addressLine1).toMatch(/Example/);
    });

    test("expire with the table's own live days, like every PII item", () => {
      expect(spec.liveDays).toBe(data.piiTable.liveDays);
      expect(spec.ttlAttributeName).toBe('expiresAt');
    });

    test('are put by a custom resource and refreshed daily by a schedule', () => {
      template.hasResourceProperties('Custom::CanaryRecords', {
        canary: Match.objectLike({
          bucketName: { Ref: logicalId(data.piiBucket.bucket) },
          objectKey: spec.objectKey,
          tableName: { Ref: logicalId(data.piiTable.table) },
          sellingPartnerId: spec.sellingPartnerId,
          liveDays: data.piiTable.liveDays,
        }),
      });
      const [refresh] = Object.values(
        template.findResources('AWS::Events::Rule', {
          Properties: { ScheduleExpression: 'rate(1 day)' },
        }),
      );
      const [target] = refresh.Properties.Targets;
      expect(target.Arn).toEqual({ 'Fn::GetAtt': [logicalId(canaries.writer), 'Arn'] });
      expect(JSON.parse(concrete(target.Input, physical) as string)).toEqual({
        action: 'refresh',
        canary: { ...spec, bucketName: piiBucket, tableName },
      });
    });
  });

  describe('writer', () => {
    test('runs in the private subnets with the workload security group', () => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Description: 'Puts and refreshes the canary records of the PII stores (DPP 2.6)',
        VpcConfig: {
          SecurityGroupIds: [
            { 'Fn::GetAtt': [logicalId(network.workloadSecurityGroup), 'GroupId'] },
          ],
          SubnetIds: network.vpc
            .selectSubnets(network.workloadSubnets)
            .subnetIds.map((id) => stack.resolve(id)),
        },
        LoggingConfig: { LogGroup: Match.anyValue() },
      });
    });

    test('may put and delete the canary object and the canary partition, and nothing else', () => {
      const policy = Object.values(template.findResources('AWS::IAM::Policy')).find((p) =>
        JSON.stringify(p.Properties.Roles).includes(
          logicalId(canaries.writer.role! as unknown as IConstruct),
        ),
      )!;
      // Writing its own log group is every BaselineFunction's first statement.
      const [logs, ...data_] = policy.Properties.PolicyDocument.Statement;
      expect(logs.Action).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
      expect(data_).toEqual([
        {
          Effect: 'Allow',
          Action: ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:PutObject'],
          Resource: {
            'Fn::Join': [
              '',
              [{ 'Fn::GetAtt': [logicalId(data.piiBucket.bucket), 'Arn'] }, `/${spec.objectKey}`],
            ],
          },
        },
        {
          Effect: 'Allow',
          Action: 's3:ListBucketVersions',
          Resource: { 'Fn::GetAtt': [logicalId(data.piiBucket.bucket), 'Arn'] },
          Condition: { StringEquals: { 's3:prefix': spec.objectKey } },
        },
        {
          Effect: 'Allow',
          Action: ['dynamodb:DeleteItem', 'dynamodb:PutItem'],
          Resource: { 'Fn::GetAtt': [logicalId(data.piiTable.table), 'Arn'] },
          Condition: {
            'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [spec.sellingPartnerId] },
          },
        },
      ]);
    });
  });

  describe('object alarm', () => {
    const accessed = (event: Record<string, unknown>) =>
      filters.CanaryObjectAccessed.matches(event);
    const onCanary = (eventName: string, userIdentity: Record<string, unknown>, extra = {}) =>
      cloudTrailEvent('s3.amazonaws.com', eventName, {
        userIdentity,
        requestParameters: { bucketName: piiBucket, key: spec.objectKey },
        resources: [
          { type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${piiBucket}/${spec.objectKey}` },
          { type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${piiBucket}` },
        ],
        ...extra,
      });

    test('publishes to the security topic on the first access', () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: 'spapi-dpp-prod-security-canary-object-accessed',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 1,
        AlarmActions: [{ Ref: logicalId(audit.topic.topic) }],
        AlarmDescription: Match.stringLikeRegexp('incident-response\\.md#canary-record-accessed$'),
      });
    });

    test('counts a read, a head, an overwrite or a delete by anyone, the workload and the root included', () => {
      for (const who of [ENGINEER, ROOT, IAM_USER, assumedRole(arn(workload))]) {
        for (const name of [
          'GetObject',
          'HeadObject',
          'GetObjectAttributes',
          'PutObject',
          'DeleteObject',
        ]) {
          expect([name, accessed(onCanary(name, who))]).toEqual([name, true]);
        }
      }
      expect(accessed(onCanary('GetObject', ENGINEER, { errorCode: 'AccessDenied' }))).toBe(true);
    });

    test('counts a copy of the canary to another bucket, and a later read of that copy', () => {
      const copy = cloudTrailEvent('s3.amazonaws.com', 'CopyObject', {
        requestParameters: { bucketName: 'staging-bucket', key: 'loot.json' },
        resources: [
          { type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::staging-bucket/loot.json' },
          { type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::staging-bucket' },
          { type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${piiBucket}/${spec.objectKey}` },
        ],
      });
      expect(accessed(copy)).toBe(true);
      expect(
        accessed(
          cloudTrailEvent('s3.amazonaws.com', 'GetObject', {
            requestParameters: { bucketName: 'staging-bucket', key: spec.objectKey },
          }),
        ),
      ).toBe(true);
    });

    test("does not count the writer's own refresh and removal, nor other objects", () => {
      expect(accessed(onCanary('PutObject', writer))).toBe(false);
      expect(accessed(onCanary('DeleteObject', writer))).toBe(false);
      // The writer reading the canary would be out of its job.
      expect(accessed(onCanary('GetObject', writer))).toBe(true);
      expect(
        accessed(
          cloudTrailEvent('s3.amazonaws.com', 'GetObject', {
            requestParameters: {
              bucketName: piiBucket,
              key: `${spec.sellingPartnerId}/other.json`,
            },
            resources: [{ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${piiBucket}/A1/x.json` }],
          }),
        ),
      ).toBe(false);
    });
  });

  describe('item alarm', () => {
    const accessed = (event: Record<string, unknown>) => filters.CanaryItemAccessed.matches(event);
    const onTable = (
      eventName: string,
      userIdentity: Record<string, unknown>,
      requestParameters = {},
    ) =>
      cloudTrailEvent('dynamodb.amazonaws.com', eventName, {
        userIdentity,
        requestParameters: { tableName, ...requestParameters },
        resources: [{ type: 'AWS::DynamoDB::Table', ARN: tableArn }],
      });
    const canaryKey = {
      key: { sellingPartnerId: spec.sellingPartnerId, recordId: `order#${spec.amazonOrderId}` },
    };

    test('counts a read, write or delete of the canary partition by anyone, in either key form', () => {
      for (const name of ['GetItem', 'UpdateItem', 'DeleteItem', 'PutItem']) {
        expect([name, accessed(onTable(name, ENGINEER, canaryKey))]).toEqual([name, true]);
      }
      const typed = { key: { sellingPartnerId: { S: spec.sellingPartnerId } } };
      expect(accessed(onTable('GetItem', assumedRole(arn(workload)), typed))).toBe(true);
      expect(accessed(onTable('GetItem', ROOT, canaryKey))).toBe(true);
    });

    test('counts a Scan or an export of the table, which read every item', () => {
      expect(accessed(onTable('Scan', assumedRole(arn(workload))))).toBe(true);
      expect(
        accessed(
          cloudTrailEvent('dynamodb.amazonaws.com', 'ExportTableToPointInTime', {
            requestParameters: { tableArn, s3Bucket: 'exports' },
          }),
        ),
      ).toBe(true);
    });

    test("does not count the writer's refresh, other partitions, or another table's scan", () => {
      expect(accessed(onTable('PutItem', writer, canaryKey))).toBe(false);
      expect(accessed(onTable('DeleteItem', writer, canaryKey))).toBe(false);
      expect(accessed(onTable('GetItem', writer, canaryKey))).toBe(true);
      expect(
        accessed(onTable('GetItem', ENGINEER, { key: { sellingPartnerId: 'A2EUQ1WTGCTBG2' } })),
      ).toBe(false);
      expect(
        accessed(
          cloudTrailEvent('dynamodb.amazonaws.com', 'Scan', {
            requestParameters: { tableName: 'another-table' },
            resources: [{ type: 'AWS::DynamoDB::Table', ARN: `${tableArn}-other` }],
          }),
        ),
      ).toBe(false);
    });
  });

  test('alarms when the writer fails, before the records expire', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'spapi-dpp-prod-security-canary-refresh-failed',
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Period: 86400,
      Threshold: 1,
      AlarmActions: [{ Ref: logicalId(audit.topic.topic) }],
    });
  });
});
