import { CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import {
  MAX_EXPECTED_SECRET_READERS,
  SecurityAlarmTopic,
  SecurityAlarms,
} from '../../../constructs/audit';
import { testStack } from '../../helpers';
import { physicalOf } from '../../simulators/physical';
import { auditStack } from './audit-stack';
import {
  ACCOUNT,
  ENGINEER,
  IAM_USER,
  ROOT,
  assumedRole,
  cloudTrailEvent,
  metricFilters,
} from './log-events';

describe('SecurityAlarms', () => {
  const { stack, audit, data, workload } = auditStack('Alarms');
  const template = Template.fromStack(stack);
  const physical = physicalOf(stack, template);
  const filters = metricFilters(template, physical);
  const logicalId = (construct: IConstruct) =>
    stack.getLogicalId(construct.node.defaultChild as CfnElement);
  const ref = (construct: IConstruct) => physical.refs![logicalId(construct)];
  const arn = (construct: IConstruct) => physical.attributes![`${logicalId(construct)}.Arn`];
  const trailBucket = ref(audit.trail.bucket.bucket);
  const trailLogGroup = ref(audit.trail.logGroup.logGroup);
  const topicArn = ref(audit.topic.topic);
  const matches = (metric: string, event: Record<string, unknown>) =>
    filters[metric].matches(event);

  test('each alarm publishes to the security topic, is named for the environment and names its runbook section', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.length).toBeGreaterThanOrEqual(20);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: logicalId(audit.topic.topic) }]);
      expect(alarm.Properties.AlarmName).toMatch(/^spapi-dpp-prod-security-[a-z0-9-]+$/);
      expect(alarm.Properties.AlarmDescription).toMatch(
        / Runbook: docs\/runbooks\/incident-response\.md#[a-z0-9-]+$/,
      );
    }
  });

  test('counts refused calls in five minutes and alarms from five ("multiple unauthorized calls")', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'spapi-dpp-prod-security-unauthorized-api-calls',
      Threshold: 5,
      Period: 300,
      Statistic: 'Sum',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    const denied = (errorCode: string) =>
      cloudTrailEvent('s3.amazonaws.com', 'GetObject', { errorCode });
    expect(matches('UnauthorizedApiCalls', denied('AccessDenied'))).toBe(true);
    expect(matches('UnauthorizedApiCalls', denied('Client.UnauthorizedOperation'))).toBe(true);
    expect(matches('UnauthorizedApiCalls', denied('AccessDeniedException'))).toBe(true);
    expect(matches('UnauthorizedApiCalls', denied('NoSuchKey'))).toBe(false);
  });

  test('alarms on three failed console sign-ins, not on successful ones (DPP 1.2 lockout signal)', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'spapi-dpp-prod-security-console-sign-in-failures',
      Threshold: 3,
    });
    const signIn = (errorMessage?: string) =>
      cloudTrailEvent('signin.amazonaws.com', 'ConsoleLogin', {
        userIdentity: IAM_USER,
        ...(errorMessage ? { errorMessage } : {}),
        responseElements: { ConsoleLogin: errorMessage ? 'Failure' : 'Success' },
      });
    expect(matches('ConsoleSignInFailures', signIn('Failed authentication'))).toBe(true);
    expect(matches('ConsoleSignInFailures', signIn())).toBe(false);
  });

  test('alarms on any use of the root user, not on AWS acting for it', () => {
    expect(
      matches(
        'RootAccountUse',
        cloudTrailEvent('iam.amazonaws.com', 'CreateAccessKey', { userIdentity: ROOT }),
      ),
    ).toBe(true);
    expect(
      matches(
        'RootAccountUse',
        cloudTrailEvent('signin.amazonaws.com', 'ConsoleLogin', {
          userIdentity: ROOT,
          eventType: 'AwsConsoleSignIn',
        }),
      ),
    ).toBe(true);
    expect(
      matches(
        'RootAccountUse',
        cloudTrailEvent('s3.amazonaws.com', 'PutObject', {
          userIdentity: { ...ROOT, invokedBy: 'cloudtrail.amazonaws.com' },
        }),
      ),
    ).toBe(false);
    expect(matches('RootAccountUse', cloudTrailEvent('iam.amazonaws.com', 'CreateAccessKey'))).toBe(
      false,
    );
  });

  test('alarms on IAM policy, trust and credential changes, not on reads', () => {
    for (const name of [
      'PutRolePolicy',
      'AttachRolePolicy',
      'DeletePolicyVersion',
      'UpdateAssumeRolePolicy',
      'PutRolePermissionsBoundary',
      'CreateAccessKey',
      'CreateLoginProfile',
      'CreateUser',
    ]) {
      expect(matches('IamChanges', cloudTrailEvent('iam.amazonaws.com', name))).toBe(true);
    }
    expect(matches('IamChanges', cloudTrailEvent('iam.amazonaws.com', 'GetRolePolicy'))).toBe(
      false,
    );
    expect(matches('IamChanges', cloudTrailEvent('iam.amazonaws.com', 'ListPolicies'))).toBe(false);
  });

  test('alarms when anyone stops, reconfigures or weakens the audit trail, its bucket or its log group', () => {
    const changes = [
      cloudTrailEvent('cloudtrail.amazonaws.com', 'StopLogging'),
      cloudTrailEvent('cloudtrail.amazonaws.com', 'PutEventSelectors'),
      cloudTrailEvent('cloudtrail.amazonaws.com', 'DeleteTrail'),
      cloudTrailEvent('s3.amazonaws.com', 'PutBucketPolicy', {
        requestParameters: { bucketName: trailBucket },
      }),
      cloudTrailEvent('s3.amazonaws.com', 'PutBucketLifecycle', {
        requestParameters: { bucketName: trailBucket },
      }),
      cloudTrailEvent('logs.amazonaws.com', 'DeleteMetricFilter', {
        requestParameters: { logGroupName: trailLogGroup },
      }),
      cloudTrailEvent('logs.amazonaws.com', 'PutRetentionPolicy', {
        requestParameters: { logGroupName: trailLogGroup },
      }),
    ];
    for (const event of changes) expect(matches('AuditTrailChanges', event)).toBe(true);
    expect(
      matches('AuditTrailChanges', cloudTrailEvent('cloudtrail.amazonaws.com', 'LookupEvents')),
    ).toBe(false);
    expect(
      matches(
        'AuditTrailChanges',
        cloudTrailEvent('s3.amazonaws.com', 'PutBucketPolicy', {
          requestParameters: { bucketName: 'another-bucket' },
        }),
      ),
    ).toBe(false);
    // CloudTrail's own delivery creates a stream per region.
    expect(
      matches(
        'AuditTrailChanges',
        cloudTrailEvent('logs.amazonaws.com', 'CreateLogStream', {
          requestParameters: { logGroupName: trailLogGroup },
        }),
      ),
    ).toBe(false);
  });

  test('alarms when threat detection or alarming is switched off or redirected', () => {
    const changes = [
      cloudTrailEvent('guardduty.amazonaws.com', 'DeleteDetector'),
      cloudTrailEvent('guardduty.amazonaws.com', 'UpdateDetector'),
      cloudTrailEvent('macie2.amazonaws.com', 'DisableMacie'),
      cloudTrailEvent('inspector2.amazonaws.com', 'Disable'),
      cloudTrailEvent('monitoring.amazonaws.com', 'DisableAlarmActions'),
      cloudTrailEvent('monitoring.amazonaws.com', 'DeleteAlarms'),
      cloudTrailEvent('sns.amazonaws.com', 'Unsubscribe', { requestParameters: { topicArn } }),
      cloudTrailEvent('sns.amazonaws.com', 'SetTopicAttributes', {
        requestParameters: { topicArn },
      }),
      cloudTrailEvent('events.amazonaws.com', 'DisableRule', {
        requestParameters: { name: 'spapi-dpp-prod-security-guardduty-findings' },
      }),
      cloudTrailEvent('events.amazonaws.com', 'RemoveTargets', {
        requestParameters: { rule: 'spapi-dpp-prod-security-guardduty-findings' },
      }),
    ];
    for (const event of changes) expect(matches('MonitoringChanges', event)).toBe(true);
    expect(
      matches('MonitoringChanges', cloudTrailEvent('guardduty.amazonaws.com', 'ListFindings')),
    ).toBe(false);
    expect(
      matches(
        'MonitoringChanges',
        cloudTrailEvent('events.amazonaws.com', 'DisableRule', {
          requestParameters: { name: 'nightly-report' },
        }),
      ),
    ).toBe(false);
  });

  test('alarms when a KMS key is disabled or scheduled for deletion', () => {
    expect(
      matches(
        'KmsKeyDisabledOrScheduledForDeletion',
        cloudTrailEvent('kms.amazonaws.com', 'ScheduleKeyDeletion'),
      ),
    ).toBe(true);
    expect(
      matches(
        'KmsKeyDisabledOrScheduledForDeletion',
        cloudTrailEvent('kms.amazonaws.com', 'DisableKey'),
      ),
    ).toBe(true);
    expect(
      matches(
        'KmsKeyDisabledOrScheduledForDeletion',
        cloudTrailEvent('kms.amazonaws.com', 'Decrypt'),
      ),
    ).toBe(false);
  });

  test('alarms on security group, network ACL, route, VPC, endpoint and firewall changes, not on reads', () => {
    const expectations: [string, string, string][] = [
      ['SecurityGroupChanges', 'ec2.amazonaws.com', 'AuthorizeSecurityGroupEgress'],
      ['SecurityGroupChanges', 'ec2.amazonaws.com', 'ModifySecurityGroupRules'],
      ['NetworkAclChanges', 'ec2.amazonaws.com', 'ReplaceNetworkAclEntry'],
      ['RouteTableChanges', 'ec2.amazonaws.com', 'CreateRoute'],
      ['RouteTableChanges', 'ec2.amazonaws.com', 'ReplaceRouteTableAssociation'],
      ['VpcChanges', 'ec2.amazonaws.com', 'CreateVpcPeeringConnection'],
      ['VpcChanges', 'ec2.amazonaws.com', 'AttachInternetGateway'],
      ['VpcChanges', 'ec2.amazonaws.com', 'ModifyVpcEndpoint'],
      ['VpcChanges', 'ec2.amazonaws.com', 'DeleteVpc'],
      ['FirewallChanges', 'network-firewall.amazonaws.com', 'UpdateFirewallPolicy'],
      ['FirewallChanges', 'route53resolver.amazonaws.com', 'DisassociateFirewallRuleGroup'],
      ['FirewallChanges', 'route53resolver.amazonaws.com', 'UpdateFirewallConfig'],
      ['FirewallChanges', 'route53resolver.amazonaws.com', 'CreateResolverRule'],
    ];
    for (const [metric, source, name] of expectations) {
      expect([metric, name, matches(metric, cloudTrailEvent(source, name))]).toEqual([
        metric,
        name,
        true,
      ]);
    }
    expect(
      matches(
        'SecurityGroupChanges',
        cloudTrailEvent('ec2.amazonaws.com', 'DescribeSecurityGroups'),
      ),
    ).toBe(false);
    expect(
      matches(
        'FirewallChanges',
        cloudTrailEvent('network-firewall.amazonaws.com', 'DescribeFirewall'),
      ),
    ).toBe(false);
  });

  test('alarms on a secret read, or an attempt, by anyone but the expected readers', () => {
    const read = (userIdentity: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      cloudTrailEvent('secretsmanager.amazonaws.com', 'GetSecretValue', { userIdentity, ...extra });
    expect(matches('UnexpectedSecretReads', read(assumedRole(arn(workload))))).toBe(false);
    expect(matches('UnexpectedSecretReads', read(ENGINEER))).toBe(true);
    expect(matches('UnexpectedSecretReads', read(ENGINEER, { errorCode: 'AccessDenied' }))).toBe(
      true,
    );
    expect(matches('UnexpectedSecretReads', read(IAM_USER))).toBe(true);
    expect(matches('UnexpectedSecretReads', read(ROOT))).toBe(true);
    expect(
      matches(
        'UnexpectedSecretReads',
        cloudTrailEvent('secretsmanager.amazonaws.com', 'BatchGetSecretValue', {
          userIdentity: ENGINEER,
        }),
      ),
    ).toBe(true);
    expect(
      matches(
        'UnexpectedSecretReads',
        cloudTrailEvent('secretsmanager.amazonaws.com', 'DescribeSecret'),
      ),
    ).toBe(false);
  });

  test('counts object reads and bytes read per PII bucket, and item reads per PII table', () => {
    const piiBucket = ref(data.piiBucket.bucket);
    const getObject = (bucketName: string) =>
      cloudTrailEvent('s3.amazonaws.com', 'GetObject', {
        requestParameters: { bucketName, key: 'A1/labels/x.pdf' },
        additionalEventData: { bytesTransferredOut: 52011 },
      });
    expect(matches('PiiObjectReads', getObject(piiBucket))).toBe(true);
    expect(matches('PiiObjectReads', getObject(ref(data.taxArchive.bucket)))).toBe(true);
    expect(matches('PiiObjectReads', getObject(ref(data.accessLogs.bucket)))).toBe(false);
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      MetricTransformations: [
        {
          MetricName: 'PiiObjectBytesRead',
          MetricValue: '$.additionalEventData.bytesTransferredOut',
          Dimensions: [{ Key: 'Store', Value: '$.requestParameters.bucketName' }],
        },
      ],
    });
    const tableArn = arn(data.piiTable.table);
    const itemRead = (eventName: string) =>
      cloudTrailEvent('dynamodb.amazonaws.com', eventName, {
        readOnly: true,
        resources: [{ type: 'AWS::DynamoDB::Table', ARN: tableArn }],
      });
    for (const name of ['GetItem', 'Query', 'Scan', 'BatchGetItem']) {
      expect(matches('PiiItemReads', itemRead(name))).toBe(true);
    }
    expect(matches('PiiItemReads', { ...itemRead('PutItem'), readOnly: false })).toBe(false);
  });

  test('watches each PII store for unusual retrieval with an anomaly band', () => {
    const anomaly = template.findResources('AWS::CloudWatch::Alarm', {
      Properties: {
        ComparisonOperator: 'GreaterThanUpperThreshold',
        Metrics: Match.arrayWith([
          Match.objectLike({ Expression: 'ANOMALY_DETECTION_BAND(m0, 3)' }),
        ]),
      },
    });
    expect(
      Object.values(anomaly)
        .map((a) => a.Properties.AlarmName)
        .sort(),
    ).toEqual([
      'spapi-dpp-prod-security-pii-item-reads-1',
      'spapi-dpp-prod-security-pii-object-bytes-read-1',
      'spapi-dpp-prod-security-pii-object-bytes-read-2',
      'spapi-dpp-prod-security-pii-object-reads-1',
      'spapi-dpp-prod-security-pii-object-reads-2',
      'spapi-dpp-prod-security-pii-read-capacity-1',
    ]);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'spapi-dpp-prod-security-pii-read-capacity-1',
      Metrics: Match.arrayWith([
        Match.objectLike({
          MetricStat: Match.objectLike({
            Metric: {
              Namespace: 'AWS/DynamoDB',
              MetricName: 'ConsumedReadCapacityUnits',
              Dimensions: [{ Name: 'TableName', Value: { Ref: logicalId(data.piiTable.table) } }],
            },
          }),
        }),
      ]),
    });
  });

  test('alarms on flows the egress firewall blocked and queries the DNS Firewall blocked', () => {
    const alert = (action: string) => ({
      firewall_name: 'spapi-dpp-prod-egress',
      event: {
        event_type: 'alert',
        alert: { action, signature: 'aws:alert_established' },
        dest_port: 443,
      },
    });
    expect(matches('NetworkFirewallBlocked', alert('blocked'))).toBe(true);
    expect(matches('NetworkFirewallBlocked', alert('allowed'))).toBe(false);
    const query = (action: string) => ({
      query_name: 'c2VjcmV0.attacker.example.',
      rcode: action === 'BLOCK' ? 'NXDOMAIN' : 'NOERROR',
      firewall_rule_action: action,
    });
    expect(matches('DnsFirewallBlocked', query('BLOCK'))).toBe(true);
    expect(matches('DnsFirewallBlocked', query('ALLOW'))).toBe(false);
    expect(matches('DnsFirewallBlocked', { query_name: 'x.', rcode: 'NOERROR' })).toBe(false);
  });

  test('keeps every filter pattern within the 1024 characters CloudWatch accepts, names at their longest', () => {
    const longest = physicalOf(stack, template);
    const stretched = {
      ...longest,
      refs: Object.fromEntries(
        Object.entries(longest.refs!).map(([k, v]) => [
          k,
          v.startsWith('arn:') ? v : v.padEnd(63, 'x'),
        ]),
      ),
      attributes: Object.fromEntries(
        Object.entries(longest.attributes!).map(([k, v]) => [k, `${v}${'x'.repeat(64)}`]),
      ),
    };
    for (const [name, { pattern }] of Object.entries(metricFilters(template, stretched))) {
      expect([name, pattern.length <= 1024]).toEqual([name, true]);
    }
  });
});

describe('SecurityAlarms settings', () => {
  const build = (readers: number) => {
    const stack = testStack(`Readers${readers}`);
    const topic = new SecurityAlarmTopic(stack, 'Topic', { namePrefix: 'p' });
    return new SecurityAlarms(stack, 'Alarms', {
      topic,
      trailLogGroup: new logs.LogGroup(stack, 'Trail'),
      trailBucket: new s3.Bucket(stack, 'TrailBucket'),
      piiBuckets: [],
      piiTables: [],
      expectedSecretReaders: Array.from({ length: readers }, (_, i) =>
        iam.Role.fromRoleName(stack, `Reader${i}`, `reader-${i}`),
      ),
      unauthorizedCallThreshold: 10,
    });
  };

  test('takes the thresholds it is given', () => {
    const alarms = build(1);
    Template.fromStack(Stack.of(alarms)).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'p-security-unauthorized-api-calls',
      Threshold: 10,
    });
  });

  test('alarms on every secret read when no reader is expected', () => {
    const alarms = build(0);
    const template = Template.fromStack(Stack.of(alarms));
    const filters = metricFilters(template, physicalOf(Stack.of(alarms), template));
    const read = cloudTrailEvent('secretsmanager.amazonaws.com', 'GetSecretValue', {
      userIdentity: assumedRole(`arn:aws:iam::${ACCOUNT}:role/anything`),
    });
    expect(filters.UnexpectedSecretReads.matches(read)).toBe(true);
  });

  test('fails at synth with a threshold that could never or would always raise its alarm', () => {
    const stack = testStack('BadThreshold');
    const props = {
      topic: new SecurityAlarmTopic(stack, 'Topic', { namePrefix: 'p' }),
      trailLogGroup: new logs.LogGroup(stack, 'Trail'),
      trailBucket: new s3.Bucket(stack, 'TrailBucket'),
      piiBuckets: [],
      piiTables: [],
    };
    expect(
      () => new SecurityAlarms(stack, 'Zero', { ...props, unauthorizedCallThreshold: 0 }),
    ).toThrow('BadThreshold/Zero: unauthorizedCallThreshold 0 is not a whole number of at least 1');
    expect(() => new SecurityAlarms(stack, 'Band', { ...props, anomalyBandWidth: -1 })).toThrow(
      'BadThreshold/Band: anomalyBandWidth -1 is not a positive number of standard deviations',
    );
  });

  test('fails at synth with more expected secret readers than a filter pattern holds', () => {
    expect(() => build(MAX_EXPECTED_SECRET_READERS + 1)).toThrow(
      `Readers6/Alarms: 6 roles are expected to read secrets; the secret-read alarm's filter pattern holds at most ${MAX_EXPECTED_SECRET_READERS}`,
    );
  });

  test('expects the readers granted after the alarms were built (a workload role, by ARN)', () => {
    const granted: string[] = [];
    const stack = testStack('LateReaders');
    new SecurityAlarms(stack, 'Alarms', {
      topic: new SecurityAlarmTopic(stack, 'Topic', { namePrefix: 'p' }),
      trailLogGroup: new logs.LogGroup(stack, 'Trail'),
      trailBucket: new s3.Bucket(stack, 'TrailBucket'),
      piiBuckets: [],
      piiTables: [],
      expectedSecretReadersOf: { secretReaderArns: () => granted },
    });
    const workloadRole = `arn:aws:iam::${ACCOUNT}:role/spapi-dpp/test/workloads/spapi-dpp-test-order-sync`;
    // Granted once the alarms exist, as a workload stack built after the baseline is.
    granted.push(workloadRole);
    const template = Template.fromStack(stack);
    const filters = metricFilters(template, physicalOf(stack, template));
    const read = (roleArn: string) =>
      cloudTrailEvent('secretsmanager.amazonaws.com', 'GetSecretValue', {
        userIdentity: assumedRole(roleArn),
      });
    expect(filters.UnexpectedSecretReads.matches(read(workloadRole))).toBe(false);
    // The same name outside the workload path is another role: it alarms.
    expect(
      filters.UnexpectedSecretReads.matches(
        read(`arn:aws:iam::${ACCOUNT}:role/spapi-dpp-test-order-sync`),
      ),
    ).toBe(true);
  });
});
