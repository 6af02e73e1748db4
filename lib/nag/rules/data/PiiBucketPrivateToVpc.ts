import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule, cfnProperty, objectList, objectValue, resolveLiteral } from '../../rule';
import {
  Statement,
  conditionValues,
  coversAction,
  isAnyPrincipal,
  statementsOf,
} from '../../policy';
import { DATA_CLASSIFICATION_TAG } from '../../../policy/classification';
import { resourcesReferringTo, tagValue } from '../../template';
import { isArchiveBucket, isBucketArnWith, isPiiBucket } from './pii-stores';
import { perimeterCovers } from './vpc-perimeter';
import { blocksAllPublicAccess } from './public-access';

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

/** Object calls that only the VPC's endpoint may carry: read, write, delete. */
const OBJECT_ACTIONS = [
  's3:GetObject',
  's3:PutObject',
  's3:DeleteObject',
  's3:DeleteObjectVersion',
];
/** Bucket calls that only the VPC's endpoint may carry: listing keys and versions. */
const BUCKET_ACTIONS = ['s3:ListBucket', 's3:ListBucketVersions'];

/** Whether the bucket is classified `pii`: live PII or a legal archive of it. */
function holdsPii(node: CfnResource): boolean {
  return (
    isPiiBucket(node) ||
    (isArchiveBucket(node) && tagValue(node, DATA_CLASSIFICATION_TAG) === 'pii')
  );
}

const onResource =
  (bucket: CfnResource, suffix: string) =>
  (statement: Statement): boolean =>
    statement.resources.some(
      (resource) => resource === '*' || isBucketArnWith(resource, bucket, suffix),
    );

/** Reads, writes, deletes, listing: all denied outside the VPC's endpoint. */
function keepsInsideVpc(bucket: CfnResource, statements: readonly Statement[]): boolean {
  return (
    perimeterCovers(statements, OBJECT_ACTIONS, onResource(bucket, '/*')) &&
    perimeterCovers(statements, BUCKET_ACTIONS, onResource(bucket, ''))
  );
}

/**
 * DPP 2.3 and DUP 4.7: PII is never reachable through a public link or from outside
 * the internal network. The bucket (live PII or a legal archive of it) blocks all
 * public access and disables ACLs, and its policy denies to every principal object
 * reads, writes and deletes and listing that do not come through the VPC's endpoint
 * (named roles may be exempted for a documented path, e.g. deletion), denies another
 * account's principals, and denies reads by pre-signed URL, which would hand PII to
 * whoever holds the link wherever they are.
 */
export const PiiBucketPrivateToVpc: DppRule = {
  name: 'PiiBucketPrivateToVpc',
  clauses: ['DPP 2.3', 'DUP 4.7'],
  finding:
    "The PII bucket can be reached from outside the VPC. Block all public access, disable ACLs (BucketOwnerEnforced), and in its bucket policy deny to Principal '*' s3:GetObject, s3:PutObject, s3:DeleteObject(Version) and s3:ListBucket(Versions) not made through the VPC endpoint (StringNotEquals aws:SourceVpce; exemptions only for named roles), deny another account (aws:PrincipalAccount), and deny s3:GetObject by pre-signed URL (s3:authType REST-QUERY-STRING).",
  check(node: CfnResource) {
    if (!holdsPii(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const statements = bucketPolicyStatements(node);
    const compliant =
      blocksAllPublicAccess(node) &&
      disablesAcls(node) &&
      keepsInsideVpc(node, statements) &&
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
