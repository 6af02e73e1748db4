import { CfnResource } from 'aws-cdk-lib';
import { cfnProperty, isTrue, objectValue, resolveLiteral } from '../../rule';

/** The four settings of S3's public access block. */
const PUBLIC_ACCESS_BLOCKS = [
  'BlockPublicAcls',
  'BlockPublicPolicy',
  'IgnorePublicAcls',
  'RestrictPublicBuckets',
];

/** Whether `bucket` turns on every setting of its public access block (values known at synth). */
export function blocksAllPublicAccess(bucket: CfnResource): boolean {
  const block = objectValue(
    bucket,
    cfnProperty(bucket, 'PublicAccessBlockConfiguration'),
    'PublicAccessBlockConfiguration',
  );
  return PUBLIC_ACCESS_BLOCKS.every((setting) =>
    isTrue(resolveLiteral(bucket, block?.[setting], `PublicAccessBlockConfiguration.${setting}`)),
  );
}
