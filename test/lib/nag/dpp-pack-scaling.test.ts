import { CfnResource, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AccessLogsBucket, PiiBucket } from '../../../constructs/data';
import { DppChecks } from '../../../lib/nag/dpp-pack';
import { S3BucketRequiresTls12 } from '../../../lib/nag/rules/transit/S3BucketRequiresTls12';
import { PII_BUCKET_DECLARATION } from '../../fixtures/processing-declarations';
import { ruleFlags, testStack } from '../../helpers';

/** A stack with `buckets` PII buckets (each with its bucket policy), their key, endpoint and log bucket. */
function stackWithPiiBuckets(id: string, buckets: number): Stack {
  const stack = testStack(id);
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const endpoint = ec2.GatewayVpcEndpoint.fromGatewayVpcEndpointId(stack, 'S3', 'vpce-12345678');
  const accessLogs = new AccessLogsBucket(stack, 'AccessLogs', { retentionDays: 90 });
  for (let i = 0; i < buckets; i++) {
    new PiiBucket(stack, `Pii${i}`, {
      encryptionKey: key,
      retentionDays: 30,
      vpcEndpoints: [endpoint],
      accessLogs,
      processing: PII_BUCKET_DECLARATION,
    });
  }
  return stack;
}

/** Seconds per L1 resource of one run of the pack over `stack`, the best of `runs`. */
function secondsPerResource(stack: Stack, runs: number): number {
  const resources = stack.node.findAll().filter(CfnResource.isCfnResource).length;
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    new DppChecks().validateScope(stack);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return best / resources;
}

/**
 * Rules that span resources (a bucket and its policies) once rendered every candidate
 * for every target: 150 more PII buckets took the pack from 0.13 s to 9.4 s. The
 * budget is generous (3 times the time per resource of a small stack) so that a busy
 * machine does not fail it, and tight enough that quadratic growth (16 times here) does.
 */
describe('DPP pack', () => {
  test('fails if its time per resource grows with the size of the stack', () => {
    const small = stackWithPiiBuckets('Small', 10);
    const large = stackWithPiiBuckets('Large', 160);
    secondsPerResource(small, 1); // compiles the rules' code before timing
    const perResourceSmall = secondsPerResource(small, 2);
    const perResourceLarge = secondsPerResource(large, 2);
    expect(perResourceLarge).toBeLessThan(3 * perResourceSmall);
  });

  test('renders each resource once per run, and again in the next run', () => {
    const stack = stackWithPiiBuckets('Rendered', 2);
    const renders = jest.spyOn(CfnResource.prototype as any, '_toCloudFormation');
    new DppChecks().validateScope(stack);
    const resources = stack.node.findAll().filter(CfnResource.isCfnResource).length;
    expect(renders.mock.calls.length).toBeLessThanOrEqual(resources);
    new DppChecks().validateScope(stack);
    expect(renders.mock.calls.length).toBeLessThanOrEqual(2 * resources);
    expect(renders.mock.calls.length).toBeGreaterThan(resources);
    renders.mockRestore();
  });

  test('sees in a new run what changed since the last', () => {
    const stack = testStack('Changing');
    const bucket = new s3.Bucket(stack, 'Bucket');
    expect(ruleFlags(S3BucketRequiresTls12, bucket)).toBe(true);
    const deny = (conditions: Record<string, Record<string, unknown>>) =>
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:*'],
        resources: [bucket.bucketArn, bucket.arnForObjects('*')],
        conditions,
      });
    bucket.addToResourcePolicy(deny({ Bool: { 'aws:SecureTransport': 'false' } }));
    bucket.addToResourcePolicy(deny({ NumericLessThan: { 's3:TlsVersion': 1.2 } }));
    expect(ruleFlags(S3BucketRequiresTls12, bucket)).toBe(false);
  });
});
