import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule } from '../../rule';
import { Statement, conditionValues, coversAction, isAnyPrincipal } from '../../policy';
import {
  SP_API_NOTIFICATION_ACCOUNT,
  isSpApiNotificationQueue,
  queuePolicyStatements,
  spApiAllows,
} from './sp-api-queues';

/** What SP-API needs on a destination queue, and all it may have. */
const SP_API_QUEUE_ACTIONS = ['sqs:sendmessage', 'sqs:getqueueattributes'];

function grantsOnlyDelivery(statement: Statement): boolean {
  return (
    !statement.notAction &&
    statement.actions.every((action) => SP_API_QUEUE_ACTIONS.includes(action.toLowerCase()))
  );
}

function deniesPlainHttp(statement: Statement): boolean {
  return (
    statement.effect === 'Deny' &&
    isAnyPrincipal(statement.principal) &&
    coversAction(statement, 'sqs:SendMessage') &&
    coversAction(statement, 'sqs:ReceiveMessage') &&
    conditionValues(statement, ['Bool'], 'aws:SecureTransport').map(String).includes('false')
  );
}

/**
 * AUP 3.1 and DPP 1.5: the queue that carries new client secrets lets SP-API's account
 * send messages and read the queue's attributes, nothing else (no receive, no purge,
 * no policy change), and refuses every request without TLS.
 */
export const SpApiNotificationQueuePolicyMinimal: DppRule = {
  name: 'SpApiNotificationQueuePolicyMinimal',
  clauses: ['AUP 3.1', 'DPP 1.5'],
  finding: `The SP-API notification queue's policy lets account ${SP_API_NOTIFICATION_ACCOUNT} do more than sqs:SendMessage and sqs:GetQueueAttributes, or does not deny requests without TLS (aws:SecureTransport false) to every principal.`,
  check(node: CfnResource) {
    if (!isSpApiNotificationQueue(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const statements = queuePolicyStatements(node);
    const compliant =
      spApiAllows(statements).every(grantsOnlyDelivery) && statements.some(deniesPlainHttp);
    return compliant ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
