import { LwaClientCredentials } from '../runtime/lwa';

/**
 * The JSON shapes of the credential secrets, and the checks a value passes before it is
 * stored. Problems are described without the value: a message about a secret must not
 * become a copy of it.
 */

/**
 * The client id the LWA secret holds until someone puts the real credentials in with
 * `npm run put-lwa-credentials`. The generated client secret beside it is random.
 */
export const LWA_PLACEHOLDER_CLIENT_ID = 'not-set-run-npm-run-put-lwa-credentials';

/** A secret value that is not in the expected shape. Its message never quotes the value. */
export class SecretValueError extends Error {
  override name = 'SecretValueError';
}

const CLIENT_ID = /^amzn1\.application-oa2-client\.[A-Za-z0-9]{16,64}$/;
const CLIENT_SECRET = /^amzn1\.oa2-cs\.v1\.[A-Za-z0-9]{32,128}$/;
const REFRESH_TOKEN = /^Atzr\|[\x21-\x7e]{20,2048}$/;

/** What is wrong with an LWA client id, or `undefined`. The id is not secret and may be quoted. */
export function clientIdProblem(clientId: string): string | undefined {
  if (CLIENT_ID.test(clientId)) return undefined;
  return `the client id '${clientId.slice(0, 80)}' is not an LWA client id (amzn1.application-oa2-client. and 16 to 64 letters or digits)`;
}

/** What is wrong with an LWA client secret, or `undefined`; the secret itself is never quoted. */
export function clientSecretProblem(clientSecret: string): string | undefined {
  if (CLIENT_SECRET.test(clientSecret)) return undefined;
  return `the client secret (${clientSecret.length} characters) is not an LWA client secret (amzn1.oa2-cs.v1. and 32 to 128 letters or digits)`;
}

/** What is wrong with a refresh token, or `undefined`; the token itself is never quoted. */
export function refreshTokenProblem(refreshToken: string): string | undefined {
  if (REFRESH_TOKEN.test(refreshToken)) return undefined;
  return `the refresh token (${refreshToken.length} characters) is not an LWA refresh token (Atzr| and printable characters, no spaces)`;
}

/** The LWA secret's JSON. */
export function formatLwaCredentials(credentials: LwaClientCredentials): string {
  return JSON.stringify({
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
  });
}

/** Reads the LWA secret's JSON; throws `SecretValueError` (without the value) if it is not one. */
export function parseLwaCredentials(text: string | undefined): LwaClientCredentials {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text ?? '');
  } catch {
    throw new SecretValueError('the LWA credentials secret is not JSON');
  }
  const { clientId, clientSecret } = (parsed ?? {}) as Record<string, unknown>;
  if (typeof clientId !== 'string' || typeof clientSecret !== 'string') {
    throw new SecretValueError('the LWA credentials secret lacks clientId or clientSecret');
  }
  return { clientId, clientSecret };
}

/** Whether the LWA secret still holds the placeholder the stack created. */
export function isPlaceholder(credentials: LwaClientCredentials): boolean {
  return credentials.clientId === LWA_PLACEHOLDER_CLIENT_ID;
}

/** A selling partner secret's JSON. */
export function formatSellingPartnerSecret(refreshToken: string): string {
  return JSON.stringify({ refreshToken });
}

/** Reads a selling partner secret's refresh token; throws `SecretValueError` without the value. */
export function parseSellingPartnerSecret(text: string | undefined): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text ?? '');
  } catch {
    throw new SecretValueError('the selling partner secret is not JSON');
  }
  const refreshToken = (parsed as { refreshToken?: unknown } | null)?.refreshToken;
  if (typeof refreshToken !== 'string') {
    throw new SecretValueError('the selling partner secret lacks refreshToken');
  }
  return refreshToken;
}
