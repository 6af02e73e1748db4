import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { iamPatternMatches } from '../../../policy/iam';
import { DppRule } from '../../rule';
import { Statement } from '../../policy';
import { attachedManagedPolicyArns, grantingDocuments } from './iam-documents';

/** The services that hold Information or guard it: objects, items, keys, secrets. */
export const DATA_SERVICES = ['s3', 'dynamodb', 'kms', 'secretsmanager'] as const;

/**
 * AWS managed policies known to allow every action of a data service (`*`,
 * `s3:*`, `dynamodb:*`, `secretsmanager:*`, or everything but IAM). A template names
 * them by ARN only, so the rule knows them by name.
 */
export const WIDE_AWS_MANAGED_POLICIES = [
  'AdministratorAccess',
  'PowerUserAccess',
  'AmazonS3FullAccess',
  'AmazonDynamoDBFullAccess',
  'AmazonDynamoDBFullAccess_v2',
  'AmazonDynamoDBFullAccesswithDataPipeline',
  'SecretsManagerReadWrite',
];

/**
 * Whether an action pattern stands for every action of `service`: `*`, `s3:*`, `s3:**`,
 * `*:*`, `s?:*`. A pattern whose action part names anything (`s3:Get*`) does not.
 */
export function coversWholeService(pattern: string, service: string): boolean {
  if (/^[*?]*\*[*?]*$/.test(pattern)) return true;
  const colon = pattern.indexOf(':');
  if (colon < 0) return false;
  const [servicePart, actionPart] = [pattern.slice(0, colon), pattern.slice(colon + 1)];
  return iamPatternMatches(servicePart, service) && /^[*?]*\*[*?]*$/.test(actionPart);
}

/**
 * The data services for which an Allow statement grants every action: an action that
 * covers the whole service, or a `NotAction` that does not exclude the whole service
 * (everything but a few of its actions is still a wildcard on it).
 */
export function wildcardDataServices(statement: Statement): string[] {
  if (statement.effect !== 'Allow') return [];
  return DATA_SERVICES.filter((service) => {
    const covered = statement.actions.some((action) => coversWholeService(action, service));
    return statement.notAction ? !covered : covered;
  });
}

/** An AWS managed policy (`arn:<partition>:iam::aws:policy/<path/>name`) of the wide list. */
function wideManagedPolicy(arn: string): string | undefined {
  const marker = ':iam::aws:policy/';
  const at = arn.indexOf(marker);
  if (at < 0) return undefined;
  const name = arn
    .slice(at + marker.length)
    .split('/')
    .pop();
  return WIDE_AWS_MANAGED_POLICIES.find((wide) => wide === name);
}

/**
 * DPP 1.3, AUP 3.9, DUP 3.5 and DUP 4.8: access to Information is granted action by
 * action on a need-to-know basis. No policy that grants permissions (identity
 * policies inline or managed, permission sets, key, bucket, access point, secret and
 * table policies) may allow every action of S3, DynamoDB, KMS or Secrets Manager,
 * whether through `*`, `<service>:*` or a `NotAction` that leaves the service in, and
 * no role, user, group or permission set may attach an AWS managed policy that does.
 * Deny statements are not grants and are not flagged; neither are policies that only
 * cap permissions (boundaries, VPC endpoint policies).
 */
export const IAMPolicyNoDataServiceWildcard: DppRule = {
  name: 'IAMPolicyNoDataServiceWildcard',
  clauses: ['DPP 1.3', 'AUP 3.9', 'DUP 3.5', 'DUP 4.8'],
  finding: `The policy allows every action of a data service (${DATA_SERVICES.join(', ')}) through '*', '<service>:*', a NotAction that leaves the service in, or an AWS managed policy such as ${WIDE_AWS_MANAGED_POLICIES.slice(0, 3).join(', ')}. Name the actions the job needs.`,
  check(node: CfnResource) {
    const documents = grantingDocuments(node);
    const managed = [
      'AWS::IAM::Role',
      'AWS::IAM::User',
      'AWS::IAM::Group',
      'AWS::SSO::PermissionSet',
    ].includes(node.cfnResourceType)
      ? attachedManagedPolicyArns(node)
      : [];
    if (documents.length === 0 && managed.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
    const wide =
      documents.some((d) => d.statements.some((s) => wildcardDataServices(s).length > 0)) ||
      managed.some((arn) => wideManagedPolicy(arn) !== undefined);
    return wide ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
};
