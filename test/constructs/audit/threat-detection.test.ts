import { CfnElement, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { IConstruct } from 'constructs';
import {
  AccountSecurityServices,
  SecurityAlarmTopic,
  ThreatDetection,
} from '../../../constructs/audit';
import { DataClassKeys } from '../../../constructs/keys';
import { acknowledgementsUnder, testStack } from '../../helpers';
import { matchesPattern } from '../../simulators/event-pattern';
import { concrete } from '../../simulators/iam-policy';
import { physicalOf } from '../../simulators/physical';
import { auditStack } from './audit-stack';

describe('ThreatDetection owned by this stack', () => {
  const { stack, audit, data } = auditStack('Threats');
  const template = Template.fromStack(stack);
  const physical = physicalOf(stack, template);
  const logicalId = (construct: IConstruct) =>
    stack.getLogicalId(construct.node.defaultChild as CfnElement);
  const ruleNamed = (name: string) => {
    const [rule] = Object.values(
      template.findResources('AWS::Events::Rule', { Properties: { Name: name } }),
    );
    return {
      rule,
      matches: (event: unknown) =>
        matchesPattern(concrete(rule.Properties.EventPattern, physical) as never, event),
    };
  };

  test('enables GuardDuty with S3 protection, retained with its findings', () => {
    template.hasResource('AWS::GuardDuty::Detector', {
      DeletionPolicy: 'Retain',
      Properties: {
        Enable: true,
        FindingPublishingFrequency: 'FIFTEEN_MINUTES',
        Features: [{ Name: 'S3_DATA_EVENTS', Status: 'ENABLED' }],
      },
    });
  });

  test('enables Macie with automated sensitive data discovery', () => {
    template.hasResourceProperties('AWS::Macie::Session', { Status: 'ENABLED' });
    template.hasResourceProperties('Custom::AWS', {
      Create: Match.serializedJson(
        Match.objectLike({
          service: 'Macie2',
          action: 'updateAutomatedDiscoveryConfiguration',
          parameters: { status: 'ENABLED' },
        }),
      ),
    });
  });

  test("enables Inspector for the account's Lambda functions, packages and code (DPP 2.7), and leaves it on when the stack goes", () => {
    template.hasResourceProperties('Custom::AWS', {
      Create: Match.serializedJson(
        Match.objectLike({
          service: 'Inspector2',
          action: 'enable',
          parameters: { resourceTypes: ['LAMBDA', 'LAMBDA_CODE'] },
        }),
      ),
      Delete: Match.absent(),
    });
  });

  test('routes GuardDuty findings of medium severity and above to the security topic', () => {
    const { rule, matches } = ruleNamed('spapi-dpp-prod-security-guardduty-findings');
    expect(rule.Properties.Targets[0].Arn).toEqual({ Ref: logicalId(audit.topic.topic) });
    expect(rule.Properties.Description).toMatch(/incident-response\.md#threat-detection-finding$/);
    const finding = (severity: number) => ({
      source: 'aws.guardduty',
      'detail-type': 'GuardDuty Finding',
      detail: { severity, type: 'Exfiltration:S3/AnomalousBehavior' },
    });
    expect(matches(finding(2))).toBe(false);
    expect(matches(finding(3.9))).toBe(false);
    expect(matches(finding(4))).toBe(true);
    expect(matches(finding(8.5))).toBe(true);
    expect(matches({ ...finding(8), source: 'aws.macie' })).toBe(false);
  });

  test('raises an alarm when Macie finds sensitive data in a bucket that is not a PII bucket', () => {
    const { rule, matches } = ruleNamed('spapi-dpp-prod-security-pii-outside-boundary');
    expect(rule.Properties.Targets[0].Arn).toEqual({ Ref: logicalId(audit.topic.topic) });
    const finding = (bucket: string, type = 'SensitiveData:S3Object/Personal') => ({
      source: 'aws.macie',
      'detail-type': 'Macie Finding',
      detail: { type, resourcesAffected: { s3Bucket: { name: bucket } } },
    });
    const name = (construct: IConstruct) => physical.refs![logicalId(construct)];
    expect(matches(finding(name(data.accessLogs.bucket)))).toBe(true);
    expect(matches(finding(name(audit.trail.bucket.bucket)))).toBe(true);
    expect(matches(finding('an-export-someone-made'))).toBe(true);
    expect(matches(finding(name(data.piiBucket.bucket)))).toBe(false);
    expect(matches(finding(name(data.taxArchive.bucket)))).toBe(false);
    expect(matches(finding('x', 'Policy:IAMUser/S3BlockPublicAccessDisabled'))).toBe(false);
  });

  test('routes active high and critical Inspector findings to the vulnerability runbook', () => {
    const { rule, matches } = ruleNamed('spapi-dpp-prod-security-inspector-findings');
    expect(rule.Properties.Description).toMatch(/vulnerability-management\.md#inspector-finding$/);
    const finding = (severity: string, status = 'ACTIVE') => ({
      source: 'aws.inspector2',
      'detail-type': 'Inspector2 Finding',
      detail: { severity, status },
    });
    expect(matches(finding('CRITICAL'))).toBe(true);
    expect(matches(finding('HIGH'))).toBe(true);
    expect(matches(finding('MEDIUM'))).toBe(false);
    expect(matches(finding('CRITICAL', 'CLOSED'))).toBe(false);
  });

  test('sends a message that names the finding and the runbook section', () => {
    const { rule } = ruleNamed('spapi-dpp-prod-security-guardduty-findings');
    const transformer = rule.Properties.Targets[0].InputTransformer;
    expect(transformer.InputPathsMap).toMatchObject({
      'detail-type': '$.detail.type',
      'detail-severity': '$.detail.severity',
    });
    expect(transformer.InputTemplate).toContain(
      'Runbook: docs/runbooks/incident-response.md#threat-detection-finding',
    );
  });
});

describe('ThreatDetection switches and ownership', () => {
  const build = (
    id: string,
    accountServices: AccountSecurityServices,
    removalPolicy?: RemovalPolicy,
  ) => {
    const stack = testStack(id);
    const keys = new DataClassKeys(stack, 'Keys', { projectName: 'p', environmentName: 'test' });
    const topic = new SecurityAlarmTopic(stack, 'Topic', { namePrefix: 'p-test' });
    new ThreatDetection(stack, 'Threats', {
      topic,
      accountServices,
      piiBuckets: [],
      logEncryptionKey: keys.auditLogs,
      logRetentionDays: 90,
      removalPolicy,
    });
    return stack;
  };

  test('switches the services off when a destroyable stack goes (test environments)', () => {
    const template = Template.fromStack(
      build(
        'Destroy',
        { ownership: 'this-stack', guardDuty: true, macie: true, inspector: true },
        RemovalPolicy.DESTROY,
      ),
    );
    template.hasResource('AWS::GuardDuty::Detector', { DeletionPolicy: 'Delete' });
    template.hasResourceProperties('Custom::AWS', {
      Delete: Match.serializedJson(Match.objectLike({ service: 'Inspector2', action: 'disable' })),
    });
  });

  test('creates none of the account-level services when every switch is off', () => {
    const template = Template.fromStack(
      build('Off', { ownership: 'this-stack', guardDuty: false, macie: false, inspector: false }),
    );
    template.resourceCountIs('AWS::GuardDuty::Detector', 0);
    template.resourceCountIs('AWS::Macie::Session', 0);
    template.resourceCountIs('Custom::AWS', 0);
    // The routes stay: findings of the account still reach this environment's topic.
    template.resourceCountIs('AWS::Events::Rule', 3);
  });

  test('creates none of them, and says who owns them, when another stack of the account does', () => {
    const stack = build('Delegated', {
      ownership: 'another-stack',
      ownerStackName: 'spapi-dpp-prod-baseline',
    });
    const made = acknowledgementsUnder(Stack.of(stack));
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::GuardDuty::Detector', 0);
    template.resourceCountIs('AWS::Macie::Session', 0);
    template.resourceCountIs('AWS::Events::Rule', 3);
    expect(made).toContainEqual({
      path: Stack.of(stack).node.path,
      ruleId: 'DPP-GuardDutyEnabled',
      reason: expect.stringContaining('owned by spapi-dpp-prod-baseline'),
    });
  });

  test('fails at synth when the owning stack is not named', () => {
    expect(() => build('Unnamed', { ownership: 'another-stack', ownerStackName: ' ' })).toThrow(
      'Unnamed/Threats: accountServices.ownerStackName is empty',
    );
  });
});
