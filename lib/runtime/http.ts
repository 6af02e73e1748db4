import { redactText } from './logger';

/**
 * Small pieces shared by the baseline's HTTP clients (LWA, SP-API): the `fetch` they
 * use, the wait a server asks for, and error text that is safe to log.
 */

/** The `fetch` of Node.js 20+; injectable so tests can point a client at a loopback server. */
export type FetchFunction = typeof fetch;

/** The longest piece of a server's error text an error message keeps. */
const MAX_ERROR_TEXT = 200;

/**
 * The wait a `Retry-After` header asks for, in milliseconds: delta-seconds or an
 * HTTP date. `undefined` when absent or unreadable.
 */
export function retryAfterMs(headers: Headers, now: () => number = Date.now): number | undefined {
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value.trim());
  if (/^[\d.]+$/.test(value.trim()) && Number.isFinite(seconds)) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now());
}

/** Whether an HTTP status is worth another attempt: throttling or a server fault. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * Text from a server (an error description) as an error message may carry it: anything
 * that looks like a credential redacted, control characters removed, length bounded.
 */
export function safeServerText(text: unknown): string | undefined {
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  const clean = redactText(text)
    .replace(/\p{Cc}+/gu, ' ')
    .trim();
  return clean.length > MAX_ERROR_TEXT ? `${clean.slice(0, MAX_ERROR_TEXT)}...` : clean;
}

/** A response body parsed as JSON, or `undefined` when it is empty or not JSON. */
export async function jsonBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
