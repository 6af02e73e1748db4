import {
  CfnResource,
  DefaultTokenResolver,
  IPostProcessor,
  IResolvable,
  IResolveContext,
  Reference,
  StringConcat,
  Tokenization,
} from 'aws-cdk-lib';
import { stackResourceWithLogicalId } from './template';

/**
 * Following a property value to the resource it names, across stacks.
 *
 * A rule that must know *which* resource a property points at (the subnets of a
 * function, say) cannot read that from the template alone once the resource lives in
 * another stack: the template then holds an `Fn::ImportValue` or `Fn::GetStackOutput`.
 * The construct tree still knows: the token behind the value is a `Reference` to the
 * resource. These helpers resolve a resource's properties with every such reference
 * replaced by a marker, so the rule can ask for the referenced resource by value.
 */

/**
 * A marker stands for the n-th referenced resource: `<NUL>ref:<n><NUL>`, text no
 * template value contains (CloudFormation strings cannot hold NUL).
 */
const MARKER_START = '\u0000ref:';
const MARKER_END = '\u0000';

function markerIndex(value: string): number | undefined {
  if (!value.startsWith(MARKER_START) || !value.endsWith(MARKER_END)) return undefined;
  const index = Number(value.slice(MARKER_START.length, -MARKER_END.length));
  return Number.isInteger(index) ? index : undefined;
}

class ReferenceMarkingResolver extends DefaultTokenResolver {
  public readonly targets: CfnResource[] = [];

  constructor() {
    super(new StringConcat());
  }

  public override resolveToken(
    token: IResolvable,
    context: IResolveContext,
    postProcessor: IPostProcessor,
  ): unknown {
    if (token instanceof Reference && CfnResource.isCfnResource(token.target)) {
      this.targets.push(token.target);
      return `${MARKER_START}${this.targets.length - 1}${MARKER_END}`;
    }
    return super.resolveToken(token, context, postProcessor);
  }
}

/** The properties of a resource with references marked, and a way back from a marker. */
export interface PropertiesWithReferences {
  /** CloudFormation properties (overrides applied); a reference to a resource is a marker string. */
  readonly properties: Record<string, unknown>;
  /**
   * The resource a property value names: a marker, or a `Ref` / `Fn::GetAtt` to a
   * resource of the same stack written as raw JSON (an override). `undefined` for a
   * literal or any other intrinsic.
   */
  referencedResource(value: unknown): CfnResource | undefined;
}

/** `node`'s properties as the template will hold them, with references to resources marked. */
export function propertiesWithReferences(node: CfnResource): PropertiesWithReferences {
  const resolver = new ReferenceMarkingResolver();
  const rendered = Tokenization.resolve(
    (node as unknown as { _toCloudFormation(): unknown })._toCloudFormation(),
    { scope: node, resolver, preparing: false },
  ) as { Resources?: Record<string, { Properties?: Record<string, unknown> }> };
  const properties = Object.values(rendered.Resources ?? {})[0]?.Properties ?? {};
  return {
    properties,
    referencedResource(value: unknown): CfnResource | undefined {
      if (typeof value === 'string') {
        const index = markerIndex(value);
        return index === undefined ? undefined : resolver.targets[index];
      }
      const logicalId = rawReferenceId(value);
      return logicalId === undefined ? undefined : stackResourceWithLogicalId(node, logicalId);
    },
  };
}

/** The logical id in a raw `{ Ref }` or `{ "Fn::GetAtt" }`, as an override writes it. */
function rawReferenceId(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.Ref === 'string') return record.Ref;
  const getAtt = record['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  if (typeof getAtt === 'string') return getAtt.split('.')[0];
  return undefined;
}
