import { CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { SecurityAlarmTopic } from '../../../constructs/audit';
import { testStack } from '../../helpers';
import { constructPackViolations } from '../../composition-rules';
import { Caller, Request, concrete, evaluate } from '../../simulators/iam-policy';
import { physicalOf } from '../../simulators/physical';

const ACCOUNT = '123456789012';
const ALARM = (name: string, account = ACCOUNT) =>
  `arn:aws:cloudwatch:eu-west-1:${account}:alarm:${name}`;
const RULE = (name: string, account = ACCOUNT) =>
  `arn:aws:events:eu-west-1:${account}:rule/${name}`;

describe('SecurityAlarmTopic', () => {
  const stack = testStack('Topic');
  const topic = new SecurityAlarmTopic(stack, 'Topic', {
    namePrefix: 'spapi-dpp-prod',
    subscriptions: [new subscriptions.EmailSubscription('security-oncall@example.com')],
  });
  const alarm = new cloudwatch.Alarm(stack, 'Alarm', {
    alarmName: topic.alarmName('root-account-use'),
    metric: new cloudwatch.Metric({ namespace: topic.metricNamespace, metricName: 'M' }),
    threshold: 1,
    evaluationPeriods: 1,
  });
  alarm.addAlarmAction(topic.alarmAction);
  new events.Rule(stack, 'Rule', {
    ruleName: topic.ruleName('guardduty-findings'),
    eventPattern: { source: ['aws.guardduty'] },
    targets: [topic.eventTarget(events.RuleTargetInput.fromText('finding'))],
  });
  const template = Template.fromStack(stack);
  const physical = physicalOf(stack, template);
  const id = (construct: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(construct.node.defaultChild as CfnElement);
  const topicArn = physical.refs![id(topic.topic)];
  const topicPolicy = () =>
    concrete(
      Object.values(template.findResources('AWS::SNS::TopicPolicy'))[0].Properties.PolicyDocument,
      physical,
    ) as { Statement: unknown };
  const keyPolicy = () =>
    concrete(template.toJSON().Resources[id(topic.key)].Properties.KeyPolicy, physical) as {
      Statement: unknown;
    };
  const service = (name: string): Caller => ({ kind: 'service', service: name });
  const publishes = (caller: Caller, sourceArn: string, account = ACCOUNT, secure = true) => {
    const context = {
      'aws:SourceArn': sourceArn,
      'aws:SourceAccount': account,
      'aws:SecureTransport': secure,
    };
    const publish: Request = { caller, action: 'sns:Publish', resource: topicArn, context };
    const encrypt: Request = {
      caller,
      action: 'kms:GenerateDataKey',
      resource: '*',
      context,
    };
    const options = { resourceAccount: ACCOUNT };
    return (
      evaluate(topicPolicy(), publish, { ...options, iamDelegation: true }) === 'allow' &&
      evaluate(keyPolicy(), encrypt, { ...options, iamDelegation: false }) === 'allow'
    );
  };

  test('is encrypted with its own rotated key and named for the environment', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: 'spapi-dpp-prod-security-alarms',
      KmsMasterKeyId: { 'Fn::GetAtt': [id(topic.key), 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: 'alias/spapi-dpp-prod-security-alarms',
    });
  });

  test('notifies its subscribers', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'security-oncall@example.com',
      TopicArn: { Ref: id(topic.topic) },
    });
  });

  test("receives this environment's alarms and event rules", () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: [{ Ref: id(topic.topic) }],
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [{ Arn: { Ref: id(topic.topic) }, Input: '"finding"' }],
    });
    const cloudWatch = service('cloudwatch.amazonaws.com');
    const eventBridge = service('events.amazonaws.com');
    expect(publishes(cloudWatch, ALARM('spapi-dpp-prod-security-root-account-use'))).toBe(true);
    expect(publishes(eventBridge, RULE('spapi-dpp-prod-security-guardduty-findings'))).toBe(true);
  });

  test("refuses another account's alarms, alarms of another environment and plain-text publishing", () => {
    const cloudWatch = service('cloudwatch.amazonaws.com');
    expect(
      publishes(cloudWatch, ALARM('spapi-dpp-prod-security-x', '999999999999'), '999999999999'),
    ).toBe(false);
    expect(publishes(cloudWatch, ALARM('spapi-dpp-test-security-root-account-use'))).toBe(false);
    expect(publishes(cloudWatch, ALARM('billing-alarm'))).toBe(false);
    expect(publishes(service('events.amazonaws.com'), RULE('someone-elses-rule'))).toBe(false);
    expect(
      publishes(cloudWatch, ALARM('spapi-dpp-prod-security-root-account-use'), ACCOUNT, false),
    ).toBe(false);
  });

  test('gives no principal of the account use of the key through IAM', () => {
    const engineer: Caller = {
      kind: 'aws',
      arn: `arn:aws:iam::${ACCOUNT}:role/Administrator`,
      account: ACCOUNT,
      identityAllows: true,
    };
    for (const action of ['kms:Decrypt', 'kms:GenerateDataKey']) {
      expect(
        evaluate(
          keyPolicy(),
          { caller: engineer, action, resource: '*' },
          { iamDelegation: false, resourceAccount: ACCOUNT },
        ),
      ).toBe('implicit-deny');
    }
  });

  test('passes every check of the three packs', () => {
    const clean = testStack('TopicPacks');
    new SecurityAlarmTopic(clean, 'Topic', { namePrefix: 'spapi-dpp-prod' });
    expect(constructPackViolations(clean)).toEqual([]);
  });
});
