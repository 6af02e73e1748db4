import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { NagRuleCompliance } from 'cdk-nag';
import {
  clientIdProblem,
  clientSecretProblem,
  parseLwaCredentials,
  parseSellingPartnerSecret,
  refreshTokenProblem,
  rotationStateOf,
  secretResourcePolicy,
  sellingPartnerSecretName,
} from '../../../lib/credentials';
import { SecretReadableOnlyThroughVpcEndpoint } from '../../../lib/nag/rules/credentials/SecretReadableOnlyThroughVpcEndpoint';
import { SecretReadersRestricted } from '../../../lib/nag/rules/credentials/SecretReadersRestricted';
import { runNpmScript, testStack } from '../../helpers';
import { fakeClientSecret } from '../../fakes/amazon-server';

describe('secret resource policy', () => {
  const stack = testStack();
  let n = 0;
  const checked = (readerArns: string[]) => {
    const secret = new secretsmanager.CfnSecret(stack, `S${n}`, { generateSecretString: {} });
    new secretsmanager.CfnResourcePolicy(stack, `P${n++}`, {
      secretId: secret.ref,
      resourcePolicy: secretResourcePolicy({
        readerArns,
        secretsManagerEndpointId: 'vpce-0a1b2c3d4e5f60718',
      }),
    });
    return [SecretReadersRestricted, SecretReadableOnlyThroughVpcEndpoint].map((rule) =>
      rule.check(secret),
    );
  };

  test('is what the checks demand, as the onboarding command writes it', () => {
    expect(checked(['arn:aws:iam::111111111111:role/order-sync'])).toEqual([
      NagRuleCompliance.COMPLIANT,
      NagRuleCompliance.COMPLIANT,
    ]);
    expect(checked([])).toEqual([NagRuleCompliance.COMPLIANT, NagRuleCompliance.COMPLIANT]);
  });
});

describe('secret values', () => {
  const secret = fakeClientSecret();

  test('checks shapes and describes a bad value without quoting it', () => {
    expect(clientIdProblem('amzn1.application-oa2-client.7f3c9d2e1b4a46c8a0b5e6d7c8f90123')).toBe(
      undefined,
    );
    expect(clientSecretProblem(secret)).toBeUndefined();
    expect(clientSecretProblem('hunter2')).toMatch(/\(7 characters\)/);
    expect(clientSecretProblem('hunter2')).not.toContain('hunter2');
    expect(refreshTokenProblem('Atzr|abc def ghi jkl mno pqr')).toMatch(/no spaces/);
  });

  test('reads the JSON it writes and refuses anything else without quoting it', () => {
    expect(parseLwaCredentials(JSON.stringify({ clientId: 'a', clientSecret: secret }))).toEqual({
      clientId: 'a',
      clientSecret: secret,
    });
    expect(() => parseLwaCredentials(secret)).toThrow('the LWA credentials secret is not JSON');
    expect(() => parseSellingPartnerSecret('{"token":"x"}')).toThrow(/lacks refreshToken/);
  });

  test('names a selling partner secret under the prefix', () => {
    expect(sellingPartnerSecretName('spapi-dpp', 'prod', 'A1')).toBe(
      'spapi-dpp/prod/selling-partners/A1',
    );
  });
});

describe('rotationStateOf', () => {
  const base = {
    $metadata: {},
    RotationEnabled: true,
    CreatedDate: new Date('2025-01-01T00:00:00Z'),
    VersionIdsToStages: { v1: ['AWSCURRENT', 'AWSPENDING'], v2: ['AWSPREVIOUS'] },
  };

  test('does not count AWSPENDING on the current version as a rotation under way', () => {
    expect(rotationStateOf(base)).toEqual({
      rotationEnabled: true,
      currentVersionId: 'v1',
      lastRotatedAt: base.CreatedDate,
    });
  });

  test('ignores a request record older than the last rotation, or unreadable', () => {
    const state = (value: string) =>
      rotationStateOf({
        ...base,
        LastRotatedDate: new Date('2025-02-01T00:00:00Z'),
        Tags: [{ Key: 'SpApiClientSecretRequestedAt', Value: value }],
      }).requestedAt;
    expect(state('2025-01-15T00:00:00Z')).toBeUndefined();
    expect(state('soon')).toBeUndefined();
    expect(state('2025-02-02T00:00:00Z')).toEqual(new Date('2025-02-02T00:00:00Z'));
  });
});

describe('command entry points', () => {
  test('print their usage, started as npm run starts them', () => {
    const result = runNpmScript('remove-selling-partner', ['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Schedules deletion of a selling partner's refresh-token secret/);
  });
});
