import { arnPatternMatches, iamPatternMatches } from '../../../lib/policy/iam';

describe('IAM wildcard patterns', () => {
  test('actions match case-insensitively, ARNs case-sensitively', () => {
    expect(iamPatternMatches('S3:get*', 's3:GetObject')).toBe(true);
    expect(arnPatternMatches('arn:aws:s3:::Bucket/*', 'arn:aws:s3:::bucket/a')).toBe(false);
    expect(arnPatternMatches('arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b')).toBe(true);
  });

  test('a star in the value is no wildcard, and a star in the pattern still is', () => {
    expect(arnPatternMatches('arn:*:x', 'arn:*y:x')).toBe(true);
    expect(arnPatternMatches('a?c', 'a*c')).toBe(true);
    expect(arnPatternMatches('a*c', 'a*')).toBe(false);
  });

  test('backtracks over several stars', () => {
    expect(arnPatternMatches('*a*b*c', 'xxaxxbxxc')).toBe(true);
    expect(arnPatternMatches('*a*b*c', 'xxaxxcxxb')).toBe(false);
    expect(arnPatternMatches('**', '')).toBe(true);
    expect(arnPatternMatches('?', '')).toBe(false);
  });
});
