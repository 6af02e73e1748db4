import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { BaselineData, BaselineDataProps } from '../../../constructs/data';
import { DataClassKeys } from '../../../constructs/keys';

/** The gateway endpoints the data stores are private to, imported by id. */
export const S3_ENDPOINT_ID = 'vpce-0123456789abcdef0';
export const DYNAMODB_ENDPOINT_ID = 'vpce-0fedcba9876543210';

/**
 * The data stores as the baseline stack composes them (30-day PII retention, 7 days of
 * point-in-time recovery, a 10-year COMPLIANCE tax archive, 365-day logs), on `keys`,
 * private to imported gateway endpoints unless `overrides` gives others.
 */
export function baselineData(
  scope: Construct,
  keys: DataClassKeys,
  declarations: BaselineDataProps['declarations'],
  overrides: Partial<BaselineDataProps> = {},
): BaselineData {
  const gateway = (id: string, vpce: string) =>
    ec2.GatewayVpcEndpoint.fromGatewayVpcEndpointId(scope, id, vpce);
  return new BaselineData(scope, 'Data', {
    piiKey: keys.pii,
    taxArchiveKey: keys.taxArchive,
    s3Endpoint: overrides.s3Endpoint ?? gateway('S3Endpoint', S3_ENDPOINT_ID),
    dynamoDbEndpoint:
      overrides.dynamoDbEndpoint ?? gateway('DynamoDbEndpoint', DYNAMODB_ENDPOINT_ID),
    piiRetentionDays: 30,
    pitrRecoveryPeriodDays: 7,
    taxArchiveRetentionYears: 10,
    taxArchiveObjectLockMode: 'COMPLIANCE',
    logRetentionDays: 365,
    declarations,
    ...overrides,
  });
}
