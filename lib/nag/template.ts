import { CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { cfnProperties, resolve, resolveLiteral } from './rule';
import { memoized } from './validation-run';

/**
 * Reading a resource together with the rest of its stack, the way a rule needs to
 * when a control is spread over several resources (a bucket and its bucket policy, a
 * VPC and its flow logs, a network ACL and its entries).
 */

/** The logical id the template gives `node`. */
export function logicalIdOf(node: CfnResource): string {
  return memoized('logicalId', node, () => resolve(node, node.logicalId) as string);
}

/**
 * Every L1 resource of `type` under `scope`, in construct-tree order, as the L1 class
 * of that type (`T`). For the resources of a whole stack, `stackResourcesOfType` reads
 * an index instead.
 */
export function resourcesOfType<T extends CfnResource = CfnResource>(
  scope: IConstruct,
  type: string,
): T[] {
  return scope.node
    .findAll()
    .filter((c): c is T => CfnResource.isCfnResource(c) && c.cfnResourceType === type);
}

/** The L1 resources of a stack by type, in construct-tree order, found in one walk. */
function stackIndex(stack: Stack): Map<string, CfnResource[]> {
  return memoized('stackIndex', stack, () => {
    const byType = new Map<string, CfnResource[]>();
    for (const c of stack.node.findAll()) {
      if (!CfnResource.isCfnResource(c)) continue;
      const list = byType.get(c.cfnResourceType) ?? [];
      list.push(c);
      byType.set(c.cfnResourceType, list);
    }
    return byType;
  });
}

/** The L1 resource of the stack of `node` with logical id `logicalId`, from an index built once per run. */
export function stackResourceWithLogicalId(
  node: IConstruct,
  logicalId: string,
): CfnResource | undefined {
  const stack = Stack.of(node);
  const byLogicalId = memoized('stackByLogicalId', stack, () => {
    const index = new Map<string, CfnResource>();
    for (const resources of stackIndex(stack).values()) {
      for (const resource of resources) index.set(logicalIdOf(resource), resource);
    }
    return index;
  });
  return byLogicalId.get(logicalId);
}

/** Every L1 resource of `type` in the stack of `node`, in construct-tree order. */
export function stackResourcesOfType(node: IConstruct, type: string): CfnResource[] {
  return stackIndex(Stack.of(node)).get(type) ?? [];
}

/**
 * The logical ids a resolved template value refers to: by `Ref`, or by `Fn::GetAtt`
 * of one of their attributes, anywhere inside `value` (for example inside an
 * `Fn::Join` that builds an ARN).
 */
export function referencedLogicalIds(value: unknown): Set<string> {
  const ids = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (v === null || typeof v !== 'object') return;
    const record = v as Record<string, unknown>;
    if (typeof record.Ref === 'string') ids.add(record.Ref);
    const getAtt = record['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') ids.add(getAtt[0]);
    if (typeof getAtt === 'string') ids.add(getAtt.split('.')[0]);
    Object.values(record).forEach(visit);
  };
  visit(value);
  return ids;
}

/**
 * Whether a resolved template value refers to `target`: a `Ref` to it or an
 * `Fn::GetAtt` of one of its attributes, anywhere inside `value`.
 */
export function refersTo(value: unknown, target: CfnResource): boolean {
  return referencedLogicalIds(value).has(logicalIdOf(target));
}

/**
 * The resources of `type` in a stack by the logical ids their property `property`
 * refers to: each candidate is rendered once per run, whatever the number of targets.
 */
function referrersIndex(stack: Stack, type: string, property: string) {
  const byProperty = memoized(
    'referrers',
    stack,
    () => new Map<string, Map<string, CfnResource[]>>(),
  );
  const key = `${type}\u0000${property}`;
  let index = byProperty.get(key);
  if (!index) {
    index = new Map();
    for (const candidate of stackResourcesOfType(stack, type)) {
      for (const id of referencedLogicalIds(cfnProperties(candidate)[property])) {
        index.set(id, [...(index.get(id) ?? []), candidate]);
      }
    }
    byProperty.set(key, index);
  }
  return index;
}

/**
 * The resources of `type` in the stack of `target` whose property `property` (by its
 * CloudFormation name) refers to `target`: the bucket policies of a bucket, the flow
 * logs of a VPC, the entries of a network ACL. In construct-tree order.
 */
export function resourcesReferringTo(
  target: CfnResource,
  type: string,
  property: string,
): CfnResource[] {
  return referrersIndex(Stack.of(target), type, property).get(logicalIdOf(target)) ?? [];
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
