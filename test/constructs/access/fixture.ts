import { App } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  BaselineAccessProps,
  HumanPrincipals,
  JobFunctionAccess,
} from '../../../constructs/access';
import { ProcessingDeclaration } from '../../../constructs/data';
import { DataClassKeys } from '../../../constructs/keys';
import { testApp, testStack } from '../../helpers';
import { baselineData } from '../data/fixture';

export const ORG_ID = 'o-abcdef1234';
export const IDENTITY_ACCOUNT = '210987654321';
export const PREFIX = 'spapi-dpp-prod';

const DECLARATION: ProcessingDeclaration = {
  dataset: 'Orders to ship',
  fields: [
    {
      name: 'shippingAddress',
      description: 'Where the order goes',
      collectedFrom: 'Orders API getOrderAddress',
      purposes: ['merchant-fulfilled shipping'],
    },
  ],
};

/** Users of an Identity Center permission set. */
export const identityCenter = (...permissionSetNames: string[]): HumanPrincipals => ({
  kind: 'identity-center',
  permissionSetNames,
  mfa: 'enforced-by-identity-provider',
});

/** IAM principals of the identity account, with MFA. */
export const identityAccount = (...principalArns: string[]): HumanPrincipals => ({
  kind: 'iam-principals',
  account: IDENTITY_ACCOUNT,
  principalArns,
});

const access = (principals: HumanPrincipals): JobFunctionAccess => ({ principals: [principals] });

/** A stack with keys and data stores, as the baseline stack composes them, in an app that skips bundling. */
export function dataStack(id = 'Access', app: App = testApp({ 'aws:cdk:bundling-stacks': [] })) {
  const stack = testStack(id, app);
  const keys = new DataClassKeys(stack, 'Keys', {
    projectName: 'spapi-dpp',
    environmentName: 'prod',
  });
  const data = baselineData(stack, keys, {
    piiTable: DECLARATION,
    piiBucket: DECLARATION,
    taxArchive: DECLARATION,
  });
  return { app, stack, keys, data };
}

/** The props a baseline stack would pass, with every optional input given. */
export function accessProps(
  { stack, keys, data }: ReturnType<typeof dataStack>,
  overrides: Partial<BaselineAccessProps> = {},
): BaselineAccessProps {
  return {
    namePrefix: PREFIX,
    organizationId: ORG_ID,
    passwordPolicy: { ownership: 'this-environment' },
    logEncryptionKey: keys.auditLogs,
    logRetentionDays: 365,
    fulfillmentOperator: access(identityCenter('FulfillmentOperator')),
    taxOfficer: access(identityCenter('TaxOfficer')),
    securityAuditor: access(identityCenter('SecurityAuditor')),
    platformAdministrator: access(identityCenter('PlatformAdministrator')),
    breakGlass: access(identityAccount(`arn:aws:iam::${IDENTITY_ACCOUNT}:role/BreakGlass`)),
    piiTable: data.piiTable,
    piiBucket: data.piiBucket,
    taxArchive: data.taxArchive,
    otherInformationRoles: [data.deletionRole],
    trailBucket: s3.Bucket.fromBucketName(stack, 'TrailBucket', 'spapi-dpp-prod-trail'),
    trailLogGroup: logs.LogGroup.fromLogGroupName(stack, 'TrailLogs', 'spapi-dpp-prod-trail'),
    securityTopic: sns.Topic.fromTopicArn(
      stack,
      'SecurityTopic',
      'arn:aws:sns:eu-west-1:123456789012:security',
    ),
    ...overrides,
  };
}

/** A role name of the fixture's prefix. */
export const roleName = (jobFunction: string) => `${PREFIX}-${jobFunction}`;
