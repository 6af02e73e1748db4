import { SpApiClient } from '../../../../lib/runtime/sp-api-client';
import { UsagePlan } from '../../../../lib/runtime/rate-limiter';

/**
 * The SP-API calls of the order sync: the Orders API (v0) and the Tokens API
 * (2021-03-01). Only the operations' documented fields are read; an order's PII comes
 * only from `getOrderAddress`, with a restricted data token (AUP 4.1, DPP 2.1).
 */

/**
 * The published usage plans of the operations (requests per second, burst), the rate
 * limiter's start until `x-amzn-RateLimit-Limit` says what applies (AUP 2.9).
 */
export const ORDER_SYNC_USAGE_PLANS: Readonly<Record<string, UsagePlan>> = {
  getOrders: { ratePerSecond: 0.0167, burst: 20 },
  getOrderAddress: { ratePerSecond: 0.5, burst: 30 },
  createRestrictedDataToken: { ratePerSecond: 1, burst: 10 },
};

/** What the Orders API says of an order, as far as the sync reads it (no PII). */
export interface Order {
  readonly AmazonOrderId: string;
  readonly OrderStatus: string;
  /** `MFN` (merchant fulfilled) or `AFN` (fulfilled by Amazon). */
  readonly FulfillmentChannel?: string;
  readonly PurchaseDate?: string;
  readonly LastUpdateDate?: string;
  readonly LatestShipDate?: string;
  readonly EarliestDeliveryDate?: string;
  readonly LatestDeliveryDate?: string;
}

/** The part of a shipping address the sync keeps: no phone, no address type. */
export interface ShippingAddress {
  readonly Name?: string;
  readonly AddressLine1?: string;
  readonly AddressLine2?: string;
  readonly AddressLine3?: string;
  readonly City?: string;
  readonly County?: string;
  readonly District?: string;
  readonly StateOrRegion?: string;
  readonly PostalCode?: string;
  readonly CountryCode?: string;
}

const ADDRESS_PARTS = [
  'AddressLine1',
  'AddressLine2',
  'AddressLine3',
  'City',
  'County',
  'District',
  'StateOrRegion',
  'PostalCode',
  'CountryCode',
] as const;

/** An Amazon order id as the sync accepts it: it becomes part of a URL path and a key. */
const ORDER_ID = /^[A-Za-z0-9-]{1,64}$/;

/** Statuses of an order that still has to be shipped: the only ones whose address is needed. */
const TO_BE_SHIPPED = ['Unshipped', 'PartiallyShipped'];

/**
 * Whether an order's shipping address is needed: the seller ships it (merchant
 * fulfilled) and has not yet shipped all of it. PII only for merchant fulfillment (AUP
 * 4.1): no restricted data token is asked for any other order.
 */
export function needsShippingAddress(order: Order): boolean {
  return order.FulfillmentChannel === 'MFN' && TO_BE_SHIPPED.includes(order.OrderStatus);
}

/** An order id fit for a path and a key, or an error that names no PII. */
export function checkedOrderId(order: Order): string {
  if (typeof order.AmazonOrderId !== 'string' || !ORDER_ID.test(order.AmazonOrderId)) {
    throw new Error('an order in the Orders API answer has no usable AmazonOrderId');
  }
  return order.AmazonOrderId;
}

/** The path of `getOrderAddress` for an order: what a restricted data token is asked for. */
export function orderAddressPath(orderId: string): string {
  return `/orders/v0/orders/${encodeURIComponent(orderId)}/address`;
}

export interface OrdersWindow {
  readonly marketplaceIds: readonly string[];
  /** ISO 8601, exclusive start. */
  readonly updatedAfter: string;
  /** ISO 8601, at least two minutes before now (the Orders API refuses later). */
  readonly updatedBefore: string;
}

interface GetOrdersPayload {
  readonly Orders?: Order[];
  readonly NextToken?: string;
}

/**
 * The orders updated in `window`, page by page: the first request names the window,
 * each following one the `NextToken` of the page before, until there is none.
 */
export async function* ordersUpdated(
  client: SpApiClient,
  window: OrdersWindow,
): AsyncGenerator<readonly Order[]> {
  let nextToken: string | undefined;
  do {
    const response = await client.request<{ payload?: GetOrdersPayload }>({
      operation: 'getOrders',
      method: 'GET',
      path: '/orders/v0/orders',
      query: nextToken
        ? { MarketplaceIds: window.marketplaceIds, NextToken: nextToken }
        : {
            MarketplaceIds: window.marketplaceIds,
            LastUpdatedAfter: window.updatedAfter,
            LastUpdatedBefore: window.updatedBefore,
            MaxResultsPerPage: 100,
          },
    });
    const payload = response.body?.payload;
    yield payload?.Orders ?? [];
    nextToken = payload?.NextToken || undefined;
  } while (nextToken);
}

/**
 * A restricted data token for `paths` (each `getOrderAddress` of one order), from the
 * Tokens API. It is a credential: never logged, never stored.
 */
export async function restrictedDataToken(
  client: SpApiClient,
  paths: readonly string[],
): Promise<string> {
  const response = await client.request<{ restrictedDataToken?: unknown }>({
    operation: 'createRestrictedDataToken',
    method: 'POST',
    path: '/tokens/2021-03-01/restrictedDataToken',
    body: { restrictedResources: paths.map((path) => ({ method: 'GET', path })) },
  });
  const token = response.body?.restrictedDataToken;
  if (typeof token !== 'string' || token === '') {
    throw new Error('the Tokens API answered without a restricted data token');
  }
  return token;
}

/**
 * The shipping address of an order, with the restricted data token; `undefined` when
 * the order has none (e.g. it is still pending). Only the parts the sync keeps.
 */
export async function orderShippingAddress(
  client: SpApiClient,
  orderId: string,
  token: string,
): Promise<ShippingAddress | undefined> {
  const response = await client.request<{ payload?: { ShippingAddress?: unknown } }>({
    operation: 'getOrderAddress',
    method: 'GET',
    path: orderAddressPath(orderId),
    accessToken: token,
  });
  const address = response.body?.payload?.ShippingAddress;
  if (address === null || typeof address !== 'object') return undefined;
  const source = address as Record<string, unknown>;
  const kept: Record<string, string> = {};
  for (const part of ['Name', ...ADDRESS_PARTS]) {
    const value = source[part];
    if (typeof value === 'string' && value.trim() !== '') kept[part] = value;
  }
  return Object.keys(kept).some((k) => k !== 'Name') ? (kept as ShippingAddress) : undefined;
}

/** The address parts without the name, as the `shippingAddress` field holds them. */
export function addressWithoutName(address: ShippingAddress): Record<string, string> {
  const parts: Record<string, string> = {};
  for (const part of ADDRESS_PARTS) {
    const value = address[part];
    if (value !== undefined) parts[part] = value;
  }
  return parts;
}

/**
 * When the order counts as delivered for its retention (DPP 2.1: 30 days after order
 * delivery): the latest delivery date Amazon promised, else the earliest, else the
 * latest ship date, else the purchase. A late delivery makes the item expire early,
 * never late. `undefined` when the order carries no date at all.
 */
export function deliveryDate(order: Order): Date | undefined {
  for (const value of [
    order.LatestDeliveryDate,
    order.EarliestDeliveryDate,
    order.LatestShipDate,
    order.PurchaseDate,
  ]) {
    if (value === undefined) continue;
    const time = Date.parse(value);
    if (!Number.isNaN(time)) return new Date(time);
  }
  return undefined;
}
