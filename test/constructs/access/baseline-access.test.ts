import { Match, Template } from 'aws-cdk-lib/assertions';
import { BaselineAccess } from '../../../constructs/access';
import { constructPackViolations, withoutCompositionRules } from '../../composition-rules';
import {
  acknowledgementsUnder,
  allPackViolationsIgnoringAcknowledgements,
  staleAcknowledgements,
} from '../../helpers';
import { accessProps, dataStack, IDENTITY_ACCOUNT, ORG_ID, PREFIX, roleName } from './fixture';
import { IamSimulator } from './iam-simulator';

const fixture = dataStack();
const access = new BaselineAccess(fixture.stack, 'Access', accessProps(fixture));
const template = Template.fromStack(fixture.stack);
const json = template.toJSON();
const iam = new IamSimulator(json);

const roles = Object.entries(json.Resources as Record<string, any>).filter(
  ([, r]) => r.Type === 'AWS::IAM::Role',
);

describe('BaselineAccess', () => {
  test('creates one role per job function, named for it and tagged as a human role', () => {
    for (const fn of [
      'fulfillment-operator',
      'tax-officer',
      'security-auditor',
      'platform-administrator',
      'break-glass',
    ]) {
      template.hasResourceProperties('AWS::IAM::Role', {
        RoleName: roleName(fn),
        MaxSessionDuration: 3600,
        Tags: Match.arrayWith([
          { Key: 'AccessPrincipal', Value: 'human' },
          { Key: 'JobFunction', Value: fn },
        ]),
      });
    }
  });

  test('admits Identity Center permission sets of the organization, without an MFA key they cannot carry', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: roleName('fulfillment-operator'),
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::123456789012:root' },
            Condition: {
              ArnLike: {
                'aws:PrincipalArn': [
                  'arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_FulfillmentOperator_*',
                ],
              },
              StringEquals: { 'aws:PrincipalOrgID': ORG_ID },
            },
          },
        ],
      },
      Tags: Match.arrayWith([{ Key: 'MfaEnforcedBy', Value: 'identity-provider' }]),
    });
  });

  test('admits break-glass principals of the identity account only with recent MFA', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: roleName('break-glass'),
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${IDENTITY_ACCOUNT}:root` },
            Condition: {
              Bool: { 'aws:MultiFactorAuthPresent': 'true' },
              NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' },
              StringEquals: { 'aws:PrincipalOrgID': ORG_ID },
              ArnLike: { 'aws:PrincipalArn': [`arn:aws:iam::${IDENTITY_ACCOUNT}:role/BreakGlass`] },
            },
          },
        ],
      },
      Tags: Match.arrayWith([{ Key: 'MfaEnforcedBy', Value: 'trust-policy' }]),
    });
  });

  test('puts the one permissions boundary on every role of the stack, provider and data roles included', () => {
    const boundaryId = template.findResources('AWS::IAM::ManagedPolicy', {
      Properties: { ManagedPolicyName: `${PREFIX}-permissions-boundary` },
    });
    const [id] = Object.keys(boundaryId);
    expect(roles.length).toBeGreaterThanOrEqual(9);
    for (const [, role] of roles) expect(role.Properties.PermissionsBoundary).toEqual({ Ref: id });
  });

  test('creates no IAM user, group or access key', () => {
    for (const type of ['AWS::IAM::User', 'AWS::IAM::Group', 'AWS::IAM::AccessKey']) {
      template.resourceCountIs(type, 0);
    }
  });

  test('counts every attempt to assume break-glass from the trail and alarms on the security topic', () => {
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: 'spapi-dpp-prod-trail',
      FilterPattern: Match.stringLikeRegexp(
        `\\$\\.eventSource = "sts\\.amazonaws\\.com".*AssumeRoleWithSAML.*AssumeRoleWithWebIdentity.*\\$\\.requestParameters\\.roleArn = "arn:aws:iam::123456789012:role/${roleName('break-glass')}"`,
      ),
      MetricTransformations: [
        Match.objectLike({ MetricName: 'BreakGlassRoleAssumed', MetricValue: '1' }),
      ],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'BreakGlassRoleAssumed',
      Namespace: `${PREFIX}/Access`,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: ['arn:aws:sns:eu-west-1:123456789012:security'],
    });
  });

  test('admits the tax officer among the tax archive readers', () => {
    const policies = template.findResources('AWS::S3::BucketPolicy');
    const deny = Object.values(policies)
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement)
      .find((s: any) => s.Sid === 'DenyReadsExceptByReaderRole');
    expect(deny.Condition.ArnNotEquals['aws:PrincipalArn']).toEqual([
      { 'Fn::GetAtt': [expect.stringMatching(/^DataTaxArchiveReaderRole/), 'Arn'] },
      { 'Fn::GetAtt': [expect.stringMatching(/^AccessRolesTaxOfficer/), 'Arn'] },
    ]);
    expect(access.roles.taxOfficer.roleName).toBeDefined();
  });

  test('passes every check of the three packs, the access rules included', () => {
    expect(constructPackViolations(fixture.stack)).toEqual([]);
  });

  test('acknowledges only findings the packs really report', () => {
    const mine = acknowledgementsUnder(access);
    expect(mine.length).toBeGreaterThan(10);
    const violations = withoutCompositionRules(
      allPackViolationsIgnoringAcknowledgements(fixture.stack),
    );
    expect(staleAcknowledgements(mine, violations)).toEqual([]);
  });
});

describe('separation of duties, tried as an attacker would', () => {
  const arnOf = (prefix: string) => {
    const id = Object.keys(json.Resources).find((k) => k.startsWith(prefix));
    return iam.arn(id!);
  };
  const piiObject = `${arnOf('DataPiiBucket')}/A1B2C3/label.pdf`;
  const archiveObject = `${arnOf('DataTaxArchive')}/2024/invoices.zip`;
  const piiTable = arnOf('DataPiiTable');
  const piiKey = arnOf('KeysPii');
  const secret = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:spapi-dpp-prod/lwa-AbCdEf';
  const parameter = 'arn:aws:ssm:eu-west-1:123456789012:parameter/spapi-dpp/refresh-token';
  const inRegion = { 'aws:RequestedRegion': 'eu-west-1' };
  const reads = [
    { action: 's3:GetObject', resource: piiObject },
    { action: 's3:GetObjectVersion', resource: piiObject },
    { action: 's3:RestoreObject', resource: archiveObject },
    { action: 's3:GetObject', resource: archiveObject },
    { action: 'dynamodb:GetItem', resource: piiTable },
    { action: 'dynamodb:Query', resource: piiTable },
    { action: 'dynamodb:Scan', resource: piiTable },
    { action: 'dynamodb:ExportTableToPointInTime', resource: piiTable },
    { action: 'secretsmanager:GetSecretValue', resource: secret },
    { action: 'ssm:GetParameter', resource: parameter },
  ];

  test.each(reads)(
    'the platform administrator is refused $action on $resource by an explicit Deny',
    (request) => {
      // AWS managed policies count as allowing everything: the Deny must still win.
      expect(
        iam.decide(roleName('platform-administrator'), { ...request, context: inRegion }),
      ).toBe('explicit-deny');
    },
  );

  test('the platform administrator cannot decrypt, re-grant or re-open what protects PII', () => {
    const admin = roleName('platform-administrator');
    for (const request of [
      { action: 'kms:Decrypt', resource: piiKey },
      { action: 'kms:CreateGrant', resource: piiKey },
      { action: 'kms:PutKeyPolicy', resource: piiKey },
      { action: 's3:PutBucketPolicy', resource: arnOf('DataPiiBucket') },
      { action: 'sts:AssumeRole', resource: iam.arn(iam.roleId(roleName('fulfillment-operator'))) },
      { action: 'sts:AssumeRole', resource: iam.arn(iam.roleId(roleName('tax-officer'))) },
      { action: 'sts:AssumeRole', resource: arnOf('DataDeletionRole') },
    ]) {
      expect([request.action, iam.decide(admin, { ...request, context: inRegion })]).toEqual([
        request.action,
        'explicit-deny',
      ]);
    }
  });

  test('the platform administrator deploys through the CDK bootstrap roles and operates stacks', () => {
    const admin = roleName('platform-administrator');
    const allowed = (action: string, resource: string) =>
      iam.decide(admin, { action, resource, context: inRegion }, 'ignore');
    expect(
      allowed(
        'sts:AssumeRole',
        'arn:aws:iam::123456789012:role/cdk-hnb659fds-deploy-role-123456789012-eu-west-1',
      ),
    ).toBe('allowed');
    expect(
      allowed(
        'cloudformation:ExecuteChangeSet',
        'arn:aws:cloudformation:eu-west-1:123456789012:stack/spapi-dpp-prod-baseline/abc',
      ),
    ).toBe('allowed');
    expect(allowed('iam:CreateUser', '*')).toBe('explicit-deny');
  });

  test.each(reads.filter((r) => !r.resource.includes('archive')))(
    'the security auditor is refused $action on $resource by an explicit Deny',
    (request) => {
      expect(iam.decide(roleName('security-auditor'), { ...request, context: inRegion })).toBe(
        'explicit-deny',
      );
    },
  );

  test('the security auditor reads the trail, logs, findings and the credential report', () => {
    const auditor = roleName('security-auditor');
    const decide = (action: string, resource: string) =>
      iam.decide(auditor, { action, resource, context: inRegion }, 'ignore');
    expect(
      decide('s3:GetObject', 'arn:aws:s3:::spapi-dpp-prod-trail/AWSLogs/123456789012/x.json.gz'),
    ).toBe('allowed');
    expect(
      decide('logs:FilterLogEvents', 'arn:aws:logs:eu-west-1:123456789012:log-group:app:*'),
    ).toBe('allowed');
    expect(decide('guardduty:GetFindings', '*')).toBe('allowed');
    expect(decide('iam:GetCredentialReport', '*')).toBe('allowed');
    expect(decide('secretsmanager:DescribeSecret', secret)).toBe('allowed');
  });

  test('the fulfillment operator reads and writes the PII stores, and nothing else', () => {
    const operator = roleName('fulfillment-operator');
    const decide = (action: string, resource: string) =>
      iam.decide(operator, { action, resource, context: inRegion });
    expect(decide('dynamodb:GetItem', piiTable)).toBe('allowed');
    expect(decide('dynamodb:PutItem', piiTable)).toBe('allowed');
    expect(decide('s3:GetObject', piiObject)).toBe('allowed');
    expect(decide('s3:PutObject', piiObject)).toBe('allowed');
    expect(decide('s3:GetObject', archiveObject)).toBe('implicit-deny');
    expect(decide('dynamodb:GetItem', 'arn:aws:dynamodb:eu-west-1:123456789012:table/other')).toBe(
      'implicit-deny',
    );
    expect(decide('secretsmanager:GetSecretValue', secret)).toBe('implicit-deny');
    expect(decide('ec2:RunInstances', '*')).toBe('implicit-deny');
  });

  test('the tax officer restores from the archive and reads no live PII', () => {
    const officer = roleName('tax-officer');
    const decide = (action: string, resource: string) =>
      iam.decide(officer, { action, resource, context: inRegion });
    expect(decide('s3:RestoreObject', archiveObject)).toBe('allowed');
    expect(decide('s3:GetObject', archiveObject)).toBe('allowed');
    expect(decide('s3:GetObject', piiObject)).toBe('implicit-deny');
    expect(decide('dynamodb:Query', piiTable)).toBe('implicit-deny');
  });

  test('break-glass acts on infrastructure and contains, but reads no PII or secrets', () => {
    const breakGlass = roleName('break-glass');
    const decide = (action: string, resource: string) =>
      iam.decide(breakGlass, { action, resource, context: inRegion });
    expect(decide('ec2:RevokeSecurityGroupIngress', '*')).toBe('allowed');
    expect(decide('kms:DisableKey', piiKey)).toBe('allowed');
    expect(decide('s3:PutBucketPolicy', arnOf('DataPiiBucket'))).toBe('allowed');
    expect(decide('s3:DeleteBucket', arnOf('DataPiiBucket'))).toBe('implicit-deny');
    for (const request of reads)
      expect(decide(request.action, request.resource)).toBe('explicit-deny');
    expect(decide('kms:Decrypt', piiKey)).toBe('explicit-deny');
  });
});

describe('the permissions boundary, tried as an attacker would', () => {
  const everyRole = roles.map(([, r]) => r.Properties.RoleName).filter(Boolean) as string[];
  const escalations = [
    { action: 'iam:CreateUser', resource: 'arn:aws:iam::123456789012:user/backdoor' },
    { action: 'iam:CreateAccessKey', resource: 'arn:aws:iam::123456789012:user/anyone' },
    { action: 'iam:CreateLoginProfile', resource: 'arn:aws:iam::123456789012:user/anyone' },
    { action: 'iam:DeleteRolePermissionsBoundary', resource: 'arn:aws:iam::123456789012:role/any' },
    { action: 'iam:UpdateAssumeRolePolicy', resource: 'arn:aws:iam::123456789012:role/any' },
    { action: 'iam:CreateRole', resource: 'arn:aws:iam::123456789012:role/unbounded' },
    { action: 'iam:PutRolePolicy', resource: 'arn:aws:iam::123456789012:role/unbounded' },
    {
      action: 'iam:CreatePolicyVersion',
      resource: `arn:aws:iam::123456789012:policy/${PREFIX}-permissions-boundary`,
    },
    {
      action: 'cloudtrail:StopLogging',
      resource: 'arn:aws:cloudtrail:eu-west-1:123456789012:trail/t',
    },
  ];

  test.each(everyRole)('%s cannot escalate', (role) => {
    for (const request of escalations) {
      expect([
        request.action,
        iam.decide(role, { ...request, context: { 'aws:RequestedRegion': 'us-east-1' } }),
      ]).toEqual([request.action, 'explicit-deny']);
    }
  });

  test('a role may be created with the boundary, but not without it', () => {
    const request = { action: 'iam:CreateRole', resource: 'arn:aws:iam::123456789012:role/new' };
    const boundaryArn = `arn:aws:iam::123456789012:policy/${PREFIX}-permissions-boundary`;
    expect(iam.decide(roleName('break-glass'), request)).toBe('explicit-deny');
    expect(
      iam.decide(roleName('break-glass'), {
        ...request,
        context: { 'iam:PermissionsBoundary': boundaryArn },
      }),
    ).toBe('allowed');
  });

  test('the boundary cannot be attached as a permissions policy', () => {
    expect(
      iam.decide(roleName('break-glass'), {
        action: 'iam:AttachRolePolicy',
        resource: 'arn:aws:iam::123456789012:role/x',
        context: {
          'iam:PolicyARN': `arn:aws:iam::123456789012:policy/${PREFIX}-permissions-boundary`,
          'iam:PermissionsBoundary': `arn:aws:iam::123456789012:policy/${PREFIX}-permissions-boundary`,
        },
      }),
    ).toBe('explicit-deny');
  });

  test('only the password policy function changes the password policy', () => {
    const request = {
      action: 'iam:UpdateAccountPasswordPolicy',
      resource: '*',
      context: { 'aws:RequestedRegion': 'us-east-1' },
    };
    const fn = `${PREFIX}-password-policy`;
    expect(
      iam.decide(fn, {
        ...request,
        context: { ...request.context, 'aws:PrincipalArn': `arn:aws:iam::123456789012:role/${fn}` },
      }),
    ).toBe('allowed');
    const breakGlass = roleName('break-glass');
    expect(
      iam.decide(breakGlass, {
        ...request,
        context: {
          ...request.context,
          'aws:PrincipalArn': `arn:aws:iam::123456789012:role/${breakGlass}`,
        },
      }),
    ).toBe('explicit-deny');
  });

  test('regional requests outside the environment are refused; global services are not', () => {
    const breakGlass = roleName('break-glass');
    expect(
      iam.decide(breakGlass, {
        action: 'ec2:RunInstances',
        resource: '*',
        context: { 'aws:RequestedRegion': 'us-west-2' },
      }),
    ).toBe('explicit-deny');
    expect(
      iam.decide(breakGlass, {
        action: 'ec2:RunInstances',
        resource: '*',
        context: { 'aws:RequestedRegion': 'eu-west-1' },
      }),
    ).toBe('allowed');
    expect(
      iam.decide(breakGlass, {
        action: 'iam:ListRoles',
        resource: '*',
        context: { 'aws:RequestedRegion': 'us-east-1' },
      }),
    ).toBe('allowed');
  });
});
