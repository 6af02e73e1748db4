import { coversAllResources, coversService, grantsOf } from '../../../lib/access-review';
import { decodePolicyDocument } from '../../../lib/access-review/policy-grants';
import { allow, encoded } from './fakes';

const kinds = (document: object) =>
  grantsOf(document).map((g) => (g.kind === 'admin' ? `admin/${g.via}` : `${g.service}/${g.via}`));

describe('policy grants', () => {
  test.each([
    ['"*" on "*"', allow('*'), ['admin/Action']],
    ['"*:*" on "*"', allow('*:*'), ['admin/Action']],
    ['"s3:*" on "*"', allow('s3:*'), ['s3/Action']],
    ['a service in upper case, "S3:*"', allow('S3:*'), ['s3/Action']],
    ['"s3:?*", every s3 action spelled another way', allow('s3:?*'), ['s3/Action']],
    ['"s*" (every service starting with s)', allow('s*'), ['s3/Action', 'secretsmanager/Action']],
    [
      '"dynamodb:*" on every table of the account',
      allow('dynamodb:*', 'arn:aws:dynamodb:eu-west-1:111111111111:table/*'),
      ['dynamodb/Action'],
    ],
    [
      '"kms:*" on every key',
      allow(['kms:*', 'secretsmanager:*'], 'arn:aws:kms:*:*:key/*'),
      ['kms/Action'],
    ],
    [
      '"secretsmanager:*" on "arn:aws:*"',
      allow('secretsmanager:*', 'arn:aws:*'),
      ['secretsmanager/Action'],
    ],
    ['"s3:*" on every bucket', allow('s3:*', 'arn:aws:s3:::*'), ['s3/Action']],
    ['"s3:*" on every object of every bucket', allow('s3:*', 'arn:aws:s3:::*/*'), ['s3/Action']],
  ])('flags %s', (_, document, expected) => {
    expect(kinds(document)).toEqual(expected);
  });

  test('flags NotAction that leaves IAM and every data service in as admin, and each data service', () => {
    const document = {
      Statement: [{ Effect: 'Allow', NotAction: ['organizations:*'], Resource: '*' }],
    };
    expect(kinds(document)).toEqual([
      'admin/NotAction',
      's3/NotAction',
      'dynamodb/NotAction',
      'kms/NotAction',
      'secretsmanager/NotAction',
    ]);
  });

  test('flags PowerUserAccess (NotAction iam:*) as wildcard data access, not admin', () => {
    const document = {
      Statement: [
        {
          Effect: 'Allow',
          NotAction: ['iam:*', 'organizations:*', 'account:*', 's3:*'],
          Resource: '*',
        },
      ],
    };
    expect(kinds(document)).toEqual([
      'dynamodb/NotAction',
      'kms/NotAction',
      'secretsmanager/NotAction',
    ]);
  });

  test('flags a grant under a condition and says it is conditional', () => {
    const document = {
      Statement: [
        {
          Effect: 'Allow',
          Action: '*',
          Resource: '*',
          Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
        },
      ],
    };
    expect(grantsOf(document)).toEqual([{ kind: 'admin', via: 'Action', conditional: true }]);
  });

  test('flags NotResource as every resource', () => {
    expect(
      kinds({
        Statement: {
          Effect: 'Allow',
          Action: 'kms:*',
          NotResource: 'arn:aws:kms:eu-west-1:1:key/x',
        },
      }),
    ).toEqual(['kms/Action']);
  });

  test.each([
    ['named actions on "*"', allow(['s3:GetObject', 's3:PutObject'])],
    ['"s3:Get*" (a family, not every action)', allow('s3:Get*')],
    [
      '"s3:*" on one bucket',
      allow('s3:*', ['arn:aws:s3:::pii-bucket', 'arn:aws:s3:::pii-bucket/*']),
    ],
    [
      '"dynamodb:*" on one table',
      allow('dynamodb:*', 'arn:aws:dynamodb:eu-west-1:111111111111:table/pii'),
    ],
    ['"kms:*" on one key', allow('kms:*', 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab')],
    ['"*" on one resource', allow('*', 'arn:aws:s3:::pii-bucket')],
    ['a Deny of "*"', { Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }],
    ['a non-data service wildcard, "logs:*"', allow('logs:*')],
    ['"s3:?" (one-letter actions only)', allow('s3:?')],
  ])('does not flag %s', (_, document) => {
    expect(grantsOf(document)).toEqual([]);
  });

  test('reports one grant per service, unconditional over conditional', () => {
    const document = {
      Statement: [
        {
          Effect: 'Allow',
          Action: 's3:*',
          Resource: '*',
          Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
        },
        { Effect: 'Allow', Action: 's3:*', Resource: '*' },
      ],
    };
    expect(grantsOf(document)).toEqual([
      { kind: 'wildcard-data', service: 's3', via: 'Action', conditional: false },
    ]);
  });

  test('decodes URL-encoded documents as GetAccountAuthorizationDetails returns them, and plain JSON', () => {
    expect(decodePolicyDocument(encoded(allow('s3:*')))).toEqual(allow('s3:*'));
    expect(decodePolicyDocument(JSON.stringify(allow('s3:*', 'arn:aws:s3:::a%b')))).toEqual(
      allow('s3:*', 'arn:aws:s3:::a%b'),
    );
  });

  test('fails if a document is not a policy', () => {
    expect(() => decodePolicyDocument('%7Bnot json')).toThrow('not a JSON policy document');
    expect(() => grantsOf({ Version: '2012-10-17' })).toThrow('no Statement');
  });

  test('matches actions and resources as IAM does', () => {
    expect(coversService('*', 'kms')).toBe(true);
    expect(coversService('kms:*', 'kms')).toBe(true);
    expect(coversService('kms:Decrypt', 'kms')).toBe(false);
    expect(coversService('km?:*', 'kms')).toBe(true);
    expect(coversAllResources('*', 's3')).toBe(true);
    expect(coversAllResources('arn:aws:s3:::bucket*', 's3')).toBe(false);
    expect(coversAllResources('arn:aws:dynamodb:*:*:table/*', 's3')).toBe(false);
  });
});
