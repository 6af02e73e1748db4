import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildSync } from 'esbuild';
import {
  AccountPasswordPolicy,
  PASSWORD_POLICY_DEFAULTS,
  PasswordPolicySettings,
  passwordPolicyOwnershipErrors,
  resolvePasswordPolicy,
} from '../../../constructs/access';
import { DataClassKeys } from '../../../constructs/keys';
import { TEST_ENV } from '../../helpers';

const CONTEXT = { 'aws:cdk:bundling-stacks': [] };

function policyIn(stack: Stack, settings?: PasswordPolicySettings, id = 'PasswordPolicy') {
  const keys = new DataClassKeys(stack, `${id}Keys`, {
    projectName: 'p',
    environmentName: stack.stackName,
  });
  return new AccountPasswordPolicy(stack, id, {
    namePrefix: `spapi-dpp-${stack.stackName.toLowerCase()}`,
    settings,
    logEncryptionKey: keys.auditLogs,
    logRetentionDays: 365,
  });
}

describe('password policy settings (DPP 1.4)', () => {
  test('default to 14 characters, all four classes, 90 days, 24 remembered', () => {
    expect(resolvePasswordPolicy()).toEqual({
      minimumLength: 14,
      requireUppercase: true,
      requireLowercase: true,
      requireNumbers: true,
      requireSymbols: true,
      maxAgeDays: 90,
      reusePrevention: 24,
      allowUsersToChangePassword: true,
      hardExpiry: false,
    });
  });

  test('may be tightened', () => {
    expect(resolvePasswordPolicy({ minimumLength: 20, maxAgeDays: 30 })).toMatchObject({
      minimumLength: 20,
      maxAgeDays: 30,
      reusePrevention: 24,
    });
  });

  test.each([
    [
      { minimumLength: 7 },
      'password policy minimumLength 7 is not allowed: DPP 1.4 Password Management requires at least 8 characters',
    ],
    [{ minimumLength: 12.5 }, 'password policy minimumLength 12.5 is not allowed'],
    [
      { requireSymbols: false },
      'password policy requireSymbols false is not allowed: DPP 1.4 Password Management requires passwords to contain special characters',
    ],
    [
      { requireUppercase: false },
      'requireUppercase false is not allowed: DPP 1.4 Password Management requires passwords to contain upper case letters',
    ],
    [{ requireLowercase: false }, 'requireLowercase false'],
    [{ requireNumbers: false }, 'requireNumbers false'],
    [
      { maxAgeDays: 91 },
      'password policy maxAgeDays 91 is not allowed: DPP 1.4 Password Management requires passwords to be rotated at least quarterly',
    ],
    [{ maxAgeDays: 0 }, 'password policy maxAgeDays 0 is not allowed'],
    [
      { reusePrevention: 9 },
      'password policy reusePrevention 9 is not allowed: rotation under DPP 1.4 Password Management means nothing',
    ],
    [{ reusePrevention: 25 }, 'IAM at most 24'],
  ])('refuse to loosen %j, naming the setting and the clause', (settings, message) => {
    expect(() => resolvePasswordPolicy(settings as PasswordPolicySettings)).toThrow(message);
  });

  test('treat an undefined setting as the default', () => {
    expect(resolvePasswordPolicy({ minimumLength: undefined })).toEqual(PASSWORD_POLICY_DEFAULTS);
  });
});

describe('AccountPasswordPolicy', () => {
  const app = new App({ context: CONTEXT });
  const stack = new Stack(app, 'Prod', { env: TEST_ENV });
  const construct = policyIn(stack, { minimumLength: 16 });
  const template = Template.fromStack(stack);

  test('sets the policy through its custom resource, in IAM terms', () => {
    template.hasResourceProperties('Custom::AccountPasswordPolicy', {
      MinimumPasswordLength: 16,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      RequireNumbers: true,
      RequireSymbols: true,
      AllowUsersToChangePassword: true,
      MaxPasswordAge: 90,
      PasswordReusePrevention: 24,
      HardExpiry: false,
    });
    expect(construct.policy.MinimumPasswordLength).toBe(16);
  });

  test('runs its function as the one named role the boundary exempts, allowed only the password policy calls', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'spapi-dpp-prod-password-policy',
    });
    const roleId = Stack.of(construct).getLogicalId(construct.role.node.defaultChild as never);
    const [policy] = Object.values(template.findResources('AWS::IAM::Policy')).filter(
      (p: any) => p.Properties.Roles[0].Ref === roleId,
    ) as any[];
    const iamStatements = policy.Properties.PolicyDocument.Statement.filter((s: any) =>
      [s.Action].flat().some((a: string) => a.startsWith('iam:')),
    );
    expect(iamStatements).toHaveLength(1);
    expect([iamStatements[0].Action].flat().sort()).toEqual([
      'iam:DeleteAccountPasswordPolicy',
      'iam:GetAccountPasswordPolicy',
      'iam:UpdateAccountPasswordPolicy',
    ]);
    expect(iamStatements[0].Resource).toBe('*');
  });

  test('logs to encrypted log groups kept as long as the audit retention', () => {
    template.resourcePropertiesCountIs(
      'AWS::Logs::LogGroup',
      { RetentionInDays: 365, KmsKeyId: Match.anyValue() },
      2,
    );
    template.allResourcesProperties('AWS::Lambda::Function', {
      LoggingConfig: Match.objectLike({ LogGroup: Match.anyValue() }),
    });
  });

  test('bundles its function from the entry file without errors', () => {
    const result = buildSync({
      entryPoints: [
        path.join(__dirname, '../../../constructs/access/functions/password-policy.ts'),
      ],
      bundle: true,
      platform: 'node',
      target: 'node20',
      write: false,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    expect(result.outputFiles[0].text).toContain('UpdateAccountPasswordPolicy');
  });
});

describe('one password policy per account', () => {
  test('fails the synth if two stacks of the app set it in the same account', () => {
    const app = new App({ context: CONTEXT });
    policyIn(new Stack(app, 'Test', { env: TEST_ENV }));
    policyIn(new Stack(app, 'Prod', { env: TEST_ENV }));
    expect(() => app.synth()).toThrow(
      /account 123456789012 would get its password policy \(DPP 1\.4\) from more than one stack: Test\/PasswordPolicy, Prod\/PasswordPolicy/,
    );
  });

  test('allows one per account when the environments have their own accounts', () => {
    const app = new App({ context: CONTEXT });
    policyIn(new Stack(app, 'Test', { env: { ...TEST_ENV, account: '111111111111' } }));
    policyIn(new Stack(app, 'Prod', { env: { ...TEST_ENV, account: '222222222222' } }));
    expect(() => app.synth()).not.toThrow();
  });

  test('fails the synth when an account is not known at synth and there are two', () => {
    const app = new App({ context: CONTEXT });
    policyIn(new Stack(app, 'Agnostic'));
    policyIn(new Stack(app, 'Prod', { env: TEST_ENV }));
    expect(() => app.synth()).toThrow(
      /an account not known at synth would get its password policy/,
    );
  });

  describe('the ownership choice of the config', () => {
    const env = (environment: string, account: string, passwordPolicy: any) => ({
      environment,
      account,
      passwordPolicy,
    });

    test('accepts one owner per account, or an account that leaves it outside the baseline', () => {
      expect(
        passwordPolicyOwnershipErrors([
          env('test', '111111111111', 'this-environment'),
          env('prod', '111111111111', 'another-environment'),
        ]),
      ).toEqual([]);
      expect(
        passwordPolicyOwnershipErrors([
          env('test', '111111111111', 'this-environment'),
          env('prod', '222222222222', 'this-environment'),
        ]),
      ).toEqual([]);
      expect(
        passwordPolicyOwnershipErrors([env('prod', '222222222222', 'outside-baseline')]),
      ).toEqual([]);
    });

    test('refuses two owners in one account', () => {
      expect(
        passwordPolicyOwnershipErrors([
          env('test', '111111111111', 'this-environment'),
          env('prod', '111111111111', 'this-environment'),
        ]),
      ).toEqual([
        expect.stringContaining(
          "prod: 'this-environment' is taken: environments test and prod share account 111111111111",
        ),
      ]);
    });

    test('refuses an account where every environment defers to another', () => {
      expect(
        passwordPolicyOwnershipErrors([
          env('test', '111111111111', 'another-environment'),
          env('prod', '222222222222', 'this-environment'),
        ]),
      ).toEqual([
        expect.stringContaining(
          "test: 'another-environment' names no owner: no environment in account 111111111111 creates the account password policy",
        ),
      ]);
    });

    test('refuses an owner next to an environment that says it is set elsewhere', () => {
      expect(
        passwordPolicyOwnershipErrors([
          env('test', '111111111111', 'this-environment'),
          env('prod', '111111111111', 'outside-baseline'),
        ]),
      ).toEqual([expect.stringContaining('choose one')]);
    });
  });
});
