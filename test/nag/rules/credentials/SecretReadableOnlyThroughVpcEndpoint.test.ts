import { SecretReadableOnlyThroughVpcEndpoint } from '../../../../lib/nag/rules/credentials/SecretReadableOnlyThroughVpcEndpoint';
import { testStack } from '../../../helpers';
import { ruleFinds } from './flags';
import { ENDPOINT, READER, denyOutsideEndpoint, secretWithPolicy } from './policy-fixtures';

describe('DPP-SecretReadableOnlyThroughVpcEndpoint', () => {
  const stack = testStack();
  let n = 0;
  const flags = (statements: Record<string, unknown>[]) =>
    ruleFinds(SecretReadableOnlyThroughVpcEndpoint, secretWithPolicy(stack, `S${n++}`, statements));

  test('fails if the secret has no resource policy', () => {
    expect(flags([])).toBe(true);
  });

  test('fails if the policy only allows readers, without the endpoint deny', () => {
    expect(
      flags([{ Effect: 'Allow', Principal: { AWS: READER }, Action: '*', Resource: '*' }]),
    ).toBe(true);
  });

  test('fails if the deny is narrowed by another condition (only some principals are refused)', () => {
    expect(
      flags([
        denyOutsideEndpoint({
          StringNotEquals: { 'aws:SourceVpce': ENDPOINT },
          StringEquals: { 'aws:PrincipalTag/team': 'ops' },
        }),
      ]),
    ).toBe(true);
  });

  test('fails if the deny names a wildcard endpoint, which every endpoint matches', () => {
    expect(flags([denyOutsideEndpoint({ StringNotLike: { 'aws:SourceVpce': 'vpce-*' } })])).toBe(
      true,
    );
  });

  test('fails if the deny covers other actions but not the read', () => {
    expect(flags([{ ...denyOutsideEndpoint(), Action: 'secretsmanager:PutSecretValue' }])).toBe(
      true,
    );
  });

  test('fails if the deny applies to one principal only', () => {
    expect(flags([{ ...denyOutsideEndpoint(), Principal: { AWS: READER } }])).toBe(true);
  });

  test('passes a deny of reads outside the endpoint, or outside the VPC', () => {
    expect(flags([denyOutsideEndpoint()])).toBe(false);
    expect(
      flags([
        denyOutsideEndpoint({ StringNotEquals: { 'aws:SourceVpc': 'vpc-0123456789abcdef0' } }),
      ]),
    ).toBe(false);
  });

  test('passes a deny of every secretsmanager action outside the endpoint', () => {
    expect(flags([{ ...denyOutsideEndpoint(), Action: 'secretsmanager:*' }])).toBe(false);
  });
});
