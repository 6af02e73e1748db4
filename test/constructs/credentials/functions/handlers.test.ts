import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';

/* eslint-disable @typescript-eslint/no-require-imports -- each test loads a module afresh */

/** The entry points only read their environment and hand over to the logic. */
describe('function entry points', () => {
  const env = { ...process.env };
  const secrets = mockClient(SecretsManagerClient);
  afterEach(() => {
    process.env = { ...env };
    secrets.reset();
  });
  afterAll(() => secrets.restore());

  test('stop at cold start when a variable is missing', () => {
    delete process.env.LWA_SECRET_ARN;
    process.env.SP_API_ENDPOINT = 'https://sellingpartnerapi-eu.amazon.com';
    jest.isolateModules(() => {
      expect(() =>
        require('../../../../constructs/credentials/functions/rotation-handler'),
      ).toThrow(/LWA_SECRET_ARN is not set/);
    });
  });

  test('the consumer refuses an event that is neither a batch nor the rotation check', async () => {
    Object.assign(process.env, {
      LWA_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:x-AbCdEf',
      ROTATION_DAYS: '60',
      COMPLETION_TIMEOUT_MINUTES: '1440',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
    let handler: (event: unknown) => Promise<unknown> = async () => undefined;
    jest.isolateModules(() => {
      handler =
        require('../../../../constructs/credentials/functions/notification-handler').handler;
    });
    await expect(handler({ something: 'else' })).rejects.toThrow(/unexpected event/);
    await expect(handler({ Records: [] })).resolves.toEqual({ batchItemFailures: [] });
  });
});
