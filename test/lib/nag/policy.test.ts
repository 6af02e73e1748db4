import { coversAction, Statement } from '../../../lib/nag/policy';

const allow = (actions: string[], notAction = false): Statement => ({
  effect: 'Allow',
  actions,
  notAction,
  resources: ['*'],
  notResources: [],
  condition: {},
});

describe('coversAction: IAM wildcards as IAM reads them', () => {
  test.each([
    ['s3:GetObject', 's3:GetObject', true],
    ['s3:Get*', 's3:GetObject', true],
    ['S3:getobject', 's3:GetObject', true],
    ['s3:*', 's3:GetObject', true],
    ['*', 'kms:Decrypt', true],
    ['s3:Get?bject', 's3:GetObject', true],
    ['s3:Get?', 's3:GetObject', false],
    ['s3:Put*', 's3:GetObject', false],
    ['s3:GetObject*', 's3:GetObject', true],
    ['kms:*Key*', 'kms:GenerateDataKey', true],
    ['s3:Get.bject', 's3:GetObject', false],
    ['s3:a*b', 's3:a*xb', true],
    ['s3:*Object', 's3:Object', true],
  ])('%s covers %s: %s', (pattern, action, expected) => {
    expect(coversAction(allow([pattern]), action)).toBe(expected);
  });

  test('a NotAction statement covers what its patterns do not name', () => {
    expect(coversAction(allow(['s3:Delete*'], true), 's3:GetObject')).toBe(true);
    expect(coversAction(allow(['s3:*'], true), 's3:GetObject')).toBe(false);
  });

  test('a pattern crafted with many wildcards cannot stall the check', () => {
    const crafted = `s3:${'*a'.repeat(40)}b`;
    const started = Date.now();
    expect(coversAction(allow([crafted]), `s3:${'a'.repeat(5000)}`)).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
