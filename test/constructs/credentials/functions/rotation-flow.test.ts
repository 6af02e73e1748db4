import { PutSecretValueCommand, RotateSecretCommand } from '@aws-sdk/client-secrets-manager';
import {
  CURRENT,
  LWA_PLACEHOLDER_CLIENT_ID,
  PENDING,
  ROTATION_REQUESTED_AT_TAG,
  formatLwaCredentials,
} from '../../../../lib/credentials';
import { CLIENT_SECRET_ROTATION_SCOPE } from '../../../../lib/runtime/lwa';
import { RetriesExhaustedError } from '../../../../lib/runtime/retry';
import { checkRotation } from '../../../../constructs/credentials/functions/notification-consumer';
import {
  AwaitingNewClientSecret,
  RotationStepError,
} from '../../../../constructs/credentials/functions/rotation';
import { LOG_EVENTS } from '../../../../constructs/credentials/functions/log-events';
import { LWA_PATH, ROTATE_PATH, plainSecret } from '../../../fakes/amazon-server';
import {
  CLIENT_ID,
  HOUR,
  DAY,
  Harness,
  MAX_RECEIVE_COUNT,
  OTHER_CLIENT_ID,
  expiryNotification,
  newSecretNotification,
  startHarness,
} from './harness';

/** Events the functions logged, by their `event` field. */
const eventsOf = (h: Harness, event: string) => h.logLines().filter((l) => l.event === event);

/** No secret or token the test world knows of appears in any log line. */
function expectNoSecretInLogs(h: Harness, extra: readonly string[] = []): void {
  const text = h.logText();
  const secrets = [
    h.initialSecret,
    ...h.amazon.issued.map((i) => i.newClientSecret),
    ...h.amazon.tokens.keys(),
    ...extra,
  ];
  expect(secrets.length).toBeGreaterThan(0);
  for (const secret of secrets) expect(text).not.toContain(secret);
}

/** The schedule comes due and Secrets Manager runs the rotation: Amazon is asked. */
async function scheduleFires(h: Harness) {
  h.secretsManager.scheduleFires(h.secretArn);
  return h.secretsManager.runRotations();
}

/** Amazon delivers the notification of the last secret it issued, and Secrets Manager rotates. */
async function amazonNotifies(h: Harness, eventTime = h.now()) {
  const issued = h.amazon.issued.at(-1)!;
  await h.send(h.newSecretQueue.url, newSecretNotification(issued, { eventTime }));
  await h.deliver();
  return h.secretsManager.runRotations();
}

describe('LWA client-secret rotation, end to end', () => {
  // Secrets and tokens in a shape no redaction pattern knows: the logs stay clean
  // because nothing logs them, not because a pattern caught them.
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ plain: true });
  });
  afterEach(async () => {
    expectNoSecretInLogs(h);
    await h.stop();
  });

  test('happy path: the schedule asks Amazon; the notified secret is staged, tested, then made current', async () => {
    const [first] = await scheduleFires(h);
    expect(first).toMatchObject({ outcome: 'failed', failedStep: 'createSecret' });
    expect(first.error).toBeInstanceOf(AwaitingNewClientSecret);
    expect(h.current().clientSecret).toBe(h.initialSecret);
    const [rotateCall] = h.amazon.seen(ROTATE_PATH);
    expect(rotateCall.method).toBe('POST');
    expect(h.amazon.tokens.get(String(rotateCall.headers['x-amz-access-token']))).toEqual({
      clientId: CLIENT_ID,
      scope: CLIENT_SECRET_ROTATION_SCOPE,
    });
    expect(h.secretsManager.secrets.get(h.secretArn)!.tags.has(ROTATION_REQUESTED_AT_TAG)).toBe(
      true,
    );
    expect(eventsOf(h, LOG_EVENTS.awaitingNotification)).toHaveLength(1);
    expect(eventsOf(h, LOG_EVENTS.stepFailed)).toHaveLength(0);

    h.advance(2 * 60_000);
    const [second] = await amazonNotifies(h);
    expect(second.outcome).toBe('succeeded');
    const issued = h.amazon.issued[0].newClientSecret;
    expect(h.current()).toEqual({ clientId: CLIENT_ID, clientSecret: issued });
    expect(h.secretsManager.valueAt(h.secretArn, 'AWSPREVIOUS')).toContain(h.initialSecret);
    const secret = h.secretsManager.secrets.get(h.secretArn)!;
    expect(secret.tags.has(ROTATION_REQUESTED_AT_TAG)).toBe(false);
    expect(secret.lastRotatedDate).toEqual(h.now());
    expect(h.amazon.seen(ROTATE_PATH)).toHaveLength(1);
    expect(eventsOf(h, 'LwaClientSecretRotated')).toHaveLength(1);
    expect((await checkRotation(h.consumerDeps)).overdue).toBe(false);
  });

  test('LWA answering 401 for the new secret: it is never made current, and the failure is logged', async () => {
    await scheduleFires(h);
    h.amazon.expire(CLIENT_ID, h.amazon.issued[0].newClientSecret);
    const [run] = await amazonNotifies(h);
    expect(run).toMatchObject({ outcome: 'failed', failedStep: 'testSecret' });
    expect((run.error as Error).message).toMatch(/LWA refused the pending client secret/);
    expect(h.current().clientSecret).toBe(h.initialSecret);
    expect(h.secretsManager.valueAt(h.secretArn, PENDING)).toContain(
      h.amazon.issued[0].newClientSecret,
    );
    expect(eventsOf(h, LOG_EVENTS.stepFailed)).toEqual([
      expect.objectContaining({ step: 'testSecret', level: 'ERROR' }),
    ]);
    // The hourly check tries again, and the refused secret is still never promoted.
    h.advance(20 * 60_000);
    expect((await checkRotation(h.consumerDeps)).resumed).toBe(true);
    const [again] = await h.secretsManager.runRotations();
    expect(again).toMatchObject({ outcome: 'failed', failedStep: 'testSecret' });
    expect(h.current().clientSecret).toBe(h.initialSecret);
  });

  test('429 then success on the rotation call: it waits for the rate limit, then asks once more', async () => {
    h.amazon.failNext(ROTATE_PATH, {
      status: 429,
      headers: { 'x-amzn-RateLimit-Limit': '0.0167' },
      body: { errors: [{ code: 'QuotaExceeded', message: 'You exceeded your quota' }] },
    });
    const before = h.now().getTime();
    const [run] = await scheduleFires(h);
    expect(run.error).toBeInstanceOf(AwaitingNewClientSecret);
    expect(h.amazon.seen(ROTATE_PATH)).toHaveLength(2);
    expect(h.now().getTime() - before).toBeGreaterThanOrEqual(59_000);
    expect(h.amazon.issued).toHaveLength(1);
    const [done] = await amazonNotifies(h);
    expect(done.outcome).toBe('succeeded');
  });

  test('429 then success from LWA while testing the new secret', async () => {
    await scheduleFires(h);
    h.amazon.failNext(LWA_PATH, { status: 429, body: { error: 'rate_limited' } });
    const [run] = await amazonNotifies(h);
    expect(run.outcome).toBe('succeeded');
  });

  test('5xx exhausted when asking Amazon: the rotation fails, AWSCURRENT is untouched, nothing is recorded', async () => {
    for (let i = 0; i < 4; i++) h.amazon.failNext(ROTATE_PATH, { status: 503 });
    const [run] = await scheduleFires(h);
    expect(run).toMatchObject({ outcome: 'failed', failedStep: 'createSecret' });
    expect(run.error).toBeInstanceOf(RetriesExhaustedError);
    expect(h.amazon.issued).toHaveLength(0);
    expect(h.current().clientSecret).toBe(h.initialSecret);
    expect(h.secretsManager.secrets.get(h.secretArn)!.tags.has(ROTATION_REQUESTED_AT_TAG)).toBe(
      false,
    );
    expect(eventsOf(h, LOG_EVENTS.stepFailed)).toHaveLength(1);
    // Nothing was recorded, so the next attempt asks Amazon again.
    h.advance(5 * 60_000);
    await scheduleFires(h);
    expect(h.amazon.issued).toHaveLength(1);
  });

  test('5xx exhausted while testing: not made current; the hourly check resumes the rotation later', async () => {
    await scheduleFires(h);
    for (let i = 0; i < 4; i++) h.amazon.failNext(LWA_PATH, { status: 500 });
    const [run] = await amazonNotifies(h);
    expect(run).toMatchObject({ outcome: 'failed', failedStep: 'testSecret' });
    expect(h.current().clientSecret).toBe(h.initialSecret);

    h.advance(5 * 60_000);
    expect((await checkRotation(h.consumerDeps)).resumed).toBe(false);
    h.advance(20 * 60_000);
    const status = await checkRotation(h.consumerDeps);
    expect(status).toMatchObject({ resumed: true, overdue: false });
    const [resumed] = await h.secretsManager.runRotations();
    expect(resumed.outcome).toBe('succeeded');
    expect(h.current().clientSecret).toBe(h.amazon.issued[0].newClientSecret);
  });

  test('a notification before any request (rotated elsewhere) is adopted without asking Amazon', async () => {
    const elsewhere = plainSecret();
    h.amazon.validSecrets.get(CLIENT_ID)!.add(elsewhere);
    await h.send(
      h.newSecretQueue.url,
      newSecretNotification(
        { clientId: CLIENT_ID, newClientSecret: elsewhere },
        { eventTime: h.now(), notificationId: 'console-1' },
      ),
    );
    await h.deliver();
    const [run] = await h.secretsManager.runRotations();
    expect(run.outcome).toBe('succeeded');
    expect(h.current().clientSecret).toBe(elsewhere);
    expect(h.amazon.seen(ROTATE_PATH)).toHaveLength(0);
    expectNoSecretInLogs(h, [elsewhere]);
  });

  test('during the rotation window, a retried createSecret does not ask Amazon again', async () => {
    await scheduleFires(h);
    h.advance(10 * 60_000);
    const [retry] = await scheduleFires(h);
    expect(retry.error).toBeInstanceOf(AwaitingNewClientSecret);
    expect(h.amazon.seen(ROTATE_PATH)).toHaveLength(1);
    const [done] = await amazonNotifies(h);
    expect(done.outcome).toBe('succeeded');
  });

  test('past the cooldown, a retried createSecret asks Amazon again', async () => {
    await scheduleFires(h);
    h.advance(2 * HOUR);
    await scheduleFires(h);
    expect(h.amazon.seen(ROTATE_PATH)).toHaveLength(2);
  });

  test('long after the window: a notification whose new secret has already expired is ignored', async () => {
    await scheduleFires(h);
    const issued = h.amazon.issued[0];
    h.advance(200 * DAY);
    await h.send(
      h.newSecretQueue.url,
      newSecretNotification(issued, {
        eventTime: new Date(h.now().getTime() - 199 * DAY),
        newSecretExpiresAt: new Date(h.now().getTime() - 19 * DAY),
      }),
    );
    await h.deliver();
    expect(h.secretsManager.calls(PutSecretValueCommand)).toHaveLength(0);
    expect(eventsOf(h, LOG_EVENTS.notificationHandled)).toEqual([
      expect.objectContaining({ outcome: 'ignored-expired' }),
    ]);
  });

  test('long after: an older notification delivered after a newer rotation is ignored as stale', async () => {
    await scheduleFires(h);
    const older = h.amazon.issued[0];
    const olderTime = h.now();
    h.advance(2 * HOUR);
    await scheduleFires(h); // the notification never came; past the cooldown Amazon is asked again
    h.advance(60_000);
    await amazonNotifies(h);
    const newer = h.amazon.issued[1].newClientSecret;
    expect(h.current().clientSecret).toBe(newer);
    h.advance(HOUR);
    await h.send(h.newSecretQueue.url, newSecretNotification(older, { eventTime: olderTime }));
    await h.deliver();
    expect(h.current().clientSecret).toBe(newer);
    expect(eventsOf(h, LOG_EVENTS.notificationHandled).at(-1)).toMatchObject({
      outcome: 'ignored-stale',
    });
  });

  test('long after the window but still valid: adopted, and the overdue alarm clears', async () => {
    await scheduleFires(h);
    const requestedAt = h.now();
    h.advance(30 * HOUR);
    const late = await checkRotation(h.consumerDeps);
    expect(late.overdue).toBe(true);
    const [run] = await amazonNotifies(h, new Date(requestedAt.getTime() + 29 * HOUR));
    expect(run.outcome).toBe('succeeded');
    expect((await checkRotation(h.consumerDeps)).overdue).toBe(false);
  });

  test('never within the window: the hourly check reports the rotation overdue', async () => {
    await scheduleFires(h);
    h.advance(23 * HOUR);
    expect((await checkRotation(h.consumerDeps)).overdue).toBe(false);
    h.advance(2 * HOUR);
    const status = await checkRotation(h.consumerDeps);
    expect(status.overdue).toBe(true);
    expect(status.reasons.join(' ')).toMatch(/none was made current within 24 hours/);
    expect(h.current().clientSecret).toBe(h.initialSecret);
    const statusLines = eventsOf(h, LOG_EVENTS.rotationStatus);
    expect(statusLines.map((l) => l.overdue)).toEqual([false, true]);
    expect(statusLines[1].level).toBe('WARN');
  });

  test('a duplicate notification after the rotation changes nothing', async () => {
    await scheduleFires(h);
    const body = newSecretNotification(h.amazon.issued[0], { eventTime: h.now() });
    await h.send(h.newSecretQueue.url, body);
    await h.deliver();
    await h.secretsManager.runRotations();
    const rotated = h.current().clientSecret;
    await h.send(h.newSecretQueue.url, body);
    await h.deliver();
    expect(await h.secretsManager.runRotations()).toEqual([]);
    expect(h.current().clientSecret).toBe(rotated);
    expect(h.secretsManager.calls(PutSecretValueCommand)).toHaveLength(1);
    expect(eventsOf(h, LOG_EVENTS.notificationHandled).at(-1)).toMatchObject({
      outcome: 'already-current',
    });
  });

  test('a duplicate while the rotation is stuck restarts it without staging the secret twice', async () => {
    await scheduleFires(h);
    for (let i = 0; i < 4; i++) h.amazon.failNext(LWA_PATH, { status: 502 });
    const body = newSecretNotification(h.amazon.issued[0], { eventTime: h.now() });
    await h.send(h.newSecretQueue.url, body);
    await h.deliver();
    const [failed] = await h.secretsManager.runRotations();
    expect(failed.outcome).toBe('failed');
    await h.send(h.newSecretQueue.url, body);
    await h.deliver();
    const [done] = await h.secretsManager.runRotations();
    expect(done.outcome).toBe('succeeded');
    expect(h.secretsManager.calls(PutSecretValueCommand)).toHaveLength(1);
    expect(eventsOf(h, LOG_EVENTS.notificationHandled).at(-1)).toMatchObject({
      outcome: 'rotation-restarted',
    });
  });

  test('a notification for another client id is ignored and logged without its secret', async () => {
    const theirs = plainSecret();
    await h.send(
      h.newSecretQueue.url,
      newSecretNotification(
        { clientId: OTHER_CLIENT_ID, newClientSecret: theirs },
        { eventTime: h.now() },
      ),
    );
    await h.deliver();
    expect(h.secretsManager.calls(PutSecretValueCommand)).toHaveLength(0);
    expect(h.secretsManager.calls(RotateSecretCommand)).toHaveLength(0);
    expect(eventsOf(h, LOG_EVENTS.notificationHandled)).toEqual([
      expect.objectContaining({ outcome: 'ignored-other-client', clientId: OTHER_CLIENT_ID }),
    ]);
    expectNoSecretInLogs(h, [theirs]);
  });

  test('a malformed body is dead-lettered whole; the good notification beside it is handled', async () => {
    await scheduleFires(h);
    const malformed = '{"notificationType":"APPLICATION_OAUTH_CLIENT_NEW_SECRET","payload":{}}';
    await h.send(h.newSecretQueue.url, malformed);
    await h.send(
      h.newSecretQueue.url,
      newSecretNotification(h.amazon.issued[0], { eventTime: h.now() }),
    );
    await h.deliver();
    expect(h.queues.bodies(h.newSecretQueue.deadLetterUrl)).toEqual([malformed]);
    expect(h.queues.bodies(h.newSecretQueue.url)).toEqual([]);
    const failures = eventsOf(h, LOG_EVENTS.notificationFailed);
    expect(failures).toHaveLength(MAX_RECEIVE_COUNT);
    expect(JSON.stringify(failures)).toMatch(/eventTime: invalid_type/);
    const [run] = await h.secretsManager.runRotations();
    expect(run.outcome).toBe('succeeded');
  });

  test('a notification of another type is dead-lettered, not dropped', async () => {
    const other = JSON.stringify({ notificationType: 'ANY_OFFER_CHANGED', payload: {} });
    await h.send(h.expiryQueue.url, other);
    await h.deliver();
    expect(h.queues.bodies(h.expiryQueue.deadLetterUrl)).toEqual([other]);
  });

  test('the expiry notification starts a rotation when none is under way', async () => {
    await h.send(
      h.expiryQueue.url,
      expiryNotification({ eventTime: h.now(), expiresAt: new Date(h.now().getTime() + 7 * DAY) }),
    );
    await h.deliver();
    const [run] = await h.secretsManager.runRotations();
    expect(run.error).toBeInstanceOf(AwaitingNewClientSecret);
    expect(h.amazon.issued).toHaveLength(1);
    const [done] = await amazonNotifies(h);
    expect(done.outcome).toBe('succeeded');
  });

  test('the expiry notification does nothing while a requested rotation is under way', async () => {
    await scheduleFires(h);
    h.advance(HOUR);
    await h.send(
      h.expiryQueue.url,
      expiryNotification({ eventTime: h.now(), expiresAt: new Date(h.now().getTime() + 7 * DAY) }),
    );
    await h.deliver();
    expect(await h.secretsManager.runRotations()).toEqual([]);
    expect(h.amazon.seen(ROTATE_PATH)).toHaveLength(1);
    expect(eventsOf(h, LOG_EVENTS.notificationHandled).at(-1)).toMatchObject({
      outcome: 'rotation-under-way',
    });
  });

  test('an expiry notification for another client id is ignored', async () => {
    await h.send(
      h.expiryQueue.url,
      expiryNotification({
        clientId: OTHER_CLIENT_ID,
        eventTime: h.now(),
        expiresAt: new Date(h.now().getTime() + 7 * DAY),
      }),
    );
    await h.deliver();
    expect(h.secretsManager.calls(RotateSecretCommand)).toHaveLength(0);
  });

  test('while the credentials are the placeholder, rotation fails and names the command to run', async () => {
    const secret = h.secretsManager.secrets.get(h.secretArn)!;
    secret.versions.clear();
    h.secretsManager.addSecret({ name: 'unused' });
    secret.versions.set('v0', {
      value: formatLwaCredentials({
        clientId: LWA_PLACEHOLDER_CLIENT_ID,
        clientSecret: 'x'.repeat(32),
      }),
      stages: new Set([CURRENT]),
      created: h.now(),
    });
    const [run] = await scheduleFires(h);
    expect(run.error).toBeInstanceOf(RotationStepError);
    expect((run.error as Error).message).toMatch(/npm run put-lwa-credentials/);
    expect(h.amazon.seen(ROTATE_PATH)).toHaveLength(0);
  });

  test('while the credentials are the placeholder, the consumer keeps notifications for later, and the check alarms', async () => {
    const secret = h.secretsManager.secrets.get(h.secretArn)!;
    const [version] = secret.versions.values();
    version.value = formatLwaCredentials({
      clientId: LWA_PLACEHOLDER_CLIENT_ID,
      clientSecret: 'x'.repeat(32),
    });
    const delivered = plainSecret();
    await h.send(
      h.newSecretQueue.url,
      newSecretNotification(
        { clientId: CLIENT_ID, newClientSecret: delivered },
        { eventTime: h.now() },
      ),
    );
    await h.deliver();
    expect(h.queues.bodies(h.newSecretQueue.deadLetterUrl)).toHaveLength(1);
    expectNoSecretInLogs(h, [delivered]);
    const status = await checkRotation(h.consumerDeps);
    expect(status.overdue).toBe(true);
    expect(status.reasons.join(' ')).toMatch(/still the placeholder/);
    expect(JSON.stringify(eventsOf(h, LOG_EVENTS.notificationFailed)[0])).toMatch(
      /npm run put-lwa-credentials/,
    );
  });

  test('rotation turned off: the hourly check reports it', async () => {
    h.secretsManager.secrets.get(h.secretArn)!.rotationEnabled = false;
    const status = await checkRotation(h.consumerDeps);
    expect(status.overdue).toBe(true);
    expect(status.reasons).toContain('rotation is disabled on the LWA secret');
  });

  test('the schedule missed: the hourly check reports a rotation older than the schedule', async () => {
    h.advance(31 * DAY); // created 30 days before the start; the schedule is 60 days
    expect((await checkRotation(h.consumerDeps)).overdue).toBe(false);
    h.advance(DAY);
    const status = await checkRotation(h.consumerDeps);
    expect(status.overdue).toBe(true);
    expect(status.reasons[0]).toMatch(/last rotated 62 days ago; the schedule is every 60 days/);
  });
});

describe('LWA client-secret rotation with secrets in their real format', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    expectNoSecretInLogs(h);
    await h.stop();
  });

  test('rotates end to end', async () => {
    await scheduleFires(h);
    const [run] = await amazonNotifies(h);
    expect(run.outcome).toBe('succeeded');
    expect(h.current().clientSecret).toMatch(/^amzn1\.oa2-cs\.v1\./);
  });
});
