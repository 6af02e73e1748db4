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
