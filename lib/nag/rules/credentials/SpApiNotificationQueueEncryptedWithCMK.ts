import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule, UnresolvedValueError, cfnProperty } from '../../rule';
import { coversAction, statementsOf } from '../../policy';
import { refersTo, stackResourcesOfType } from '../../template';
import {
  SP_API_NOTIFICATION_ACCOUNT,
  isSpApiNotificationQueue,
  limitedToSqsInRegion,
  spApiAllows,
} from './sp-api-queues';

/** What the SP-API account needs on the key to deliver an encrypted message. */
const SENDER_KEY_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'];

/** The customer-managed key of the template that `keyId` refers to; throws if it is none of them. */
function templateKey(queue: CfnResource, keyId: unknown): CfnResource | undefined {
  const key = stackResourcesOfType(queue, 'AWS::KMS::Key').find((k) => refersTo(keyId, k));
  if (key) return key;
  if (JSON.stringify(keyId).includes('alias/aws/')) return undefined;
  throw new UnresolvedValueError(
    `KmsMasterKeyId of ${queue.node.path} is not a key of this template, so its key policy cannot be read`,
  );
}

/**
 * AUP 3.1 and DPP 2.5: a new LWA client secret travels in an
 * `APPLICATION_OAUTH_CLIENT_NEW_SECRET` notification, so a queue SP-API delivers to is
 * encrypted at rest with a customer-managed key (Amazon's sample leaves it
 * unencrypted), and that key admits the SP-API notification account (437568002678)
 * for kms:GenerateDataKey and kms:Decrypt through SQS in this region only: without
 * them SP-API cannot deliver; without the kms:ViaService limit the account could use
 * the key directly.
 */
export const SpApiNotificationQueueEncryptedWithCMK: DppRule = {
  name: 'SpApiNotificationQueueEncryptedWithCMK',
  clauses: ['AUP 3.1', 'DPP 2.5'],
  finding: `The SP-API notification queue is not encrypted with a customer-managed key of this template whose policy admits account ${SP_API_NOTIFICATION_ACCOUNT} for kms:GenerateDataKey and kms:Decrypt, each statement limited by kms:ViaService to sqs.<region>.amazonaws.com.`,
  check(node: CfnResource) {
    if (!isSpApiNotificationQueue(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const keyId = cfnProperty(node, 'KmsMasterKeyId');
    if (keyId === undefined) return NagRuleCompliance.NON_COMPLIANT;
    const key = templateKey(node, keyId);
    if (!key) return NagRuleCompliance.NON_COMPLIANT;
    const admits = spApiAllows(statementsOf(cfnProperty(key, 'KeyPolicy')));
    const compliant =
      SENDER_KEY_ACTIONS.every((action) => admits.some((s) => coversAction(s, action))) &&
      admits.every((statement) => limitedToSqsInRegion(statement, node));
    return compliant ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
