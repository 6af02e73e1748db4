import { randomUUID } from 'crypto';
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { AwsClientStub, mockClient } from 'aws-sdk-client-mock';

/**
 * In-memory SQS queues with a redrive policy behind aws-sdk-client-mock, and a
 * stand-in for Lambda's SQS event source mapping: receive a batch, hand it to the
 * consumer, delete what succeeded, and let the rest come back until their receive
 * count passes `maxReceiveCount`, when they move to the dead-letter queue.
 */

interface Message {
  id: string;
  body: string;
  receiveCount: number;
  receiptHandle?: string;
}

interface Queue {
  url: string;
  messages: Message[];
  deadLetterUrl?: string;
  maxReceiveCount: number;
}

const meta = { $metadata: {} };

export class FakeQueues {
  readonly queues = new Map<string, Queue>();
  readonly mock: AwsClientStub<SQSClient>;
  readonly client = new SQSClient({ region: 'eu-west-1' });

  constructor() {
    this.mock = mockClient(SQSClient);
    const on = <I, O>(command: unknown, fn: (input: I) => O) =>
      (this.mock as unknown as { on(c: unknown): { callsFake(f: unknown): void } })
        .on(command)
        .callsFake(async (input: I) => fn(input));
    on(SendMessageCommand, (i: { QueueUrl: string; MessageBody: string }) => {
      const id = randomUUID();
      this.queue(i.QueueUrl).messages.push({ id, body: i.MessageBody, receiveCount: 0 });
      return { ...meta, MessageId: id };
    });
    on(ReceiveMessageCommand, (i: { QueueUrl: string; MaxNumberOfMessages?: number }) => {
      const queue = this.queue(i.QueueUrl);
      const batch = queue.messages
        .filter((m) => m.receiptHandle === undefined)
        .slice(0, i.MaxNumberOfMessages ?? 1);
      for (const m of batch) {
        m.receiveCount += 1;
        m.receiptHandle = randomUUID();
      }
      return {
        ...meta,
        Messages: batch.map((m) => ({
          MessageId: m.id,
          Body: m.body,
          ReceiptHandle: m.receiptHandle,
          Attributes: { ApproximateReceiveCount: String(m.receiveCount) },
        })),
      };
    });
    on(DeleteMessageCommand, (i: { QueueUrl: string; ReceiptHandle: string }) => {
      const queue = this.queue(i.QueueUrl);
      queue.messages = queue.messages.filter((m) => m.receiptHandle !== i.ReceiptHandle);
      return meta;
    });
    on(GetQueueAttributesCommand, (i: { QueueUrl: string }) => ({
      ...meta,
      Attributes: { ApproximateNumberOfMessages: String(this.queue(i.QueueUrl).messages.length) },
    }));
  }

  restore(): void {
    this.mock.restore();
  }

  /** A queue and its dead-letter queue. */
  create(name: string, maxReceiveCount: number): { url: string; deadLetterUrl: string } {
    const url = `https://sqs.eu-west-1.amazonaws.com/123456789012/${name}`;
    const deadLetterUrl = `${url}-dlq`;
    this.queues.set(deadLetterUrl, { url: deadLetterUrl, messages: [], maxReceiveCount: 0 });
    this.queues.set(url, { url, messages: [], deadLetterUrl, maxReceiveCount });
    return { url, deadLetterUrl };
  }

  bodies(url: string): string[] {
    return this.queue(url).messages.map((m) => m.body);
  }

  /**
   * What the event source mapping does, until the queue is empty: receive a batch, call
   * the consumer, delete the records it did not report as failed; failed records become
   * visible again, and move to the dead-letter queue past `maxReceiveCount`.
   */
  async drain(
    url: string,
    consumer: (event: SQSEvent) => Promise<SQSBatchResponse>,
    batchSize = 10,
  ): Promise<number> {
    const queue = this.queue(url);
    let batches = 0;
    while (queue.messages.length > 0 && batches < 100) {
      batches += 1;
      const received = await this.client.send(
        new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: batchSize }),
      );
      const messages = received.Messages ?? [];
      const response = await consumer({
        Records: messages.map((m) => ({
          messageId: m.MessageId!,
          receiptHandle: m.ReceiptHandle!,
          body: m.Body!,
          attributes: {
            ApproximateReceiveCount: m.Attributes!.ApproximateReceiveCount!,
            SentTimestamp: '0',
            SenderId: '437568002678',
            ApproximateFirstReceiveTimestamp: '0',
          },
          messageAttributes: {},
          md5OfBody: '',
          eventSource: 'aws:sqs',
          eventSourceARN: `arn:aws:sqs:eu-west-1:123456789012:${url.split('/').pop()}`,
          awsRegion: 'eu-west-1',
        })),
      });
      const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
      for (const m of messages) {
        if (!failed.has(m.MessageId!)) {
          await this.client.send(
            new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle! }),
          );
        }
      }
      this.redrive(queue);
    }
    return batches;
  }

  private redrive(queue: Queue): void {
    for (const m of [...queue.messages]) {
      m.receiptHandle = undefined;
      if (m.receiveCount >= queue.maxReceiveCount && queue.deadLetterUrl) {
        queue.messages = queue.messages.filter((x) => x !== m);
        this.queue(queue.deadLetterUrl).messages.push({ id: m.id, body: m.body, receiveCount: 0 });
      }
    }
  }

  private queue(url: string): Queue {
    const queue = this.queues.get(url);
    if (!queue) throw new Error(`no queue ${url}`);
    return queue;
  }
}
