import { decide } from './iam-simulator';

describe('iam-simulator', () => {
  const request = {
    principal: { arn: 'arn:aws:iam::111111111111:role/app', account: '111111111111' },
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::bucket/key',
  };

  test('an explicit deny wins over an allow, and nothing allowed is an implicit deny', () => {
    const allow = { Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' };
    const deny = { ...allow, Effect: 'Deny' };
    expect(decide({ Statement: [allow] }, request)).toBe('allow');
    expect(decide({ Statement: [allow, deny] }, request)).toBe('explicit-deny');
    expect(decide({ Statement: [] }, request)).toBe('implicit-deny');
  });

  test('a negated operator matches an absent key, IfExists makes a positive one match too', () => {
    const denyOutside = (operator: string) => ({
      Statement: [
        {
          Effect: 'Deny',
          Principal: '*',
          Action: '*',
          Resource: '*',
          Condition: { [operator]: { 'aws:SourceVpce': 'vpce-1' } },
        },
      ],
    });
    expect(decide(denyOutside('StringNotEquals'), request)).toBe('explicit-deny');
    expect(
      decide(denyOutside('StringNotEquals'), {
        ...request,
        context: { 'aws:SourceVpce': 'vpce-1' },
      }),
    ).toBe('implicit-deny');
    expect(decide(denyOutside('StringEquals'), request)).toBe('implicit-deny');
    expect(decide(denyOutside('StringEqualsIfExists'), request)).toBe('explicit-deny');
  });

  test('ForAllValues holds for an absent key and fails on one value outside the set', () => {
    const allowKeys = {
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'dynamodb:Query',
          Resource: '*',
          Condition: { 'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['pk', 'sk'] } },
        },
      ],
    };
    const query = { ...request, action: 'dynamodb:Query' };
    expect(decide(allowKeys, query)).toBe('allow');
    expect(decide(allowKeys, { ...query, context: { 'dynamodb:Attributes': ['pk'] } })).toBe(
      'allow',
    );
    expect(
      decide(allowKeys, { ...query, context: { 'dynamodb:Attributes': ['pk', 'address'] } }),
    ).toBe('implicit-deny');
  });

  test('an account root principal admits principals of that account, not of others', () => {
    const policy = {
      Statement: [
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: '*' },
      ],
    };
    expect(decide(policy, request)).toBe('allow');
    expect(decide(policy, { ...request, principal: { arn: 'x', account: '222222222222' } })).toBe(
      'implicit-deny',
    );
  });

  test('refuses to guess about an operator it does not implement', () => {
    const policy = {
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: '*', Condition: { DateLessThan: { k: 'v' } } },
      ],
    };
    expect(() => decide(policy, { ...request, context: { k: 'v' } })).toThrow('DateLessThan');
  });
});
