import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule, cfnProperty, isTrue, objectList, objectValue, resolveLiteral } from '../../rule';
import {
  Statement,
  conditionValues,
  coversAction,
  isAnyPrincipal,
  statementsOf,
} from '../../policy';
import { resourcesReferringTo } from '../../template';
import { isBucketArnWith, isPiiBucket } from './pii-stores';

const PUBLIC_ACCESS_BLOCKS = [
  'BlockPublicAcls',
  'BlockPublicPolicy',
  'IgnorePublicAcls',
  'RestrictPublicBuckets',
];

function blocksAllPublicAccess(bucket: CfnResource): boolean {
  const block = objectValue(
    bucket,
    cfnProperty(bucket, 'PublicAccessBlockConfiguration'),
    'PublicAccessBlockConfiguration',
  );
  return PUBLIC_ACCESS_BLOCKS.every((setting) =>
    isTrue(resolveLiteral(bucket, block?.[setting], `PublicAccessBlockConfiguration.${setting}`)),
  );
}

/** ACLs disabled: only the bucket policy grants access, and no object ACL can make one public. */
function disablesAcls(bucket: CfnResource): boolean {
  const controls = objectValue(
    bucket,
    cfnProperty(bucket, 'OwnershipControls'),
    'OwnershipControls',
  );
  return objectList(bucket, controls?.Rules, 'OwnershipControls.Rules').some(
    (rule) =>
      resolveLiteral(bucket, rule.ObjectOwnership, 'OwnershipControls.Rules[].ObjectOwnership') ===
      'BucketOwnerEnforced',
  );
}

/** The statements of every bucket policy attached to `bucket`. */
function bucketPolicyStatements(bucket: CfnResource): Statement[] {
  return resourcesReferringTo(bucket, 'AWS::S3::BucketPolicy', 'Bucket').flatMap((policy) =>
    statementsOf(cfnProperty(policy, 'PolicyDocument')),
  );
}

/** A Deny for anyone on every object of the bucket: nothing but a condition narrows it. */
function deniesEveryoneOnAllObjects(statement: Statement, bucket: CfnResource): boolean {
  return (
    statement.effect === 'Deny' &&
    isAnyPrincipal(statement.principal) &&
    statement.resources.some(
      (resource) => resource === '*' || isBucketArnWith(resource, bucket, '/*'),
    )
  );
}

const requestsOutsideVpc = (statement: Statement): boolean =>
  ['aws:SourceVpce', 'aws:SourceVpc'].some(
    (key) =>
      conditionValues(statement, ['StringNotEquals', 'StringNotEqualsIfExists'], key).length > 0,
  );

const requestsFromOtherAccounts = (statement: Statement): boolean =>
  conditionValues(statement, ['StringNotEquals', 'StringNotEqualsIfExists'], 'aws:PrincipalAccount')
    .length > 0;

const presignedRequests = (statement: Statement): boolean =>
  conditionValues(statement, ['StringEquals'], 's3:authType').includes('REST-QUERY-STRING');

/** Whether some statement that `matches` denies each of `actions` to anyone on every object. */
function deniesActions(
  bucket: CfnResource,
  statements: readonly Statement[],
  actions: readonly string[],
  matches: (statement: Statement) => boolean,
): boolean {
  const denials = statements.filter(
    (statement) => deniesEveryoneOnAllObjects(statement, bucket) && matches(statement),
  );
  return actions.every((action) => denials.some((statement) => coversAction(statement, action)));
}

/**
 * DPP 2.3 and DUP 4.7: PII is never reachable through a public link or from outside
 * the internal network. The bucket blocks all public access and disables ACLs, and
 * its policy denies object reads and writes that do not come through the VPC's
 * endpoint or come from another account's principals, and denies reads by
 * pre-signed URL, which would hand PII to whoever holds the link wherever they are.
 */
export const PiiBucketPrivateToVpc: DppRule = {
  name: 'PiiBucketPrivateToVpc',
  clauses: ['DPP 2.3', 'DUP 4.7'],
  finding:
    'The PII bucket can be reached from outside the VPC. Block all public access, disable ACLs (BucketOwnerEnforced), and in its bucket policy deny s3:GetObject and s3:PutObject not made through the VPC endpoint (aws:SourceVpce) or by another account (aws:PrincipalAccount), and s3:GetObject by pre-signed URL (s3:authType REST-QUERY-STRING).',
  check(node: CfnResource) {
    if (!isPiiBucket(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const statements = bucketPolicyStatements(node);
    const compliant =
      blocksAllPublicAccess(node) &&
      disablesAcls(node) &&
      deniesActions(node, statements, ['s3:GetObject', 's3:PutObject'], requestsOutsideVpc) &&
      deniesActions(
        node,
        statements,
        ['s3:GetObject', 's3:PutObject'],
        requestsFromOtherAccounts,
      ) &&
      deniesActions(node, statements, ['s3:GetObject'], presignedRequests);
    return compliant ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
