import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AccessReviewSchedule } from '../../../constructs/access';
import { DataClassKey } from '../../../constructs/keys';
import { ACCESS_REVIEW_PERMISSIONS } from '../../../constructs/access/functions/access-review';
import { testApp, testStack } from '../../helpers';
import { constructPackViolations } from '../../composition-rules';

const app = testApp({ 'aws:cdk:bundling-stacks': [] });

function scheduled(id: string, mode?: 'dry-run' | 'enforce') {
  const stack = testStack(id, app);
  // As the stack's security topic key: use named in the key policy, never through IAM alone.
  const key = new DataClassKey(stack, 'Key', {
    aliasName: `alias/${id}-security`,
    description: 'Security topic',
    services: [],
  });
  const topic = new sns.Topic(stack, 'Topic', { masterKey: key });
  const schedule = new AccessReviewSchedule(stack, 'AccessReview', {
    environmentName: 'prod',
    secretPrefixes: ['spapi-dpp/prod/'],
    breakGlassRoleNames: ['spapi-dpp-prod-break-glass'],
    ...(mode ? { mode } : {}),
    topic,
    topicKey: key,
    logEncryptionKey: key,
    logRetentionDays: 365,
  });
  return { stack, schedule };
}

const built = { dryRun: scheduled('DryRun'), enforcing: scheduled('Enforcing', 'enforce') };
const dryRun = { ...built.dryRun, template: Template.fromStack(built.dryRun.stack) };
const enforcing = { ...built.enforcing, template: Template.fromStack(built.enforcing.stack) };

/** Every action the review function's role is allowed, with its resources. */
function allowed(template: Template): { actions: string[]; resources: unknown }[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p) =>
    (p.Properties.PolicyDocument.Statement as any[])
      .filter((s) => s.Effect === 'Allow')
      .map((s) => ({ actions: [s.Action].flat(), resources: s.Resource })),
  );
}

describe('AccessReviewSchedule (DPP 1.2)', () => {
  test('runs every 7 days, outside the VPC, with no retry and one run at a time', () => {
    dryRun.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(7 days)',
      Targets: [Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 0 } })],
    });
    dryRun.template.hasResourceProperties('AWS::Lambda::Function', {
      Architectures: ['arm64'],
      ReservedConcurrentExecutions: 1,
      Environment: {
        Variables: Match.objectLike({
          ACCESS_REVIEW_MODE: 'dry-run',
          ACCESS_REVIEW_SECRET_PREFIXES: 'spapi-dpp/prod/',
          ACCESS_REVIEW_BREAK_GLASS_ROLES: 'spapi-dpp-prod-break-glass',
        }),
      },
    });
    const fn = Object.values(dryRun.template.findResources('AWS::Lambda::Function'))[0];
    expect(fn.Properties.VpcConfig).toBeUndefined();
  });

  test('fails if a dry run could change anything: it may only read the account', () => {
    const actions = allowed(dryRun.template).flatMap((s) => s.actions);
    for (const grant of ACCESS_REVIEW_PERMISSIONS.read) {
      for (const action of grant.actions) expect(actions).toContain(action);
    }
    for (const grant of ACCESS_REVIEW_PERMISSIONS.enforce) {
      for (const action of grant.actions) expect(actions).not.toContain(action);
    }
    expect(actions.filter((a) => /^iam:(Update|Delete|Create|Put|Attach)/.test(a))).toEqual([]);
  });

  test('in enforce mode may lock out users of this account only, and nothing more', () => {
    const userActions = allowed(enforcing.template).filter((s) =>
      s.actions.includes('iam:UpdateAccessKey'),
    );
    expect(userActions).toHaveLength(1);
    expect(JSON.stringify(userActions[0].resources)).toContain(':user/*');
    const writes = allowed(enforcing.template)
      .flatMap((s) => s.actions)
      .filter((a) => /^iam:(Update|Delete|Create|Put|Attach)/.test(a));
    expect(writes.sort()).toEqual(['iam:DeleteLoginProfile', 'iam:UpdateAccessKey']);
  });

  test('raises an alarm on the security topic when a run fails', () => {
    dryRun.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('Topic') }],
    });
  });

  test('leaves no finding of the three packs unacknowledged on its own resources', () => {
    const own = constructPackViolations(dryRun.stack)
      .map((v) => ({ ...v, paths: v.paths.filter((p) => p.includes('/AccessReview/')) }))
      .filter((v) => v.paths.length > 0);
    expect(own).toEqual([]);
  });
});
