import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { SpApiNotificationQueuePolicyMinimal } from '../../../../lib/nag/rules/credentials/SpApiNotificationQueuePolicyMinimal';
import { testStack } from '../../../helpers';
import { ruleFinds } from './flags';

describe('DPP-SpApiNotificationQueuePolicyMinimal', () => {
  const stack = testStack();
  let n = 0;
  const queueAdmitting = (actions: string[], enforceSSL = true) => {
    const queue = new sqs.Queue(stack, `Queue${n++}`, {
      enforceSSL,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
    });
    queue.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.AccountPrincipal('437568002678')],
        actions,
        resources: [queue.queueArn],
      }),
    );
    return queue;
  };
  const flags = (queue: sqs.Queue) => ruleFinds(SpApiNotificationQueuePolicyMinimal, queue);

  test('fails if SP-API may also receive messages (and so read new client secrets)', () => {
    expect(flags(queueAdmitting(['sqs:SendMessage', 'sqs:ReceiveMessage']))).toBe(true);
  });

  test('fails if SP-API is admitted with a wildcard', () => {
    expect(flags(queueAdmitting(['sqs:*']))).toBe(true);
  });

  test('fails if the queue accepts requests without TLS', () => {
    expect(flags(queueAdmitting(['sqs:SendMessage', 'sqs:GetQueueAttributes'], false))).toBe(true);
  });

  test('passes SendMessage and GetQueueAttributes over TLS only', () => {
    expect(flags(queueAdmitting(['sqs:SendMessage', 'sqs:GetQueueAttributes']))).toBe(false);
  });
});
