import { CfnResource, SecretValue } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import {
  CREDENTIAL_HINT,
  CREDENTIAL_PATTERNS,
  NoHardcodedCredentials,
} from '../../../../lib/nag/rules/secrets/NoHardcodedCredentials';
import { ruleFlags, testStack } from '../../../helpers';

describe('DPP-NoHardcodedCredentials', () => {
  const stack = testStack();
  let n = 0;
  const parameter = (value: string) =>
    new ssm.CfnParameter(stack, `P${n++}`, { type: 'String', value });
  const resource = (properties: Record<string, unknown>) =>
    new CfnResource(stack, `R${n++}`, { type: 'Custom::Thing', properties });
  const lambdaWith = (variables: Record<string, string>) =>
    new lambda.CfnFunction(stack, `F${n++}`, {
      role: 'arn:aws:iam::123456789012:role/r',
      code: { zipFile: 'exports.handler = async () => 1;' },
      environment: { variables },
    });
  const flags = (r: CfnResource) => ruleFlags(NoHardcodedCredentials, r);

  // Fake credentials of the real shapes; the repository's secret scan is told they are fakes.
  /* secretlint-disable -- fake credentials that the rule must catch */
  const examples: [string, string][] = [
    ['an AWS access key id', 'AKIAIOSFODNN7EXAMPLE'],
    ['an LWA client secret', `amzn1.oa2-cs.v1.${'a1'.repeat(32)}`],
    ['an LWA refresh token', 'Atzr|IwEBIA-example-refresh-token-value-000'],
    ['an LWA access token', 'Atza|IwEBIA-example-access-token-value-000'],
    ['a restricted data token', 'Atz.sprdt|IwEBIA-example-rdt-value-0000000'],
    ['a private key', '-----BEGIN RSA PRIVATE KEY-----\nMIIE...'],
    ['a GitHub token', `ghp_${'A'.repeat(36)}`],
    ['a JSON web token', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N'],
    ['a password in a URL', 'postgres://admin:hunter2@db.internal:5432/app'],
    [
      'an AWS secret access key',
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    ],
    ['a Slack token', `xoxb-${'1'.repeat(12)}-example`],
    ['a Google API key', `AIza${'B'.repeat(35)}`],
    ['a Stripe live key', `sk_live_${'c'.repeat(24)}`],
    ['a bearer token', `Authorization: Bearer ${'d'.repeat(32)}`],
    ['an access key inside a JSON document', JSON.stringify({ key: 'AKIAIOSFODNN7EXAMPLE' })],
  ];
  /* secretlint-enable -- */
  test.each(examples)('fails if a property holds %s', (_what, value) => {
    expect(flags(parameter(value))).toBe(true);
  });

  test('has an example of every credential shape, each one past the quick filter', () => {
    for (const { name, pattern } of CREDENTIAL_PATTERNS) {
      const matching = examples.filter(([, value]) => pattern.test(value)).map(([, v]) => v);
      expect({ name, hasExample: matching.length > 0 }).toEqual({ name, hasExample: true });
      expect({ name, missed: matching.filter((v) => !CREDENTIAL_HINT.test(v)) }).toEqual({
        name,
        missed: [],
      });
    }
  });

  test('fails if a secret is created from a literal SecretString', () => {
    const secret = new secretsmanager.CfnSecret(stack, `S${n++}`, {
      secretString: 'hunter2-password',
    });
    expect(flags(secret)).toBe(true);
  });

  test('fails if a generated secret template carries a literal client secret', () => {
    const secret = new secretsmanager.CfnSecret(stack, `S${n++}`, {
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ clientId: 'x', clientSecret: 'not-so-secret' }),
        generateStringKey: 'password',
      },
    });
    expect(flags(secret)).toBe(true);
  });

  test('fails if a credential hides inside Fn::Join under a password property', () => {
    expect(flags(resource({ MasterUserPassword: { 'Fn::Join': ['', ['pass', 'word123']] } }))).toBe(
      true,
    );
  });

  test('fails if a Lambda environment variable holds a secret by its name', () => {
    expect(flags(lambdaWith({ LWA_CLIENT_SECRET: 'abc123' }))).toBe(true);
    expect(flags(lambdaWith({ 'x-api-key': 'k-123' }))).toBe(true);
  });

  test('fails if a secret is resolved into a Lambda environment, where it sits in plain configuration', () => {
    expect(
      flags(
        lambdaWith({
          REFRESH_TOKEN: SecretValue.secretsManager('sp/A1', {
            jsonField: 'refreshToken',
          }).unsafeUnwrap(),
        }),
      ),
    ).toBe(true);
  });

  test('fails if a credential is in inline code', () => {
    const fn = new lambda.CfnFunction(stack, `F${n++}`, {
      role: 'arn:aws:iam::123456789012:role/r',
      code: { zipFile: `const key = 'AKIAIOSFODNN7EXAMPLE';` },
    });
    expect(flags(fn)).toBe(true);
  });

  test('fails if a credential is in resource metadata, not only in properties', () => {
    const r = resource({ Name: 'ok' });
    r.addMetadata('note', 'token Atzr|IwEBIA-example-refresh-token-value-000');
    expect(flags(r)).toBe(true);
  });

  test('fails if a credential is in JSON text inside a property', () => {
    expect(flags(parameter(JSON.stringify({ settings: { password: 'p@ss' } })))).toBe(true);
  });

  test('passes a secret generated by Secrets Manager', () => {
    expect(
      flags(new secretsmanager.Secret(stack, `G${n++}`).node.defaultChild as CfnResource),
    ).toBe(false);
  });

  test('passes a password given as a dynamic reference outside a Lambda environment', () => {
    expect(
      flags(
        resource({
          Password: SecretValue.secretsManager('lwa/client', {
            jsonField: 'secret',
          }).unsafeUnwrap(),
        }),
      ),
    ).toBe(false);
  });

  test('passes ordinary values: hosts, ARNs, ids, names that mention secrets', () => {
    expect(flags(parameter('sellingpartnerapi-eu.amazon.com'))).toBe(false);
    expect(
      flags(
        lambdaWith({
          LWA_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:x-AbCdEf',
          SECRET_NAME: 'spapi-dpp/test/lwa-credentials',
          CLIENT_SECRET: '',
        }),
      ),
    ).toBe(false);
    expect(flags(resource({ GenerateStringKey: 'clientSecret', AssetHash: 'a'.repeat(64) }))).toBe(
      false,
    );
  });
});
