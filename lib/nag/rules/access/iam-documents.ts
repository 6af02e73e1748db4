import { CfnResource } from 'aws-cdk-lib';
import {
  cfnProperties,
  cfnProperty,
  objectList,
  objectValue,
  UnresolvedValueError,
} from '../../rule';
import { Statement, statementsOf } from '../../policy';
import { refersTo, stackResourcesOfType } from '../../template';

/**
 * Reading IAM policy documents and trust policies the way the `access` rules need:
 * which documents of a resource grant permissions, and what a trust statement admits.
 */

/** A policy document a resource carries, and where (for messages). */
export interface GrantingDocument {
  readonly where: string;
  readonly statements: readonly Statement[];
}

const doc = (where: string, document: unknown): GrantingDocument => ({
  where,
  statements: statementsOf(document),
});

/** Inline `Policies` of a role, user or group. */
function inlinePolicies(node: CfnResource): GrantingDocument[] {
  return objectList(node, cfnProperty(node, 'Policies'), 'Policies').map((policy, i) =>
    doc(`Policies[${i}]`, policy.PolicyDocument),
  );
}

/** The resource policy of a DynamoDB table or stream specification. */
function dynamoDbResourcePolicy(
  node: CfnResource,
  holder: unknown,
  where: string,
): GrantingDocument[] {
  const policy = objectValue(
    node,
    objectValue(node, holder, where)?.ResourcePolicy,
    `${where}.ResourcePolicy`,
  );
  return policy ? [doc(`${where}.ResourcePolicy`, policy.PolicyDocument)] : [];
}

/**
 * The documents of `node` that grant permissions: identity policies (inline, managed,
 * permission sets) and resource policies (key, bucket, access point, secret, table).
 * Policies that only cap permissions and grant nothing by themselves are not here:
 * VPC endpoint policies, service control policies, and managed policies used only as
 * permissions boundaries (see `isBoundaryOnly`).
 */
export function grantingDocuments(node: CfnResource): GrantingDocument[] {
  const p = (name: string) => cfnProperty(node, name);
  switch (node.cfnResourceType) {
    case 'AWS::IAM::Policy':
    case 'AWS::IAM::RolePolicy':
    case 'AWS::IAM::UserPolicy':
    case 'AWS::IAM::GroupPolicy':
    case 'AWS::S3::BucketPolicy':
      return [doc('PolicyDocument', p('PolicyDocument'))];
    case 'AWS::IAM::ManagedPolicy':
      return isBoundaryOnly(node) ? [] : [doc('PolicyDocument', p('PolicyDocument'))];
    case 'AWS::IAM::Role':
    case 'AWS::IAM::User':
    case 'AWS::IAM::Group':
      return inlinePolicies(node);
    case 'AWS::SSO::PermissionSet':
      return p('InlinePolicy') === undefined ? [] : [doc('InlinePolicy', p('InlinePolicy'))];
    case 'AWS::KMS::Key':
      return [doc('KeyPolicy', p('KeyPolicy'))];
    case 'AWS::S3::AccessPoint':
      return p('Policy') === undefined ? [] : [doc('Policy', p('Policy'))];
    case 'AWS::SecretsManager::ResourcePolicy':
      return [doc('ResourcePolicy', p('ResourcePolicy'))];
    case 'AWS::DynamoDB::Table':
      return [
        ...dynamoDbResourcePolicy(node, cfnProperties(node), 'Table'),
        ...dynamoDbResourcePolicy(node, p('StreamSpecification'), 'StreamSpecification'),
      ];
    case 'AWS::DynamoDB::GlobalTable':
      return objectList(node, p('Replicas'), 'Replicas').flatMap((replica, i) =>
        dynamoDbResourcePolicy(node, replica, `Replicas[${i}]`),
      );
    default:
      return [];
  }
}

/**
 * The managed policy ARNs attached to a role, user, group or permission set, as text
 * (references flattened, e.g. `arn:<AWS::Partition>:iam::aws:policy/AdministratorAccess`).
 */
export function attachedManagedPolicyArns(node: CfnResource): string[] {
  const property =
    node.cfnResourceType === 'AWS::SSO::PermissionSet' ? 'ManagedPolicies' : 'ManagedPolicyArns';
  const arns = cfnProperty(node, property);
  if (arns === undefined) return [];
  if (!Array.isArray(arns)) {
    throw new UnresolvedValueError(`${property} of ${node.node.path} is not a list known at synth`);
  }
  return arns.map(flatten);
}

/** A resolved value as text: literals as they are, references as `<LogicalId>` or `<LogicalId.Attr>`. */
export function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') return String(value);
  const node = value as Record<string, unknown>;
  if (Array.isArray(node['Fn::Join'])) {
    const [delimiter, parts] = node['Fn::Join'] as [string, unknown[]];
    return parts.map(flatten).join(delimiter);
  }
  if (Array.isArray(node['Fn::GetAtt'])) return `<${(node['Fn::GetAtt'] as string[]).join('.')}>`;
  if (typeof node.Ref === 'string') return `<${node.Ref}>`;
  return JSON.stringify(value);
}

const ATTACHING_TYPES = ['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'];

/**
 * Whether a managed policy is used only as a permissions boundary: some role or user
 * of the stack names it as its boundary, and nothing attaches it as a permissions
 * policy (neither its own `Roles`/`Users`/`Groups` nor another resource's
 * `ManagedPolicyArns`).
 */
export function isBoundaryOnly(policy: CfnResource): boolean {
  const properties = cfnProperties(policy);
  const attachedDirectly = ['Roles', 'Users', 'Groups'].some(
    (key) => Array.isArray(properties[key]) && (properties[key] as unknown[]).length > 0,
  );
  if (attachedDirectly) return false;
  const entities = ATTACHING_TYPES.flatMap((type) => stackResourcesOfType(policy, type));
  const attachedElsewhere = entities.some((entity) =>
    refersTo(cfnProperty(entity, 'ManagedPolicyArns'), policy),
  );
  const usedAsBoundary = entities.some((entity) =>
    refersTo(cfnProperty(entity, 'PermissionsBoundary'), policy),
  );
  return usedAsBoundary && !attachedElsewhere;
}

/** The Allow statements of a role's trust policy. */
export function trustStatements(role: CfnResource): Statement[] {
  return statementsOf(cfnProperty(role, 'AssumeRolePolicyDocument')).filter(
    (statement) => statement.effect === 'Allow',
  );
}

/** The principals of a trust statement by type (`AWS`, `Service`, `Federated`, `*`). */
export function principalsByType(statement: Statement): Record<string, unknown[]> {
  const { principal } = statement;
  if (principal === '*' || statement.notPrincipal !== undefined) return { AWS: ['*'] };
  if (principal === null || typeof principal !== 'object') return {};
  return Object.fromEntries(
    Object.entries(principal as Record<string, unknown>).map(([type, value]) => [
      type,
      Array.isArray(value) ? value : [value],
    ]),
  );
}

/** Whether a trust statement admits AWS services only: no person, no other account. */
export function admitsOnlyServices(statement: Statement): boolean {
  const types = Object.keys(principalsByType(statement));
  return types.length > 0 && types.every((type) => type === 'Service');
}
