/**
 * Facts about the Selling Partner API that controls depend on: the hosts an SP-API
 * application calls, and the AWS account from which Amazon delivers notifications.
 */

import { Justified } from './justified';

/** The SP-API regional endpoints and the LWA token endpoint: what every SP-API application calls. */
export const SP_API_HOSTS: readonly Justified<'host'>[] = [
  {
    host: 'sellingpartnerapi-na.amazon.com',
    reason: 'SP-API endpoint for North America (US, CA, MX, BR marketplaces)',
  },
  {
    host: 'sellingpartnerapi-eu.amazon.com',
    reason: 'SP-API endpoint for Europe, Middle East, Africa and India',
  },
  {
    host: 'sellingpartnerapi-fe.amazon.com',
    reason: 'SP-API endpoint for the Far East (JP, AU, SG)',
  },
  {
    host: 'api.amazon.com',
    reason: 'Login with Amazon token endpoint: exchanges the refresh token for access tokens',
  },
];

/** The SP-API sandbox endpoints: for test environments, not for production data. */
export const SP_API_SANDBOX_HOSTS: readonly Justified<'host'>[] = [
  {
    host: 'sandbox.sellingpartnerapi-na.amazon.com',
    reason: 'SP-API sandbox for North America: static and dynamic sandbox calls in testing',
  },
  {
    host: 'sandbox.sellingpartnerapi-eu.amazon.com',
    reason: 'SP-API sandbox for Europe: static and dynamic sandbox calls in testing',
  },
  {
    host: 'sandbox.sellingpartnerapi-fe.amazon.com',
    reason: 'SP-API sandbox for the Far East: static and dynamic sandbox calls in testing',
  },
];

/** The SP-API regions, each with its own host (`sellingpartnerapi-<region>.amazon.com`). */
export const SP_API_REGIONS = ['NA', 'EU', 'FE'] as const;
export type SpApiRegion = (typeof SP_API_REGIONS)[number];

/**
 * The SP-API region whose host is nearest an AWS region: the usual choice, since the
 * marketplaces of a region are served from it. An application whose selling partners
 * sell elsewhere says so in config.
 */
export function nearestSpApiRegion(awsRegion: string): SpApiRegion {
  // India's marketplace is served from the EU host, with Europe, the Middle East and Africa.
  if (/^(eu|me|af|il)-/.test(awsRegion) || /^ap-south-/.test(awsRegion)) return 'EU';
  if (/^ap-/.test(awsRegion)) return 'FE';
  return 'NA';
}

/** The Login with Amazon token endpoint. */
export const LWA_TOKEN_URL = 'https://api.amazon.com/auth/o2/token';

/**
 * The AWS account from which the SP-API Notifications service sends messages to a
 * developer's SQS queue; a queue policy and the queue's key policy admit it.
 */
export const SP_API_NOTIFICATIONS_ACCOUNT = '437568002678';

/** The longest selling partner id accepted. */
export const SELLING_PARTNER_ID_MAX_LENGTH = 64;

/**
 * The problem with a selling partner id, or undefined if it is safe to use as a
 * partition key and key prefix. The id becomes the S3 prefix `<id>/`: an empty id, or
 * one with '/' or whitespace, would select other selling partners' objects or none.
 */
export function sellingPartnerIdProblem(id: string): string | undefined {
  if (id.length === 0) {
    return 'the selling partner id is empty; an empty id would select every selling partner (the empty prefix)';
  }
  if (id.length > SELLING_PARTNER_ID_MAX_LENGTH) {
    return `the selling partner id has ${id.length} characters; at most ${SELLING_PARTNER_ID_MAX_LENGTH} are allowed`;
  }
  if (id.includes('/')) {
    return "the selling partner id contains '/', which would reach into another key prefix";
  }
  if (/\s/.test(id)) return 'the selling partner id contains whitespace';
  if (!/^[A-Za-z0-9._-]+$/.test(id)) {
    return 'the selling partner id may contain only letters, digits, ".", "_" and "-"';
  }
  if (!/[A-Za-z0-9]/.test(id)) return 'the selling partner id has no letter or digit';
  return undefined;
}
