import { SecretReadersRestricted } from '../../../../lib/nag/rules/credentials/SecretReadersRestricted';
import { testStack } from '../../../helpers';
import { ruleFinds } from './flags';
import { READER, denyOtherReaders, secretWithPolicy } from './policy-fixtures';

describe('DPP-SecretReadersRestricted', () => {
  const stack = testStack();
  let n = 0;
  const flags = (statements: Record<string, unknown>[]) =>
    ruleFinds(SecretReadersRestricted, secretWithPolicy(stack, `S${n++}`, statements));

  test('fails if the secret has no resource policy (IAM alone decides who reads)', () => {
    expect(flags([])).toBe(true);
  });

  test('fails if readers are only allowed, not everyone else denied', () => {
    expect(
      flags([
        {
          Effect: 'Allow',
          Principal: { AWS: READER },
          Action: 'secretsmanager:GetSecretValue',
          Resource: '*',
        },
      ]),
    ).toBe(true);
  });

  test('fails if the list of readers is a wildcard', () => {
    expect(
      flags([
        denyOtherReaders({
          ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/*' },
        }),
      ]),
    ).toBe(true);
  });

  test('fails if the deny keys off something a principal can set on itself', () => {
    expect(
      flags([denyOtherReaders({ StringNotEquals: { 'aws:PrincipalTag/reader': 'yes' } })]),
    ).toBe(true);
  });

  test('passes a deny of reads by every principal not listed', () => {
    expect(flags([denyOtherReaders({ ArnNotEquals: { 'aws:PrincipalArn': [READER] } })])).toBe(
      false,
    );
  });

  test('passes a deny of reads by everyone (no reader yet)', () => {
    expect(flags([denyOtherReaders()])).toBe(false);
  });
});
