import {
  DeleteAccountPasswordPolicyCommand,
  GetAccountPasswordPolicyCommand,
  IAMClient,
  NoSuchEntityException,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { createPasswordPolicyHandler } from '../../../../constructs/access/functions/password-policy';
import {
  PHYSICAL_ID_PREFIX,
  PasswordPolicyValues,
  physicalIdRecording,
} from '../../../../constructs/access/functions/password-policy-wire';
import { createLogger } from '../../../../lib/runtime/logger';

/** The baseline's policy as CloudFormation hands it over: every value a string. */
const BASELINE_PROPERTIES = {
  ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:provider',
  MinimumPasswordLength: '14',
  RequireUppercaseCharacters: 'true',
  RequireLowercaseCharacters: 'true',
  RequireNumbers: 'true',
  RequireSymbols: 'true',
  AllowUsersToChangePassword: 'true',
  MaxPasswordAge: '90',
  PasswordReusePrevention: '24',
  HardExpiry: 'false',
};
const BASELINE: PasswordPolicyValues = {
  MinimumPasswordLength: 14,
  RequireUppercaseCharacters: true,
  RequireLowercaseCharacters: true,
  RequireNumbers: true,
  RequireSymbols: true,
  AllowUsersToChangePassword: true,
  MaxPasswordAge: 90,
  PasswordReusePrevention: 24,
  HardExpiry: false,
};
/** What an account might have had before: weak, never expiring. */
const WEAK: PasswordPolicyValues = {
  MinimumPasswordLength: 8,
  RequireUppercaseCharacters: false,
  RequireLowercaseCharacters: true,
  RequireNumbers: false,
  RequireSymbols: false,
  AllowUsersToChangePassword: true,
  HardExpiry: false,
};

const iam = mockClient(IAMClient);
const handler = createPasswordPolicyHandler({
  iam: new IAMClient({ region: 'us-east-1' }),
  logger: createLogger({ serviceName: 'test', logLevel: 'SILENT' }),
  retry: { sleep: async () => undefined, random: () => 0 },
});

function event(
  requestType: 'Create' | 'Update' | 'Delete',
  properties: Record<string, string> = BASELINE_PROPERTIES,
  physicalId = 'unused',
): CloudFormationCustomResourceEvent {
  const common = {
    ServiceToken: BASELINE_PROPERTIES.ServiceToken,
    ResponseURL: 'https://example.invalid/response',
    StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/s/1',
    RequestId: 'request-1',
    LogicalResourceId: 'PasswordPolicy',
    ResourceType: 'Custom::AccountPasswordPolicy',
    ResourceProperties: properties as never,
  };
  if (requestType === 'Create') return { ...common, RequestType: 'Create' };
  if (requestType === 'Update') {
    return {
      ...common,
      RequestType: 'Update',
      PhysicalResourceId: physicalId,
      OldResourceProperties: BASELINE_PROPERTIES,
    };
  }
  return { ...common, RequestType: 'Delete', PhysicalResourceId: physicalId };
}

const noPolicy = () =>
  iam
    .on(GetAccountPasswordPolicyCommand)
    .rejects(new NoSuchEntityException({ message: 'no policy', $metadata: {} }));

const updates = () =>
  iam.commandCalls(UpdateAccountPasswordPolicyCommand).map((c) => c.args[0].input);

beforeEach(() => iam.reset());

describe('account password policy function', () => {
  describe('create', () => {
    test('sets the policy with typed values and records that the account had none', async () => {
      noPolicy();
      const response = await handler(event('Create'));
      expect(updates()).toEqual([BASELINE]);
      expect(response.PhysicalResourceId).toBe(`${PHYSICAL_ID_PREFIX}none`);
    });

    test('records the policy it replaces in the physical id', async () => {
      iam.on(GetAccountPasswordPolicyCommand).resolves({
        PasswordPolicy: { ...WEAK, ExpirePasswords: false },
      });
      const response = await handler(event('Create'));
      expect(response.PhysicalResourceId).toBe(physicalIdRecording(WEAK));
      expect(response.PhysicalResourceId.length).toBeLessThan(1024);
    });

    test('retries a throttled IAM call, then succeeds', async () => {
      noPolicy();
      const throttled = Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });
      iam.on(UpdateAccountPasswordPolicyCommand).rejectsOnce(throttled).resolves({});
      await handler(event('Create'));
      expect(iam.commandCalls(UpdateAccountPasswordPolicyCommand)).toHaveLength(2);
    });

    test('fails with the reason when throttling outlasts the retries', async () => {
      noPolicy();
      const throttled = Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });
      iam.on(UpdateAccountPasswordPolicyCommand).rejects(throttled);
      await expect(handler(event('Create'))).rejects.toThrow(
        /gave up after 6 attempts: Throttling/,
      );
    });

    test('fails on a property that is not a number, without calling IAM', async () => {
      const bad = { ...BASELINE_PROPERTIES, MinimumPasswordLength: 'fourteen' };
      await expect(handler(event('Create', bad))).rejects.toThrow(
        'MinimumPasswordLength must be a whole number, received "fourteen"',
      );
      expect(iam.calls()).toHaveLength(0);
    });
  });

  describe('update', () => {
    test('sets the new policy and keeps the physical id that records the original', async () => {
      const physicalId = physicalIdRecording(WEAK);
      const stricter = { ...BASELINE_PROPERTIES, MinimumPasswordLength: '20' };
      const response = await handler(event('Update', stricter, physicalId));
      expect(response.PhysicalResourceId).toBe(physicalId);
      expect(updates()).toEqual([{ ...BASELINE, MinimumPasswordLength: 20 }]);
      expect(iam.commandCalls(GetAccountPasswordPolicyCommand)).toHaveLength(0);
    });
  });

  describe('delete', () => {
    test('restores the policy recorded at create', async () => {
      iam.on(GetAccountPasswordPolicyCommand).resolves({ PasswordPolicy: BASELINE });
      await handler(event('Delete', BASELINE_PROPERTIES, physicalIdRecording(WEAK)));
      expect(updates()).toEqual([WEAK]);
      expect(iam.commandCalls(DeleteAccountPasswordPolicyCommand)).toHaveLength(0);
    });

    test('removes the policy when the account had none', async () => {
      iam.on(GetAccountPasswordPolicyCommand).resolves({ PasswordPolicy: BASELINE });
      await handler(event('Delete', BASELINE_PROPERTIES, physicalIdRecording(undefined)));
      expect(iam.commandCalls(DeleteAccountPasswordPolicyCommand)).toHaveLength(1);
      expect(updates()).toEqual([]);
    });

    test('leaves a policy that someone changed since the baseline set it', async () => {
      iam.on(GetAccountPasswordPolicyCommand).resolves({
        PasswordPolicy: { ...BASELINE, MinimumPasswordLength: 16 },
      });
      await handler(event('Delete', BASELINE_PROPERTIES, physicalIdRecording(WEAK)));
      expect(updates()).toEqual([]);
      expect(iam.commandCalls(DeleteAccountPasswordPolicyCommand)).toHaveLength(0);
    });

    test('changes nothing for a physical id it did not write (a create that failed)', async () => {
      const response = await handler(event('Delete', BASELINE_PROPERTIES, 'request-1'));
      expect(response.PhysicalResourceId).toBe('request-1');
      expect(iam.calls()).toHaveLength(0);
    });

    test('treats an absent and a zero maximum age as the same policy', async () => {
      const properties: Record<string, string> = { ...BASELINE_PROPERTIES };
      delete properties.MaxPasswordAge;
      iam.on(GetAccountPasswordPolicyCommand).resolves({
        PasswordPolicy: { ...BASELINE, MaxPasswordAge: 0 },
      });
      await handler(event('Delete', properties, physicalIdRecording(WEAK)));
      expect(updates()).toEqual([WEAK]);
    });
  });
});

describe('account password policy function logs', () => {
  test('show the settings it set and replaced, which the logger would redact under their IAM names', async () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const logged = createPasswordPolicyHandler({
        iam: new IAMClient({ region: 'us-east-1' }),
        logger: createLogger({ serviceName: 'test', logLevel: 'INFO' }),
        retry: { sleep: async () => undefined },
      });
      iam.on(GetAccountPasswordPolicyCommand).resolves({ PasswordPolicy: WEAK });
      await logged(event('Create'));
    } finally {
      spy.mockRestore();
    }
    const line = JSON.parse(written.find((w) => w.includes('Account password policy set'))!);
    expect(line.policy).toMatchObject({ minimumLength: 14, maxAgeDays: 90, reusePrevention: 24 });
    expect(line.previousPolicy).toMatchObject({ minimumLength: 8, maxAgeDays: 'never expires' });
  });
});
