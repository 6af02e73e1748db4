import { CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Ids of findings that cdk-nag's packs report per detail, e.g.
 * `AwsSolutions-IAM5[Resource::<DataPiiBucket05F8171F.Arn>/*]`. An acknowledgement
 * names such an id exactly, so it covers that one wildcard and nothing broader.
 */

/** `<LogicalId.Arn>`, the way AwsSolutions-IAM5 writes a reference to `resource`'s ARN. */
export function arnReference(resource: IConstruct): string {
  const cfn = CfnResource.isCfnResource(resource)
    ? resource
    : (resource.node.defaultChild as CfnResource);
  return `<${Stack.of(cfn).resolve(cfn.logicalId)}.Arn>`;
}

/** The AwsSolutions-IAM5 finding for a wildcard resource, e.g. the objects of a bucket. */
export function iam5Resource(resource: string): string {
  return `AwsSolutions-IAM5[Resource::${resource}]`;
}

/** The AwsSolutions-IAM5 finding for a wildcard action, e.g. `s3:GetObject*`. */
export function iam5Action(action: string): string {
  return `AwsSolutions-IAM5[Action::${action}]`;
}

/**
 * A template value (an ARN built from references, or a literal) the way cdk-nag writes
 * it in a finding id: `{ "Fn::GetAtt": [X, "Arn"] }` as `<X.Arn>`, `{ Ref: X }` as `<X>`,
 * joins concatenated.
 */
export function flattenedReference(scope: IConstruct, value: unknown): string {
  const visit = (v: unknown): string => {
    if (v === undefined) return '';
    if (typeof v === 'string') return v.replace(/\$\{/g, '<').replace(/\}/g, '>');
    const node = v as Record<string, unknown>;
    if (Array.isArray(node['Fn::Join'])) {
      const [delimiter, items] = node['Fn::Join'] as [string, unknown[]];
      return items.map(visit).join(delimiter);
    }
    if (Array.isArray(node['Fn::GetAtt'])) {
      const [resource, attribute] = node['Fn::GetAtt'] as unknown[];
      return `<${visit(resource)}.${visit(attribute)}>`;
    }
    if (node.Ref !== undefined) return `<${visit(node.Ref)}>`;
    return JSON.stringify(v);
  };
  return visit(Stack.of(scope).resolve(value));
}
