import { CfnResource, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { IConstruct } from 'constructs';
import { EncryptedLogGroup } from './encrypted-log-group';

export interface FunctionLogGroupsProps {
  /** Key of the audit-log data class (its policy admits CloudWatch Logs). */
  readonly encryptionKey: kms.IKey;
  /** Days to keep the functions' logs: at least the 90 of DPP 2.6. */
  readonly retentionDays: number;
  /**
   * What happens to the log groups when they leave the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Whether a Lambda function already has a log group of the template: it names one
 * (`LoggingConfig.LogGroup`), or aws-cdk-lib created `/aws/lambda/<name>` beside it
 * (`@aws-cdk/aws-lambda:useCdkManagedLogGroup`), which the logging rules then judge.
 */
function hasLogGroup(fn: CfnResource): boolean {
  const beside = fn.node.scope?.node.tryFindChild('LogGroup');
  if (beside !== undefined && beside.node.defaultChild instanceof CfnResource) return true;
  const rendered = Stack.of(fn).resolve(
    (fn as unknown as { _toCloudFormation(): unknown })._toCloudFormation(),
  ) as { Resources: Record<string, { Properties?: { LoggingConfig?: { LogGroup?: unknown } } }> };
  const properties = Object.values(rendered.Resources)[0]?.Properties;
  return properties?.LoggingConfig?.LogGroup !== undefined;
}

/**
 * Gives every Lambda function under `scope` that names no log group of its own an
 * encrypted one, kept for the audit retention (DPP 2.6), and points the function at it.
 *
 * Without it Lambda creates `/aws/lambda/<name>` on the first invocation: unencrypted,
 * kept forever, outside the template. This matters for the functions aws-cdk-lib's
 * providers render as plain `AWS::Lambda::Function` resources (the VPC's
 * default-security-group custom resource), which take no log group option. Call it
 * once the stack's constructs exist; `DPP-LambdaLogsToManagedLogGroup` reports any
 * function added later that logs nowhere the template controls.
 */
export function giveFunctionsLogGroups(
  scope: IConstruct,
  props: FunctionLogGroupsProps,
): EncryptedLogGroup[] {
  const functions = scope.node
    .findAll()
    .filter(
      (c): c is CfnResource =>
        CfnResource.isCfnResource(c) && c.cfnResourceType === 'AWS::Lambda::Function',
    )
    .filter((fn) => !hasLogGroup(fn));
  return functions.map((fn) => {
    const group = new EncryptedLogGroup(fn.node.scope!, `${fn.node.id}LogGroup`, {
      encryptionKey: props.encryptionKey,
      retentionDays: props.retentionDays,
      removalPolicy: props.removalPolicy,
    });
    fn.addPropertyOverride('LoggingConfig.LogGroup', group.logGroup.logGroupName);
    return group;
  });
}
