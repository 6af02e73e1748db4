import { EventEmitter } from 'events';
import { Readable } from 'stream';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { CREDENTIALS_OUTPUTS } from '../../../lib/credentials';
import { CommandIo, SecretInput } from '../../../lib/credentials/commands';
import { FakeSecretsManager } from '../../fakes/secrets-manager';

/**
 * The world a credential command runs in, faked: Secrets Manager (stateful) and
 * CloudFormation behind aws-sdk-client-mock, the config, standard input, and every
 * character the command prints.
 */

export const ACCOUNT = '111111111111';
export const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1111aaaa-2222-3333-4444-555566667777`;
export const ENDPOINT = 'vpce-0a1b2c3d4e5f60718';
export const READERS = [
  `arn:aws:iam::${ACCOUNT}:role/order-sync`,
  `arn:aws:iam::${ACCOUNT}:role/reports`,
];

export interface CommandWorld {
  readonly secretsManager: FakeSecretsManager;
  readonly cloudformation: AwsClientStub<CloudFormationClient>;
  readonly lwaSecretArn: string;
  readonly printed: { out: string[]; err: string[] };
  io(stdin: SecretInput): CommandIo;
  /** Everything printed, both streams. */
  text(): string;
  restore(): void;
}

export function commandWorld(
  options: { readers?: readonly string[]; stackAccount?: string } = {},
): CommandWorld {
  const secretsManager = new FakeSecretsManager();
  const lwa = secretsManager.addSecret({
    name: 'spapi-dpp/test/lwa-credentials',
    value: '{"clientId":"not-set-run-npm-run-put-lwa-credentials","clientSecret":"generated"}',
    rotationEnabled: true,
    kmsKeyId: KEY_ARN,
  });
  const cloudformation = mockClient(CloudFormationClient);
  const outputs: Record<string, string> = {
    [CREDENTIALS_OUTPUTS.lwaSecretArn]: lwa.arn,
    [CREDENTIALS_OUTPUTS.sellingPartnerSecretPrefix]: 'spapi-dpp/test/selling-partners/',
    [CREDENTIALS_OUTPUTS.sellingPartnerSecretReaderArns]:
      (options.readers ?? READERS).length > 0 ? (options.readers ?? READERS).join(',') : 'none',
    [CREDENTIALS_OUTPUTS.credentialsKeyArn]: KEY_ARN,
    [CREDENTIALS_OUTPUTS.secretsManagerEndpointId]: ENDPOINT,
    [CREDENTIALS_OUTPUTS.adminRoleArn]: `arn:aws:iam::${ACCOUNT}:role/admin`,
    [CREDENTIALS_OUTPUTS.newSecretQueueArn]: `arn:aws:sqs:eu-west-1:${ACCOUNT}:new`,
    [CREDENTIALS_OUTPUTS.secretExpiryQueueArn]: `arn:aws:sqs:eu-west-1:${ACCOUNT}:expiry`,
  };
  cloudformation.on(DescribeStacksCommand, { StackName: 'spapi-dpp-test-baseline' }).resolves({
    Stacks: [
      {
        StackName: 'spapi-dpp-test-baseline',
        StackId: `arn:aws:cloudformation:eu-west-1:${options.stackAccount ?? ACCOUNT}:stack/spapi-dpp-test-baseline/abc`,
        CreationTime: new Date(),
        StackStatus: 'UPDATE_COMPLETE',
        Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({
          OutputKey,
          OutputValue,
        })),
      },
    ],
  });
  const printed = { out: [] as string[], err: [] as string[] };
  return {
    secretsManager,
    cloudformation,
    lwaSecretArn: lwa.arn,
    printed,
    io: (stdin) => ({
      createClients: (region) => ({
        secrets: new SecretsManagerClient({ region }),
        cloudformation: new CloudFormationClient({ region }),
      }),
      environment: (name) => ({
        projectName: 'spapi-dpp',
        environmentName: name,
        account: ACCOUNT,
        region: 'eu-west-1',
      }),
      stdin,
      out: (t) => void printed.out.push(t),
      err: (t) => void printed.err.push(t),
    }),
    text: () => [...printed.out, ...printed.err].join('\n'),
    restore: () => {
      secretsManager.restore();
      cloudformation.restore();
    },
  };
}

/** Standard input from a pipe. */
export const piped = (text: string): SecretInput => Readable.from([text]) as unknown as SecretInput;

/** A terminal that "types" `keys` once the command starts reading, and records raw mode. */
export function terminal(keys: string): SecretInput & { rawModes: boolean[] } {
  const emitter = new EventEmitter();
  const rawModes: boolean[] = [];
  let typed = false;
  return Object.assign(emitter, {
    isTTY: true,
    rawModes,
    setRawMode: (mode: boolean) => rawModes.push(mode),
    setEncoding: () => undefined,
    resume: () => {
      if (typed) return;
      typed = true;
      setImmediate(() => emitter.emit('data', keys));
    },
    pause: () => undefined,
  }) as unknown as SecretInput & { rawModes: boolean[] };
}
