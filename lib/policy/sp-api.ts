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

/** The Login with Amazon token endpoint. */
export const LWA_TOKEN_URL = 'https://api.amazon.com/auth/o2/token';

/**
 * The AWS account from which the SP-API Notifications service sends messages to a
 * developer's SQS queue; a queue policy and the queue's key policy admit it.
 */
export const SP_API_NOTIFICATIONS_ACCOUNT = '437568002678';
