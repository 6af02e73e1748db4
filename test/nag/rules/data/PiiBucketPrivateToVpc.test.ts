import { Fn } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { classify, markLegalArchive } from '../../../../constructs/data/classification';
import { PiiBucketPrivateToVpc } from '../../../../lib/nag/rules/data/PiiBucketPrivateToVpc';
import { ruleFlags, ruleOutcome, threw, testStack } from '../../../helpers';

describe('DPP-PiiBucketPrivateToVpc', () => {
  const stack = testStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  const endpoint = vpc.addGatewayEndpoint('S3Endpoint', {
    service: ec2.GatewayVpcEndpointAwsService.S3,
  });

  type StatementFor = (bucket: s3.IBucket) => iam.PolicyStatement;
  const deny =
    (
      actions: string[],
      conditions: Record<string, unknown>,
      overrides: { principals?: iam.IPrincipal[]; objects?: string; bucketToo?: boolean } = {},
    ): StatementFor =>
    (bucket) =>
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        principals: overrides.principals ?? [new iam.AnyPrincipal()],
        actions,
        resources: [
          ...(overrides.bucketToo ? [bucket.bucketArn] : []),
          bucket.arnForObjects(overrides.objects ?? '*'),
        ],
        conditions,
      });
  const denyOnBucket =
    (actions: string[], conditions: Record<string, unknown>): StatementFor =>
    (bucket) =>
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions,
        resources: [bucket.bucketArn],
        conditions,
      });
  const outsideVpc = { StringNotEquals: { 'aws:SourceVpce': endpoint.vpcEndpointId } };
  const presigned = { StringEquals: { 's3:authType': 'REST-QUERY-STRING' } };
  const OBJECT_CALLS = ['s3:GetObject*', 's3:PutObject*', 's3:DeleteObject*'];
  const denyOutsideVpc = deny(OBJECT_CALLS, outsideVpc);
  const denyListingOutsideVpc = denyOnBucket(['s3:ListBucket*'], outsideVpc);
  const denyPresigned = deny(['s3:GetObject'], presigned);
  const denyOtherAccounts = deny(['s3:*'], {
    StringNotEquals: { 'aws:PrincipalAccount': '123456789012' },
  });

  const piiBucket = (
    id: string,
    props: s3.BucketProps = {},
    statements: StatementFor[] = [
      denyOutsideVpc,
      denyListingOutsideVpc,
      denyPresigned,
      denyOtherAccounts,
    ],
  ) => {
    const bucket = new s3.Bucket(stack, id, {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      ...props,
    });
    statements.forEach((statement) => bucket.addToResourcePolicy(statement(bucket)));
    classify(bucket, 'pii');
    return bucket;
  };
  const flags = (bucket: IConstruct) => ruleFlags(PiiBucketPrivateToVpc, bucket);

  test('passes a PII bucket reachable only through the VPC endpoint and not by pre-signed URL', () => {
    expect(flags(piiBucket('Private'))).toBe(false);
  });

  test('passes one deny of s3:* outside the VPC (aws:SourceVpc, IfExists)', () => {
    const bucket = piiBucket('Wildcard', {}, [
      deny(
        ['s3:*'],
        { StringNotEqualsIfExists: { 'aws:SourceVpc': vpc.vpcId } },
        { bucketToo: true },
      ),
      denyPresigned,
      denyOtherAccounts,
    ]);
    expect(flags(bucket)).toBe(false);
  });

  test('passes a list-and-delete deny that exempts a named deletion role', () => {
    const exempt = {
      ...outsideVpc,
      ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/deletion' },
    };
    const bucket = piiBucket('NamedExempt', {}, [
      deny(['s3:GetObject*', 's3:PutObject*'], outsideVpc),
      deny(['s3:DeleteObject*', 's3:ListBucket*'], exempt, { bucketToo: true }),
      denyPresigned,
      denyOtherAccounts,
    ]);
    expect(flags(bucket)).toBe(false);
  });

  test('fails if listing is not denied outside the VPC', () => {
    expect(
      flags(piiBucket('Listable', {}, [denyOutsideVpc, denyPresigned, denyOtherAccounts])),
    ).toBe(true);
  });

  test('fails if deleting is not denied outside the VPC', () => {
    const bucket = piiBucket('Deletable', {}, [
      deny(['s3:GetObject*', 's3:PutObject*'], outsideVpc),
      denyListingOutsideVpc,
      denyPresigned,
      denyOtherAccounts,
    ]);
    expect(flags(bucket)).toBe(true);
  });

  test('fails if the VPC deny exempts a wildcard of roles', () => {
    const wildcard = {
      ...outsideVpc,
      ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/*' },
    };
    const bucket = piiBucket('WildcardExempt', {}, [
      deny(OBJECT_CALLS, wildcard),
      denyListingOutsideVpc,
      denyPresigned,
      denyOtherAccounts,
    ]);
    expect(flags(bucket)).toBe(true);
  });

  test('applies to a legal archive of PII too', () => {
    const archive = piiBucket('Archive', {}, [denyPresigned, denyOtherAccounts]);
    markLegalArchive(archive, 'tax');
    expect(flags(archive)).toBe(true);
  });

  test('fails if principals of other accounts are not denied', () => {
    expect(flags(piiBucket('OtherAccounts', {}, [denyOutsideVpc, denyPresigned]))).toBe(true);
  });

  test('fails if public access is not fully blocked', () => {
    const bucket = piiBucket('PublicPolicyAllowed', {
      blockPublicAccess: new s3.BlockPublicAccess({
        blockPublicAcls: true,
        ignorePublicAcls: true,
        blockPublicPolicy: false,
        restrictPublicBuckets: false,
      }),
    });
    expect(flags(bucket)).toBe(true);
  });

  test('fails if ACLs are enabled', () => {
    const bucket = piiBucket('Acls', {
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
    });
    expect(flags(bucket)).toBe(true);
  });

  test('fails if the bucket has no bucket policy', () => {
    expect(flags(piiBucket('NoPolicy', { enforceSSL: false }, []))).toBe(true);
  });

  test('fails if reads and writes are not limited to the VPC endpoint', () => {
    expect(flags(piiBucket('AnyNetwork', {}, [denyListingOutsideVpc, denyPresigned]))).toBe(true);
  });

  test('fails if the VPC deny covers reads only', () => {
    const bucket = piiBucket('ReadsOnly', {}, [deny(['s3:GetObject'], outsideVpc), denyPresigned]);
    expect(flags(bucket)).toBe(true);
  });

  test('fails if the VPC deny covers one prefix only', () => {
    const bucket = piiBucket('OnePrefix', {}, [
      deny(['s3:GetObject', 's3:PutObject'], outsideVpc, { objects: 'exports/*' }),
      denyPresigned,
    ]);
    expect(flags(bucket)).toBe(true);
  });

  test('fails if the VPC deny applies to one principal only', () => {
    const bucket = piiBucket('OnePrincipal', {}, [
      deny(['s3:GetObject', 's3:PutObject'], outsideVpc, {
        principals: [new iam.AccountRootPrincipal()],
      }),
      denyPresigned,
    ]);
    expect(flags(bucket)).toBe(true);
  });

  test('fails if the VPC deny conditions on another key', () => {
    const bucket = piiBucket('OtherKey', {}, [
      deny(['s3:GetObject', 's3:PutObject'], { StringNotEquals: { 'aws:SourceAccount': '1' } }),
      denyPresigned,
    ]);
    expect(flags(bucket)).toBe(true);
  });

  test('fails if pre-signed URLs are not denied', () => {
    expect(flags(piiBucket('Presigned', {}, [denyOutsideVpc]))).toBe(true);
  });

  test('fails if a public access block setting is not known at synth', () => {
    const bucket = piiBucket('ImportedBlock');
    (bucket.node.defaultChild as s3.CfnBucket).addPropertyOverride(
      'PublicAccessBlockConfiguration.BlockPublicAcls',
      Fn.importValue('BlockPublicAcls'),
    );
    expect(ruleOutcome(PiiBucketPrivateToVpc, bucket)).toEqual(
      threw(
        /^PublicAccessBlockConfiguration\.BlockPublicAcls of \S+ is \{"Fn::ImportValue":"BlockPublicAcls"\}, not a value known at synth$/,
      ),
    );
  });

  test('does not apply to an unclassified bucket', () => {
    expect(flags(new s3.Bucket(stack, 'Unclassified'))).toBe(false);
  });
});
