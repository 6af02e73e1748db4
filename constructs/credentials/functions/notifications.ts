import { z } from 'zod';

/**
 * The two SP-API notifications of a client-secret rotation, as Amazon delivers them to
 * the SQS queues (the message body is the notification JSON):
 *
 * - `APPLICATION_OAUTH_CLIENT_NEW_SECRET`: Amazon issued a new client secret (after
 *   `rotateApplicationClientSecret`); the old one stays valid until
 *   `oldClientSecretExpiryTime`, seven days later.
 * - `APPLICATION_OAUTH_CLIENT_SECRET_EXPIRY`: the current secret expires at
 *   `clientSecretExpiryTime`; rotate before then.
 *
 * A body that is not one of these throws, so that SQS keeps the message, retries it and
 * finally moves it to the dead-letter queue, where it waits for a person. The error
 * says which fields are wrong, never what they hold.
 */

export const NEW_CLIENT_SECRET = 'APPLICATION_OAUTH_CLIENT_NEW_SECRET';
export const CLIENT_SECRET_EXPIRY = 'APPLICATION_OAUTH_CLIENT_SECRET_EXPIRY';

const isoTime = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'not an ISO 8601 time');
const metadata = z.object({ notificationId: z.string().min(1).max(256) });

const newSecretSchema = z.object({
  notificationType: z.literal(NEW_CLIENT_SECRET),
  eventTime: isoTime,
  payload: z.object({
    applicationOAuthClientNewSecret: z.object({
      clientId: z.string().min(1).max(256),
      newClientSecret: z.string().min(1).max(1024),
      newClientSecretExpiryTime: isoTime.optional(),
      oldClientSecretExpiryTime: isoTime.optional(),
    }),
  }),
  notificationMetadata: metadata,
});

const expirySchema = z.object({
  notificationType: z.literal(CLIENT_SECRET_EXPIRY),
  eventTime: isoTime,
  payload: z.object({
    applicationOAuthClientSecretExpiry: z.object({
      clientId: z.string().min(1).max(256),
      clientSecretExpiryTime: isoTime,
      clientSecretExpiryReason: z.string().max(256).optional(),
    }),
  }),
  notificationMetadata: metadata,
});

export interface NewClientSecretNotification {
  readonly kind: 'new-client-secret';
  readonly notificationId: string;
  readonly eventTime: Date;
  readonly clientId: string;
  readonly newClientSecret: string;
  readonly newSecretExpiresAt?: Date;
  readonly oldSecretExpiresAt?: Date;
}

export interface ClientSecretExpiryNotification {
  readonly kind: 'client-secret-expiry';
  readonly notificationId: string;
  readonly eventTime: Date;
  readonly clientId: string;
  readonly expiresAt: Date;
  readonly reason?: string;
}

export type RotationNotification = NewClientSecretNotification | ClientSecretExpiryNotification;

/** A message body that is not a rotation notification. The message names fields, not values. */
export class MalformedNotificationError extends Error {
  override name = 'MalformedNotificationError';
}

const optionalDate = (v: string | undefined) => (v === undefined ? undefined : new Date(v));

/** The notification in an SQS message body; throws `MalformedNotificationError`. */
export function parseNotification(body: string): RotationNotification {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new MalformedNotificationError(
      `the message body is not JSON (${body.length} characters)`,
    );
  }
  const type = (json as { notificationType?: unknown } | null)?.notificationType;
  if (type === NEW_CLIENT_SECRET) {
    const n = check(newSecretSchema, json);
    const p = n.payload.applicationOAuthClientNewSecret;
    return {
      kind: 'new-client-secret',
      notificationId: n.notificationMetadata.notificationId,
      eventTime: new Date(n.eventTime),
      clientId: p.clientId,
      newClientSecret: p.newClientSecret,
      ...dated('newSecretExpiresAt', optionalDate(p.newClientSecretExpiryTime)),
      ...dated('oldSecretExpiresAt', optionalDate(p.oldClientSecretExpiryTime)),
    };
  }
  if (type === CLIENT_SECRET_EXPIRY) {
    const n = check(expirySchema, json);
    const p = n.payload.applicationOAuthClientSecretExpiry;
    return {
      kind: 'client-secret-expiry',
      notificationId: n.notificationMetadata.notificationId,
      eventTime: new Date(n.eventTime),
      clientId: p.clientId,
      expiresAt: new Date(p.clientSecretExpiryTime),
      ...(p.clientSecretExpiryReason ? { reason: p.clientSecretExpiryReason } : {}),
    };
  }
  throw new MalformedNotificationError(
    `notificationType is ${typeof type === 'string' ? `'${type.slice(0, 64)}'` : 'missing'}, not ${NEW_CLIENT_SECRET} or ${CLIENT_SECRET_EXPIRY}`,
  );
}

function dated<K extends string>(key: K, date: Date | undefined): Partial<Record<K, Date>> {
  return date === undefined ? {} : ({ [key]: date } as Record<K, Date>);
}

function check<T>(schema: z.ZodType<T>, json: unknown): T {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.code}`);
  throw new MalformedNotificationError(`the notification is malformed: ${problems.join('; ')}`);
}
