import { CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { cfnProperties, resolve, resolveLiteral } from './rule';

/**
 * Reading a resource together with the rest of its stack, the way a rule needs to
 * when a control is spread over several resources (a bucket and its bucket policy, a
 * VPC and its flow logs, a network ACL and its entries).
 */

/** The logical id the template gives `node`. */
export function logicalIdOf(node: CfnResource): string {
  return resolve(node, node.logicalId) as string;
}

/** Every L1 resource of `type` in the stack of `node`, in construct-tree order. */
export function stackResourcesOfType(node: IConstruct, type: string): CfnResource[] {
  return Stack.of(node)
    .node.findAll()
    .filter((c): c is CfnResource => CfnResource.isCfnResource(c) && c.cfnResourceType === type);
}

/**
 * Whether a resolved template value refers to `target`: a `Ref` to it or an
 * `Fn::GetAtt` of one of its attributes, anywhere inside `value` (for example inside
 * an `Fn::Join` that builds an ARN).
 */
export function refersTo(value: unknown, target: CfnResource): boolean {
  const id = logicalIdOf(target);
  const visit = (v: unknown): boolean => {
    if (Array.isArray(v)) return v.some(visit);
    if (v === null || typeof v !== 'object') return false;
    const record = v as Record<string, unknown>;
    if (record.Ref === id) return true;
    const getAtt = record['Fn::GetAtt'];
    if (Array.isArray(getAtt) && getAtt[0] === id) return true;
    if (typeof getAtt === 'string' && getAtt.split('.')[0] === id) return true;
    return Object.values(record).some(visit);
  };
  return visit(value);
}

/**
 * The resources of `type` in the stack of `target` whose property `property` (by its
 * CloudFormation name) refers to `target`: the bucket policies of a bucket, the flow
 * logs of a VPC, the entries of a network ACL.
 */
export function resourcesReferringTo(
  target: CfnResource,
  type: string,
  property: string,
): CfnResource[] {
  return stackResourcesOfType(target, type).filter((candidate) =>
    refersTo(cfnProperties(candidate)[property], target),
  );
}

/** Resource types that keep their tags under another property than `Tags`. */
const TAG_PROPERTIES: Readonly<Record<string, string>> = {
  'AWS::EFS::FileSystem': 'FileSystemTags',
  'AWS::Backup::BackupVault': 'BackupVaultTags',
};

/**
 * The value of tag `key` on `node` as the template will carry it, whichever form the
 * resource type uses for tags (a list of `{ Key, Value }` or a map, under `Tags` or
 * the type's own property). `undefined` when the tag is absent. A DynamoDB global
 * table carries its tags per replica: it has a tag when every replica has the same.
 * Throws when the value is an intrinsic that synth cannot know.
 */
export function tagValue(node: CfnResource, key: string): string | undefined {
  const properties = cfnProperties(node);
  if (node.cfnResourceType === 'AWS::DynamoDB::GlobalTable') {
    const replicas = (properties.Replicas as { Tags?: unknown }[] | undefined) ?? [];
    const values = replicas.map((replica) => tagIn(node, replica.Tags, key));
    return values.length > 0 && values.every((v) => v === values[0]) ? values[0] : undefined;
  }
  return tagIn(node, properties[TAG_PROPERTIES[node.cfnResourceType] ?? 'Tags'], key);
}

function tagIn(node: CfnResource, tags: unknown, key: string): string | undefined {
  let value: unknown;
  if (Array.isArray(tags)) {
    const found = tags.find((t: { Key?: unknown }) => t?.Key === key) as
      { Value?: unknown } | undefined;
    if (found === undefined) return undefined;
    value = found.Value;
  } else if (tags !== null && typeof tags === 'object' && key in tags) {
    value = (tags as Record<string, unknown>)[key];
  } else {
    return undefined;
  }
  return String(resolveLiteral(node, value, `tag ${key}`));
}
