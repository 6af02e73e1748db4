import {
  CLIENT_SECRET_EXPIRY,
  MalformedNotificationError,
  NEW_CLIENT_SECRET,
  parseNotification,
} from '../../../../constructs/credentials/functions/notifications';
import { versionIdFor } from '../../../../constructs/credentials/functions/notification-consumer';
import { plainSecret } from '../../../fakes/amazon-server';
import { CLIENT_ID, expiryNotification, newSecretNotification } from './harness';

const SECRET = plainSecret();
const AT = new Date('2025-03-01T09:00:00Z');

describe('parseNotification', () => {
  test('reads APPLICATION_OAUTH_CLIENT_NEW_SECRET as Amazon sends it', () => {
    const n = parseNotification(
      newSecretNotification(
        { clientId: CLIENT_ID, newClientSecret: SECRET },
        { eventTime: AT, notificationId: 'n-1' },
      ),
    );
    expect(n).toEqual({
      kind: 'new-client-secret',
      notificationId: 'n-1',
      eventTime: AT,
      clientId: CLIENT_ID,
      newClientSecret: SECRET,
      newSecretExpiresAt: new Date(AT.getTime() + 180 * 86_400_000),
      oldSecretExpiresAt: new Date(AT.getTime() + 7 * 86_400_000),
    });
  });

  test('reads APPLICATION_OAUTH_CLIENT_SECRET_EXPIRY', () => {
    const expiresAt = new Date('2025-03-08T09:00:00Z');
    expect(parseNotification(expiryNotification({ eventTime: AT, expiresAt }))).toMatchObject({
      kind: 'client-secret-expiry',
      clientId: CLIENT_ID,
      expiresAt,
      reason: 'PERIODIC_ROTATION',
    });
  });

  const valid = JSON.parse(
    newSecretNotification({ clientId: CLIENT_ID, newClientSecret: SECRET }, { eventTime: AT }),
  );
  test.each([
    ['not JSON', 'not json at all', /not JSON/],
    [
      'another type',
      JSON.stringify({ ...valid, notificationType: 'ORDER_CHANGE' }),
      /ORDER_CHANGE/,
    ],
    ['no type', JSON.stringify({ payload: {} }), /missing/],
    [
      'no secret',
      JSON.stringify({
        ...valid,
        payload: { applicationOAuthClientNewSecret: { clientId: CLIENT_ID } },
      }),
      /newClientSecret: invalid_type/,
    ],
    ['a bad time', JSON.stringify({ ...valid, eventTime: 'yesterday' }), /eventTime: custom/],
    [
      'no notification id',
      JSON.stringify({ ...valid, notificationMetadata: {} }),
      /notificationMetadata.notificationId/,
    ],
  ])('fails if the body is %s, without quoting a value', (_what, body, problem) => {
    let error: unknown;
    try {
      parseNotification(body);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MalformedNotificationError);
    expect((error as Error).message).toMatch(problem);
    expect((error as Error).message).not.toContain(SECRET);
    expect((error as Error).message).not.toContain(CLIENT_ID);
  });

  test('names the two types it reads', () => {
    expect([NEW_CLIENT_SECRET, CLIENT_SECRET_EXPIRY]).toEqual([
      'APPLICATION_OAUTH_CLIENT_NEW_SECRET',
      'APPLICATION_OAUTH_CLIENT_SECRET_EXPIRY',
    ]);
  });
});

describe('versionIdFor', () => {
  test('gives every delivery of one notification the same version id, a UUID', () => {
    expect(versionIdFor('n-1')).toBe(versionIdFor('n-1'));
    expect(versionIdFor('n-1')).not.toBe(versionIdFor('n-2'));
    expect(versionIdFor('n-1')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });
});
