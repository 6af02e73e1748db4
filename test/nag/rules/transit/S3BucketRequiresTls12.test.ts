import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { S3BucketRequiresTls12 } from '../../../../lib/nag/rules/transit/S3BucketRequiresTls12';
import { ruleFlags, testStack } from '../../../helpers';

describe('DPP-S3BucketRequiresTls12', () => {
  const stack = testStack();
  /** A deny to everyone of `actions` (every S3 action by default) on `bucket` under `conditions`. */
  const denyAll = (
    bucket: s3.IBucket,
    conditions: Record<string, Record<string, unknown>>,
    actions = ['s3:*'],
  ) =>
    new iam.PolicyStatement({
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions,
      resources: [bucket.bucketArn, bucket.arnForObjects('*')],
      conditions,
    });

  test('fails if the bucket has no bucket policy', () => {
    expect(ruleFlags(S3BucketRequiresTls12, new s3.Bucket(stack, 'NoPolicy'))).toBe(true);
  });

  test('fails if the bucket enforces SSL without a minimum TLS version', () => {
    const bucket = new s3.Bucket(stack, 'SslOnly', { enforceSSL: true });
    expect(ruleFlags(S3BucketRequiresTls12, bucket)).toBe(true);
  });

  test('fails if the minimum TLS version is 1.1', () => {
    const bucket = new s3.Bucket(stack, 'Tls11', { enforceSSL: true, minimumTLSVersion: 1.1 });
    expect(ruleFlags(S3BucketRequiresTls12, bucket)).toBe(true);
  });

  test('fails if the denies cover only some S3 actions', () => {
    const bucket = new s3.Bucket(stack, 'GetOnly');
    const getObject = ['s3:GetObject'];
    bucket.addToResourcePolicy(
      denyAll(bucket, { Bool: { 'aws:SecureTransport': 'false' } }, getObject),
    );
    bucket.addToResourcePolicy(
      denyAll(bucket, { NumericLessThan: { 's3:TlsVersion': 1.2 } }, getObject),
    );
    expect(ruleFlags(S3BucketRequiresTls12, bucket)).toBe(true);
  });

  test('fails if both conditions share one statement (a request without TLS has no TlsVersion)', () => {
    const bucket = new s3.Bucket(stack, 'Combined');
    bucket.addToResourcePolicy(
      denyAll(bucket, {
        Bool: { 'aws:SecureTransport': 'false' },
        NumericLessThan: { 's3:TlsVersion': 1.2 },
      }),
    );
    expect(ruleFlags(S3BucketRequiresTls12, bucket)).toBe(true);
  });

  test("fails if the denies name another bucket's resources", () => {
    const bucket = new s3.Bucket(stack, 'Target');
    const other = new s3.Bucket(stack, 'Other');
    bucket.addToResourcePolicy(denyAll(other, { Bool: { 'aws:SecureTransport': 'false' } }));
    bucket.addToResourcePolicy(denyAll(other, { NumericLessThan: { 's3:TlsVersion': 1.2 } }));
    expect(ruleFlags(S3BucketRequiresTls12, bucket)).toBe(true);
  });

  test('passes a bucket with enforceSSL and minimumTLSVersion 1.2', () => {
    const bucket = new s3.Bucket(stack, 'Tls12', { enforceSSL: true, minimumTLSVersion: 1.2 });
    expect(ruleFlags(S3BucketRequiresTls12, bucket)).toBe(false);
  });

  test('passes denies written with a boolean false and a string version', () => {
    const bucket = new s3.Bucket(stack, 'Literal');
    bucket.addToResourcePolicy(denyAll(bucket, { Bool: { 'aws:SecureTransport': false } }));
    bucket.addToResourcePolicy(denyAll(bucket, { NumericLessThan: { 's3:TlsVersion': '1.3' } }));
    expect(ruleFlags(S3BucketRequiresTls12, bucket)).toBe(false);
  });

  test('does not apply to the bucket policy itself', () => {
    const bucket = new s3.Bucket(stack, 'WithPolicy', { enforceSSL: true });
    expect(ruleFlags(S3BucketRequiresTls12, bucket.policy!)).toBe(false);
  });
});
