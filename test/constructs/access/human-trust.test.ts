import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { HumanPrincipals, HumanRole, HumanRoleProps } from '../../../constructs/access';
import { testStack } from '../../helpers';

describe('HumanRole trust', () => {
  const stack = testStack();
  const saml = new iam.SamlProvider(stack, 'Idp', {
    metadataDocument: iam.SamlMetadataDocument.fromXml('<EntityDescriptor/>'),
  });
  const oidc = new iam.OpenIdConnectProvider(stack, 'Oidc', {
    url: 'https://login.example.com/oauth2',
    clientIds: ['spapi-console'],
  });
  let count = 0;
  const human = (principals: HumanPrincipals[], extra: Partial<HumanRoleProps> = {}) =>
    new HumanRole(stack, `Role${++count}`, {
      roleName: `role-${count}`,
      jobFunction: 'fulfillment-operator',
      description: 'test',
      principals,
      ...extra,
    });

  const federated = human([
    { kind: 'saml', provider: saml, mfa: 'enforced-by-identity-provider' },
    {
      kind: 'oidc',
      provider: oidc,
      issuer: 'login.example.com/oauth2',
      audience: 'spapi-console',
      subjects: ['user:alice', 'group:fulfillment/*'],
      mfa: 'enforced-by-identity-provider',
    },
  ]);
  const own = human([
    { kind: 'iam-principals', account: '123456789012', maxMfaAge: Duration.minutes(15) },
  ]);
  const template = Template.fromStack(stack);

  test('admits SAML sessions for the console and named OIDC subjects of one client, one statement each', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: federated.name,
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRoleWithSAML',
            Effect: 'Allow',
            Principal: { Federated: { Ref: Match.stringLikeRegexp('^Idp') } },
            Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
          },
          {
            Action: 'sts:AssumeRoleWithWebIdentity',
            Effect: 'Allow',
            Principal: { Federated: { Ref: Match.stringLikeRegexp('^Oidc') } },
            Condition: {
              StringEquals: { 'login.example.com/oauth2:aud': 'spapi-console' },
              StringLike: { 'login.example.com/oauth2:sub': ['user:alice', 'group:fulfillment/*'] },
            },
          },
        ],
      },
      Tags: Match.arrayWith([{ Key: 'MfaEnforcedBy', Value: 'identity-provider' }]),
    });
  });

  test('requires MFA of IAM principals of its own account, pinned to that account', () => {
    const statement = template.findResources('AWS::IAM::Role', {
      Properties: { RoleName: own.name },
    });
    expect(
      Object.values(statement)[0].Properties.AssumeRolePolicyDocument.Statement[0].Condition,
    ).toEqual({
      Bool: { 'aws:MultiFactorAuthPresent': 'true' },
      NumericLessThan: { 'aws:MultiFactorAuthAge': '900' },
      StringEquals: { 'aws:PrincipalAccount': '123456789012' },
    });
  });

  test.each<[string, HumanPrincipals[], Partial<HumanRoleProps>, string]>([
    [
      'Identity Center without the MFA declaration',
      [{ kind: 'identity-center', permissionSetNames: ['Ops'] } as never],
      {},
      "identity-center sessions cannot carry aws:MultiFactorAuthPresent, so mfa must be 'enforced-by-identity-provider'",
    ],
    [
      'an OIDC provider open to every subject',
      [
        {
          kind: 'oidc',
          provider: oidc,
          issuer: 'login.example.com/oauth2',
          audience: 'a',
          subjects: ['*'],
          mfa: 'enforced-by-identity-provider',
        },
      ],
      {},
      "'*' would admit every user of the client",
    ],
    [
      'an OIDC issuer with its scheme',
      [
        {
          kind: 'oidc',
          provider: oidc,
          issuer: 'https://login.example.com',
          audience: 'a',
          subjects: ['u'],
          mfa: 'enforced-by-identity-provider',
        },
      ],
      {},
      'must be the literal issuer host and path without https://',
    ],
    [
      'principals of another account without the organization',
      [{ kind: 'iam-principals', account: '999999999999' }],
      {},
      'principals of account 999999999999 are outside this account, so organizationId must name the organization both belong to (DUP 3.7 Access only within the organization)',
    ],
    [
      'a principal ARN of another account than the one named',
      [
        {
          kind: 'iam-principals',
          account: '123456789012',
          principalArns: ['arn:aws:iam::999999999999:role/x'],
        },
      ],
      {},
      'principal arn:aws:iam::999999999999:role/x is not in account 123456789012',
    ],
    ['no principals', [], {}, 'principals is empty; nobody could assume the role'],
    [
      'a session longer than four hours',
      [{ kind: 'iam-principals', account: '123456789012' }],
      { maxSessionDuration: Duration.hours(8) },
      'maxSessionDuration 8 hours is longer than the 4 hours a fulfillment-operator session may last',
    ],
    [
      'an organization id that is not one',
      [{ kind: 'iam-principals', account: '123456789012' }],
      { organizationId: 'my-org' },
      "organizationId 'my-org' is not an AWS Organizations id",
    ],
    [
      'a permission set name Identity Center would refuse',
      [
        {
          kind: 'identity-center',
          permissionSetNames: ['Ops Team'],
          mfa: 'enforced-by-identity-provider',
        },
      ],
      {},
      "'Ops Team' is not an IAM Identity Center permission set name",
    ],
  ])('refuses %s', (_what, principals, extra, message) => {
    expect(() => human(principals, extra)).toThrow(message);
  });
});
