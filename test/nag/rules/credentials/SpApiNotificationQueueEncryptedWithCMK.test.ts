import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { SpApiNotificationQueueEncryptedWithCMK } from '../../../../lib/nag/rules/credentials/SpApiNotificationQueueEncryptedWithCMK';
import { testStack } from '../../../helpers';
import { ruleFinds } from './flags';
import { UnresolvedValueError } from '../../../../lib/nag/rule';

const SP_API = '437568002678';

describe('DPP-SpApiNotificationQueueEncryptedWithCMK', () => {
  const stack = testStack();
  let n = 0;
  const keyAdmitting = (statement?: Partial<iam.PolicyStatementProps>) => {
    const key = new kms.Key(stack, `Key${n++}`, { enableKeyRotation: true });
    if (statement) {
      key.addToResourcePolicy(
        new iam.PolicyStatement({
          principals: [new iam.AccountPrincipal(SP_API)],
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: ['*'],
          conditions: { StringEquals: { 'kms:ViaService': 'sqs.eu-west-1.amazonaws.com' } },
          ...statement,
        }),
      );
    }
    return key;
  };
  const spApiQueue = (props: sqs.QueueProps) => {
    const queue = new sqs.Queue(stack, `Queue${n++}`, { enforceSSL: true, ...props });
    queue.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.AccountPrincipal(SP_API)],
        actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes'],
        resources: [queue.queueArn],
      }),
    );
    return queue;
  };
  const flags = (queue: sqs.Queue) => ruleFinds(SpApiNotificationQueueEncryptedWithCMK, queue);
  const kmsQueue = (key: kms.IKey) =>
    spApiQueue({ encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: key });

  test("fails if the queue SP-API delivers to is not encrypted (as in Amazon's sample)", () => {
    expect(flags(spApiQueue({ encryption: sqs.QueueEncryption.UNENCRYPTED }))).toBe(true);
  });

  test('fails if it uses keys SQS owns or the AWS-managed key', () => {
    expect(flags(spApiQueue({ encryption: sqs.QueueEncryption.SQS_MANAGED }))).toBe(true);
    expect(flags(spApiQueue({ encryption: sqs.QueueEncryption.KMS_MANAGED }))).toBe(true);
  });

  test('fails if its key does not admit the SP-API account (SP-API could not deliver)', () => {
    expect(flags(kmsQueue(keyAdmitting()))).toBe(true);
  });

  test('fails if the key admits SP-API without limiting it to SQS', () => {
    expect(flags(kmsQueue(keyAdmitting({ conditions: {} })))).toBe(true);
  });

  test('fails if the key admits SP-API through SQS of another region', () => {
    expect(
      flags(
        kmsQueue(
          keyAdmitting({
            conditions: { StringEquals: { 'kms:ViaService': 'sqs.us-east-1.amazonaws.com' } },
          }),
        ),
      ),
    ).toBe(true);
  });

  test('fails if the key admits SP-API for decryption only', () => {
    expect(flags(kmsQueue(keyAdmitting({ actions: ['kms:Decrypt'] })))).toBe(true);
  });

  test('passes a queue whose key admits SP-API for SQS in this region', () => {
    expect(flags(kmsQueue(keyAdmitting({})))).toBe(false);
  });

  test('does not guess about a key outside the template: it reports that it cannot read its policy', () => {
    const imported = kms.Key.fromKeyArn(
      stack,
      'Imported',
      'arn:aws:kms:eu-west-1:123456789012:key/0000-1111',
    );
    expect(() => flags(kmsQueue(imported))).toThrow(UnresolvedValueError);
  });

  test('does not apply to a queue SP-API does not deliver to', () => {
    const other = new sqs.Queue(stack, 'Internal', { encryption: sqs.QueueEncryption.SQS_MANAGED });
    expect(flags(other)).toBe(false);
  });
});
