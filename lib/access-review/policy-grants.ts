/**
 * Which IAM policy statements grant administrator access or wildcard access to a data
 * service (DPP 1.3 Least Privilege Principle, DUP 3.5, DUP 4.8): the services that hold
 * or unlock Information in this baseline are S3, DynamoDB, KMS and Secrets Manager.
 *
 * A statement is a grant when it allows, on every resource (`*`, an ARN whose resource
 * part is only a wildcard, or any `NotResource`):
 * - every action (`*`, `*:*`, `NotAction` that leaves IAM in): `admin`;
 * - every action of a data service (`s3:*`, `S3:*`, `s3:?*`, or `NotAction` that does
 *   not take the service out): `wildcard-data`.
 * Action names are matched as IAM does: case-insensitive, `*` and `?` wildcards.
 * Deny statements and permissions boundaries are not subtracted: the review lists the
 * grant and the reviewer judges what limits it.
 */

import { iamPatternMatches } from '../policy/iam';

export const DATA_SERVICES = ['s3', 'dynamodb', 'kms', 'secretsmanager'] as const;
export type DataService = (typeof DATA_SERVICES)[number];

export type PolicyGrant =
  | { readonly kind: 'admin'; readonly via: 'Action' | 'NotAction'; readonly conditional: boolean }
  | {
      readonly kind: 'wildcard-data';
      readonly service: DataService;
      readonly via: 'Action' | 'NotAction';
      readonly conditional: boolean;
    };

/** The policy document is not JSON or not an IAM policy; the reviewer must read it by hand. */
export class PolicyDocumentError extends Error {
  override name = 'PolicyDocumentError';
}

/**
 * The JSON of a policy document as IAM returns it: GetAccountAuthorizationDetails
 * URL-encodes documents (RFC 3986) and the JavaScript SDK does not decode them.
 */
export function decodePolicyDocument(text: string): unknown {
  const trimmed = text.trim();
  try {
    return JSON.parse(trimmed.startsWith('{') ? trimmed : decodeURIComponent(trimmed));
  } catch (e) {
    throw new PolicyDocumentError(
      `not a JSON policy document (${e instanceof Error ? e.message : String(e)})`,
    );
  }
}

/** Every admin or wildcard-data grant of a policy document, one per kind and service. */
export function grantsOf(document: unknown): PolicyGrant[] {
  const grants = new Map<string, PolicyGrant>();
  for (const statement of statementsOf(document)) {
    for (const grant of statementGrants(statement)) {
      const key = grant.kind === 'admin' ? 'admin' : grant.service;
      const known = grants.get(key);
      // An unconditional grant outweighs a conditional one of the same kind.
      if (!known || (known.conditional && !grant.conditional)) grants.set(key, grant);
    }
  }
  return [...grants.values()];
}

interface Statement {
  readonly Effect?: unknown;
  readonly Action?: unknown;
  readonly NotAction?: unknown;
  readonly Resource?: unknown;
  readonly NotResource?: unknown;
  readonly Condition?: unknown;
}

function statementsOf(document: unknown): Statement[] {
  if (document === null || typeof document !== 'object' || !('Statement' in document)) {
    throw new PolicyDocumentError('the policy document has no Statement');
  }
  const statements = (document as { Statement: unknown }).Statement;
  const list = Array.isArray(statements) ? statements : [statements];
  if (list.some((s) => s === null || typeof s !== 'object')) {
    throw new PolicyDocumentError('a Statement of the policy document is not an object');
  }
  return list as Statement[];
}

function statementGrants(statement: Statement): PolicyGrant[] {
  if (statement.Effect !== 'Allow') return [];
  const conditional =
    statement.Condition !== undefined &&
    statement.Condition !== null &&
    Object.keys(statement.Condition as object).length > 0;
  const allResources = (service: string) =>
    statement.NotResource !== undefined ||
    stringsOf(statement.Resource).some((r) => coversAllResources(r, service));

  if (statement.NotAction !== undefined) {
    const excluded = stringsOf(statement.NotAction);
    const granted = (service: string) => !excluded.some((p) => coversService(p, service));
    const grants: PolicyGrant[] = [];
    if (granted('iam') && allResources(ANY_SERVICE)) {
      grants.push({ kind: 'admin', via: 'NotAction', conditional });
    }
    for (const service of DATA_SERVICES) {
      if (granted(service) && allResources(service)) {
        grants.push({ kind: 'wildcard-data', service, via: 'NotAction', conditional });
      }
    }
    return grants;
  }

  const actions = stringsOf(statement.Action);
  if (actions.some(coversEveryService) && allResources(ANY_SERVICE)) {
    return [{ kind: 'admin', via: 'Action', conditional }];
  }
  return DATA_SERVICES.filter(
    (service) => actions.some((a) => coversService(a, service)) && allResources(service),
  ).map((service) => ({ kind: 'wildcard-data', service, via: 'Action', conditional }));
}

function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** Resource types that open the resource part of a data service's ARNs (an S3 ARN starts with the bucket). */
const RESOURCE_TYPES: Readonly<Record<DataService, readonly string[]>> = {
  s3: [],
  dynamodb: ['table/'],
  kms: ['key/', 'alias/'],
  secretsmanager: ['secret:'],
};

/** A stand-in for a service name no pattern names literally. */
const ANY_SERVICE = '\u0001svc';
/** Stand-ins for action names no pattern names literally, of two lengths (so `?` alone cannot match both). */
const ANY_ACTIONS = ['\u0001', '\u0001'.repeat(41)];

/** Whether an action pattern matches every action of `service`, as IAM matches actions. */
export function coversService(pattern: string, service: string): boolean {
  return ANY_ACTIONS.every((action) => iamPatternMatches(pattern, `${service}:${action}`));
}

/** Whether an action pattern matches every action of every service (`*`, `*:*`). */
export function coversEveryService(pattern: string): boolean {
  return coversService(pattern, ANY_SERVICE) && coversService(pattern, 'iam');
}

/**
 * Whether a Resource element means every resource of `service`: `*`, or an ARN pattern
 * whose service field matches and whose resource part is only a wildcard after an
 * optional resource type: `arn:aws:s3:::*` (and every object of every bucket),
 * `arn:aws:kms:*:*:key/*`, `arn:aws:dynamodb:eu-west-1:111111111111:table/*`, `arn:aws:*`.
 */
export function coversAllResources(resource: string, service: string): boolean {
  if (/^\*+$/.test(resource)) return true;
  const parts = resource.split(':');
  if (parts[0]?.toLowerCase() !== 'arn') return false;
  if (parts.length < 6) {
    const serviceField = parts[2];
    return (
      resource.endsWith('*') &&
      (serviceField === undefined || iamPatternMatches(serviceField, service))
    );
  }
  const serviceField = parts[2] ?? '';
  const resourcePart = parts.slice(5).join(':');
  const types = RESOURCE_TYPES[service as DataService] ?? [];
  const id = types.reduce(
    (rest, type) => (rest.toLowerCase().startsWith(type) ? rest.slice(type.length) : rest),
    resourcePart,
  );
  const segments = id.split('/');
  return (
    iamPatternMatches(serviceField, service) &&
    segments.length <= 2 &&
    segments.every((segment) => /^\*+$/.test(segment))
  );
}
