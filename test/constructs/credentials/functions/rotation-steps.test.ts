import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { CURRENT, PENDING, formatLwaCredentials } from '../../../../lib/credentials';
import {
  RotationStepError,
  runRotationStep,
} from '../../../../constructs/credentials/functions/rotation';
import {
  CHECK_ROTATION_INPUT,
  positiveIntegerEnv,
  requiredEnv,
} from '../../../../constructs/credentials/functions/environment';
import { plainSecret } from '../../../fakes/amazon-server';
import { CLIENT_ID, Harness, OTHER_CLIENT_ID, startHarness } from './harness';

describe('rotation steps refuse what they must not do', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ plain: true });
  });
  afterEach(() => h.stop());

  /** Stages a value as a pending version, as the consumer would. */
  function stage(versionId: string, clientId: string, clientSecret: string) {
    h.secretsManager.secrets.get(h.secretArn)!.versions.set(versionId, {
      value: formatLwaCredentials({ clientId, clientSecret }),
      stages: new Set([PENDING]),
      created: h.now(),
    });
  }

  const step = (Step: 'createSecret' | 'testSecret' | 'finishSecret', token: string, id?: string) =>
    runRotationStep(
      { Step, SecretId: id ?? h.secretArn, ClientRequestToken: token },
      h.rotationDeps,
    );

  test('fails if asked to rotate another secret', async () => {
    await expect(
      step('createSecret', 'v1', 'arn:aws:secretsmanager:eu-west-1:1:secret:x'),
    ).rejects.toThrow(/this function rotates/);
    expect(h.secretsManager.calls(DescribeSecretCommand)).toHaveLength(0);
  });

  test('fails if rotation is disabled, or the version is not pending', async () => {
    stage('v1', CLIENT_ID, plainSecret());
    h.secretsManager.secrets.get(h.secretArn)!.versions.get('v1')!.stages.clear();
    await expect(step('testSecret', 'v1')).rejects.toThrow(/has no staging label/);
    h.secretsManager.secrets.get(h.secretArn)!.rotationEnabled = false;
    await expect(step('testSecret', 'v1')).rejects.toThrow(/not enabled/);
  });

  test('does nothing for a version that is already current', async () => {
    const current = h.secretsManager.versionIdAt(h.secretArn, CURRENT)!;
    await expect(step('finishSecret', current)).resolves.toBeUndefined();
    expect(h.secretsManager.versionIdAt(h.secretArn, CURRENT)).toBe(current);
  });

  test('fails the test of a pending secret for another client id, even one LWA accepts', async () => {
    const theirs = plainSecret();
    h.amazon.validSecrets.set(OTHER_CLIENT_ID, new Set([theirs]));
    stage('v1', OTHER_CLIENT_ID, theirs);
    await expect(step('testSecret', 'v1')).rejects.toThrow(RotationStepError);
    await expect(step('testSecret', 'v1')).rejects.toThrow(/another client id/);
  });

  test('finishSecret moves AWSCURRENT and keeps the old secret as AWSPREVIOUS', async () => {
    const next = plainSecret();
    stage('v1', CLIENT_ID, next);
    await step('finishSecret', 'v1');
    expect(h.current().clientSecret).toBe(next);
    expect(h.secretsManager.valueAt(h.secretArn, 'AWSPREVIOUS')).toContain(h.initialSecret);
    // Run again (a retry): nothing moves.
    await step('finishSecret', 'v1');
    expect(h.current().clientSecret).toBe(next);
  });
});

describe('function environment', () => {
  test('reads required and numeric variables, and stops on a missing or bad one', () => {
    expect(requiredEnv('A', { A: 'x' })).toBe('x');
    expect(() => requiredEnv('A', {})).toThrow(/A is not set/);
    expect(positiveIntegerEnv('N', { N: '60' })).toBe(60);
    expect(() => positiveIntegerEnv('N', { N: '6.5' })).toThrow(/positive whole number/);
    expect(CHECK_ROTATION_INPUT).toEqual({ action: 'check-rotation' });
  });
});
