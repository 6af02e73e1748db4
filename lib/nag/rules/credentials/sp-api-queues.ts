import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import { cfnProperty } from '../../rule';
import { Statement, conditionValues, statementsOf } from '../../policy';
import { resourcesReferringTo } from '../../template';

/**
 * SP-API notification queues, as the policy facts define them: an SQS queue whose
 * queue policy lets Amazon's SP-API notification account send to it. Amazon documents
 * that account; a rule names it here on its own, independent of the constructs.
 */
export const SP_API_NOTIFICATION_ACCOUNT = '437568002678';

/** Whether a principal element names the SP-API notification account (id or root ARN). */
export function namesSpApiAccount(principal: unknown): boolean {
  return JSON.stringify(principal ?? '').includes(SP_API_NOTIFICATION_ACCOUNT);
}

/** The statements of every queue policy attached to `queue`. */
export function queuePolicyStatements(queue: CfnResource): Statement[] {
  return resourcesReferringTo(queue, 'AWS::SQS::QueuePolicy', 'Queues').flatMap((policy) =>
    statementsOf(cfnProperty(policy, 'PolicyDocument')),
  );
}

/** Allow statements that admit the SP-API account. */
export function spApiAllows(statements: readonly Statement[]): Statement[] {
  return statements.filter((s) => s.effect === 'Allow' && namesSpApiAccount(s.principal));
}

/** Whether `queue` is an SP-API notification destination: its policy admits the SP-API account. */
export function isSpApiNotificationQueue(node: CfnResource): boolean {
  return (
    node.cfnResourceType === 'AWS::SQS::Queue' &&
    spApiAllows(queuePolicyStatements(node)).length > 0
  );
}

/**
 * Whether a `kms:ViaService` value is SQS in the stack's region: the literal
 * `sqs.<region>.amazonaws.com`, or the same joined from the `AWS::Region` pseudo parameter.
 */
export function isSqsInRegion(value: unknown, scope: CfnResource): boolean {
  const region = Stack.of(scope).region;
  if (typeof value === 'string') {
    return !Token.isUnresolved(region) && value === `sqs.${region}.amazonaws.com`;
  }
  const join = (value as { 'Fn::Join'?: [string, unknown[]] } | null)?.['Fn::Join'];
  if (!join) return false;
  const text = join[1]
    .map((part) => (typeof part === 'string' ? part : JSON.stringify(part)))
    .join(join[0]);
  return text === `sqs.${JSON.stringify({ Ref: 'AWS::Region' })}.amazonaws.com`;
}

/** Whether a key statement is limited to SQS in this region (`kms:ViaService`). */
export function limitedToSqsInRegion(statement: Statement, scope: CfnResource): boolean {
  const services = conditionValues(statement, ['StringEquals'], 'kms:ViaService');
  return services.length > 0 && services.every((service) => isSqsInRegion(service, scope));
}
