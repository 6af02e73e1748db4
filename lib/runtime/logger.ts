import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one structured logger of every function and command the baseline ships.
 *
 * DPP 2.6 Logging and Monitoring: logs must not contain PII. DPP 2.5 Secure Coding
 * Practices and AUP 3.1: credentials are never shared, and a log line is a way to
 * share one. So the logger redacts before anything is written:
 *
 * - by field name: any field whose name says it holds PII (names, addresses, phone,
 *   e-mail, tax registration, gift messages) or a credential (secret, token, password,
 *   authorization, key material) is replaced whole, whatever its value is;
 * - by value: strings anywhere (the message included) that look like an LWA access or
 *   refresh token, an LWA client secret, an AWS access key id, a bearer token or an
 *   e-mail address have that part replaced.
 *
 * Log what happened and the ids needed to trace it (order id, selling partner id,
 * request id); never log a payload "to be safe".
 */

/** What a redacted value is replaced with. */
export const REDACTED = '[REDACTED]';

/**
 * Field names (lower-case, without separators) that hold PII on their own, as the
 * SP-API Orders, Tokens and Merchant Fulfillment models name them, or a common name.
 */
const PII_FIELD_NAMES = new Set([
  'name',
  'fullname',
  'firstname',
  'lastname',
  'companyname',
  'city',
  'county',
  'district',
  'municipality',
  'stateorregion',
  'postalcode',
  'zipcode',
  'vatnumber',
  'ipaddress',
  'deviceid',
  'geolocation',
]);

/** Fragments that make any field name sensitive: `shippingAddress`, `newClientSecret`, `x-amz-access-token`. */
const SENSITIVE_FIELD_FRAGMENTS = [
  'address',
  'phone',
  'email',
  'secret',
  'token',
  'password',
  'passwd',
  'authorization',
  'credential',
  'apikey',
  'accesskey',
  'privatekey',
  'signature',
  'cookie',
  // Everything about the buyer or recipient of an order, and tax identities.
  'buyer',
  'recipient',
  'shipto',
  'taxregistration',
  'taxinfo',
  'taxid',
  'giftmessage',
];

/** Values that are credentials or PII wherever they appear. */
const SENSITIVE_VALUE_PATTERNS: readonly RegExp[] = [
  // LWA access and refresh tokens.
  /Atz[ar]\|[A-Za-z0-9\-_|.+/=]{8,}/g,
  // LWA client secrets.
  /amzn1\.oa2-cs\.v1\.[A-Za-z0-9]{16,}/g,
  // AWS access key ids.
  /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g,
  // Bearer credentials in a header copied into a message.
  /\bBearer\s+[A-Za-z0-9\-_.~+/]+=*/gi,
  // E-mail addresses (buyer proxy addresses included).
  /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g,
];

function normalizedFieldName(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Whether a field of this name is redacted whole. */
export function isSensitiveField(key: string): boolean {
  const name = normalizedFieldName(key);
  return PII_FIELD_NAMES.has(name) || SENSITIVE_FIELD_FRAGMENTS.some((f) => name.includes(f));
}

/** `text` with every credential- or e-mail-looking part replaced. */
export function redactText(text: string): string {
  return SENSITIVE_VALUE_PATTERNS.reduce((out, pattern) => out.replace(pattern, REDACTED), text);
}

/** Fields the logger itself writes; their names are safe and their values are not payload. */
const LOGGER_FIELDS = new Set(['level', 'service', 'timestamp', 'function_name', 'function_arn']);

/**
 * The JSON replacer that the logger applies to every log item before it is written.
 * It also serves code that must render a value for a person (an error report) without
 * the logger.
 */
export function redactingReplacer(key: string, value: unknown): unknown {
  if (key !== '' && !LOGGER_FIELDS.has(key) && isSensitiveField(key)) {
    return value === undefined || value === null ? value : REDACTED;
  }
  if (value instanceof Error) return errorForLog(value);
  if (typeof value === 'string') return redactText(value);
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/**
 * An error as a log line shows it. Its type stays readable (`name` would otherwise be
 * taken for a person's name); its message, stack and cause are redacted like any text.
 */
function errorForLog(error: Error): Record<string, unknown> {
  return {
    type: error.name,
    message: error.message,
    stack: error.stack,
    ...(error.cause !== undefined ? { cause: error.cause } : {}),
  };
}

/** A value with every sensitive field and text redacted, for places that are not a log line. */
export function redact<T>(value: T): unknown {
  if (value === undefined) return undefined;
  return JSON.parse(JSON.stringify(value, redactingReplacer));
}

export interface BaselineLoggerOptions {
  /** The function or command, e.g. `lwa-secret-rotation`. */
  readonly serviceName: string;
  /**
   * @default the `POWERTOOLS_LOG_LEVEL` or `LOG_LEVEL` environment variable, else INFO
   */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'CRITICAL' | 'SILENT';
  /** Keys added to every line (ids only: environment, selling partner id). */
  readonly persistentKeys?: Record<string, string | number | boolean>;
}

/** A Powertools logger that redacts PII and credentials from every line it writes. */
export function createLogger(options: BaselineLoggerOptions): Logger {
  return new Logger({
    serviceName: options.serviceName,
    ...(options.logLevel ? { logLevel: options.logLevel } : {}),
    ...(options.persistentKeys ? { persistentKeys: options.persistentKeys } : {}),
    jsonReplacerFn: redactingReplacer,
  });
}
