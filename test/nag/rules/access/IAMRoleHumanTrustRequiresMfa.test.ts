import { TagManager } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { HumanRole } from '../../../../constructs/access';
import { DppChecks } from '../../../../lib/nag/dpp-pack';
import { IAMRoleHumanTrustRequiresMfa } from '../../../../lib/nag/rules/access/IAMRoleHumanTrustRequiresMfa';
import { ruleFlags, testStack, violationsOf } from '../../../helpers';

describe('DPP-IAMRoleHumanTrustRequiresMfa', () => {
  const stack = testStack();
  const saml = new iam.SamlProvider(stack, 'Idp', {
    metadataDocument: iam.SamlMetadataDocument.fromXml('<EntityDescriptor/>'),
  });
  const role = (id: string, assumedBy: iam.IPrincipal, tags: Record<string, string> = {}) => {
    const r = new iam.Role(stack, id, { assumedBy });
    for (const [key, value] of Object.entries(tags)) {
      TagManager.of(r.node.defaultChild)!.setTag(key, value, 1000);
    }
    return r;
  };
  const HUMAN_IDP = { AccessPrincipal: 'human', MfaEnforcedBy: 'identity-provider' };
  const IC_ROLES =
    'arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_Ops_*';

  test('fails if the trust policy admits the account without MFA, naming DPP 1.2', () => {
    const careless = role('Careless', new iam.AccountRootPrincipal());
    expect(ruleFlags(IAMRoleHumanTrustRequiresMfa, careless)).toBe(true);
    const [violation] = violationsOf(
      new DppChecks(undefined, undefined, [IAMRoleHumanTrustRequiresMfa]),
      stack,
    ).filter((v) => v.paths.includes('TestStack/Careless/Resource'));
    expect(violation.description).toMatch(/^\[DPP 1\.2 Access Management\] /);
  });

  test('fails if MFA is required only when the key exists (BoolIfExists admits long-term keys)', () => {
    const weak = role(
      'IfExists',
      new iam.AccountRootPrincipal().withConditions({
        BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' },
      }),
    );
    expect(ruleFlags(IAMRoleHumanTrustRequiresMfa, weak)).toBe(true);
  });

  test('fails if a SAML provider is trusted without declaring that it enforces MFA', () => {
    expect(
      ruleFlags(IAMRoleHumanTrustRequiresMfa, role('Saml', new iam.SamlConsolePrincipal(saml))),
    ).toBe(true);
  });

  test('fails if the declaration covers plain IAM principals, which can carry MFA', () => {
    const misdeclared = role('Misdeclared', new iam.AccountPrincipal('123456789012'), HUMAN_IDP);
    expect(ruleFlags(IAMRoleHumanTrustRequiresMfa, misdeclared)).toBe(true);
    const notIdentityCenter = role(
      'NotIdentityCenter',
      new iam.AccountRootPrincipal().withConditions({
        ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/*' },
      }),
      HUMAN_IDP,
    );
    expect(ruleFlags(IAMRoleHumanTrustRequiresMfa, notIdentityCenter)).toBe(true);
  });

  test('fails if an unclassified role admits an identity provider: it is taken for a role for people', () => {
    const oidc = new iam.OpenIdConnectProvider(stack, 'Oidc', {
      url: 'https://login.example.com',
      clientIds: ['client'],
    });
    expect(
      ruleFlags(
        IAMRoleHumanTrustRequiresMfa,
        role('Unclassified', new iam.OpenIdConnectPrincipal(oidc)),
      ),
    ).toBe(true);
  });

  test('passes IAM principals that must carry MFA', () => {
    const strict = role(
      'Strict',
      new iam.AccountRootPrincipal().withConditions({
        Bool: { 'aws:MultiFactorAuthPresent': 'true' },
      }),
    );
    expect(ruleFlags(IAMRoleHumanTrustRequiresMfa, strict)).toBe(false);
  });

  test('passes Identity Center and SAML sessions on a role declaring identity-provider MFA', () => {
    const ic = role(
      'IdentityCenter',
      new iam.AccountRootPrincipal().withConditions({
        ArnLike: { 'aws:PrincipalArn': [IC_ROLES] },
      }),
      HUMAN_IDP,
    );
    expect(ruleFlags(IAMRoleHumanTrustRequiresMfa, ic)).toBe(false);
    expect(
      ruleFlags(
        IAMRoleHumanTrustRequiresMfa,
        role('SamlDeclared', new iam.SamlConsolePrincipal(saml), HUMAN_IDP),
      ),
    ).toBe(false);
  });

  test('passes the job-function role construct in both shapes', () => {
    const federated = new HumanRole(stack, 'Federated', {
      roleName: 'federated',
      jobFunction: 'fulfillment-operator',
      description: 'd',
      principals: [
        {
          kind: 'identity-center',
          permissionSetNames: ['Ops'],
          mfa: 'enforced-by-identity-provider',
        },
        { kind: 'saml', provider: saml, mfa: 'enforced-by-identity-provider' },
      ],
    });
    const iamPrincipals = new HumanRole(stack, 'IamPrincipals', {
      roleName: 'iam-principals',
      jobFunction: 'break-glass',
      description: 'd',
      principals: [{ kind: 'iam-principals', account: '123456789012' }],
    });
    expect(ruleFlags(IAMRoleHumanTrustRequiresMfa, federated)).toBe(false);
    expect(ruleFlags(IAMRoleHumanTrustRequiresMfa, iamPrincipals)).toBe(false);
  });

  test('does not apply to roles of AWS services or roles declared for workloads', () => {
    expect(
      ruleFlags(
        IAMRoleHumanTrustRequiresMfa,
        role('Service', new iam.ServicePrincipal('lambda.amazonaws.com')),
      ),
    ).toBe(false);
    const workload = role('Workload', new iam.AccountPrincipal('123456789012'), {
      AccessPrincipal: 'workload',
    });
    expect(ruleFlags(IAMRoleHumanTrustRequiresMfa, workload)).toBe(false);
  });
});
