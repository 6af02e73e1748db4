import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { BaselineAccess } from '../../../constructs/access';
import { constructPackViolations } from '../../composition-rules';
import { accessProps, dataStack, identityAccount } from './fixture';

/** BaselineAccess as an environment with less wired (or a mistake in its props) builds it. */
function build(overrides: Parameters<typeof accessProps>[1], id = 'Options') {
  const fixture = dataStack(id);
  const access = new BaselineAccess(fixture.stack, 'Access', accessProps(fixture, overrides));
  return { access, template: Template.fromStack(fixture.stack) };
}

describe('BaselineAccess options', () => {
  test('leaves the password policy to another environment: no custom resource, and no role may change it', () => {
    const { access, template } = build({ passwordPolicy: { ownership: 'another-environment' } });
    expect(access.passwordPolicy).toBeUndefined();
    template.resourceCountIs('Custom::AccountPasswordPolicy', 0);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'DenyPasswordPolicyChanges',
            Effect: 'Deny',
            Action: ['iam:DeleteAccountPasswordPolicy', 'iam:UpdateAccountPasswordPolicy'],
            Resource: '*',
          },
        ]),
      },
    });
  });

  test('counts break-glass assumptions without an alarm until there is a security topic', () => {
    const { access, template } = build({ securityTopic: undefined });
    expect(access.breakGlassAlarm?.alarm).toBeUndefined();
    template.resourceCountIs('AWS::Logs::MetricFilter', 1);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
  });

  test('has nothing to count from until the trail exists', () => {
    const { access, template } = build({ securityTopic: undefined, trailLogGroup: undefined });
    expect(access.breakGlassAlarm).toBeUndefined();
    template.resourceCountIs('AWS::Logs::MetricFilter', 0);
  });

  test('refuses a security topic without the trail to detect from', () => {
    expect(() => build({ trailLogGroup: undefined })).toThrow(
      'securityTopic is given without trailLogGroup',
    );
  });

  test('lets the auditor read objects of no bucket when there is no trail bucket', () => {
    const { template } = build({ trailBucket: undefined });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'NoObjectsButTheTrail',
            Effect: 'Deny',
            Action: ['s3:GetObject*', 's3:RestoreObject'],
            Resource: '*',
          },
        ]),
      },
    });
  });

  test('caps break-glass sessions at an hour', () => {
    expect(() =>
      build({
        breakGlass: { principals: [identityAccount()], maxSessionDuration: Duration.hours(2) },
      }),
    ).toThrow('breakGlass maxSessionDuration 2 hours is longer than 1 hour');
  });

  test('keeps other regions out of the boundary but those given', () => {
    const { template } = build({ regions: ['eu-west-1', 'eu-central-1'] });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'DenyOutsideTheEnvironmentsRegions',
            Condition: {
              StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] },
            },
          }),
        ]),
      },
    });
  });
});

describe('BaselineAccess with the auditor limited to named log groups', () => {
  test('lets the auditor read those log groups only, and still passes the three packs', () => {
    const fixture = dataStack('NamedLogs');
    const flowLogs = logs.LogGroup.fromLogGroupName(fixture.stack, 'FlowLogs', 'flow-logs');
    new BaselineAccess(
      fixture.stack,
      'Access',
      accessProps(fixture, { auditorLogGroups: [flowLogs] }),
    );
    const template = Template.fromStack(fixture.stack);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'ReadLogs',
            Resource: 'arn:aws:logs:eu-west-1:123456789012:log-group:flow-logs:*',
          }),
        ]),
      },
    });
    expect(constructPackViolations(fixture.stack)).toEqual([]);
  });
});
