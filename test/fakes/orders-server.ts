import { randomBytes } from 'crypto';
import * as http from 'http';
import { LoopbackServer } from './loopback-server';

/**
 * A loopback HTTP server that plays the SP-API Orders API (getOrders, getOrderAddress)
 * and Tokens API (createRestrictedDataToken), for the order sync's end-to-end tests.
 * It listens on 127.0.0.1 only, accepts only the access tokens `acceptsToken` says LWA
 * issued, serves an address only with a restricted data token that covers its path,
 * and keeps every request it saw.
 */

export interface FakeOrder {
  readonly AmazonOrderId: string;
  readonly OrderStatus: string;
  readonly FulfillmentChannel: 'MFN' | 'AFN';
  readonly LastUpdateDate: string;
  readonly LatestDeliveryDate?: string;
  readonly PurchaseDate: string;
  /** What getOrderAddress answers; absent for an order without a shipping address. */
  readonly address?: Record<string, string>;
}

export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly token: string;
  readonly body: string;
}

export interface ScriptedAnswer {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

export const ORDERS_PATH = '/orders/v0/orders';
export const RDT_PATH = '/tokens/2021-03-01/restrictedDataToken';

export class FakeOrdersApi extends LoopbackServer {
  readonly requests: SeenRequest[] = [];
  /** Restricted data tokens issued, with the paths each covers. */
  readonly restrictedTokens = new Map<string, readonly string[]>();
  /** Orders ids whose address the Tokens API refuses a token for (the app lacks the role). */
  readonly refuseTokensFor = new Set<string>();
  private readonly script = new Map<string, ScriptedAnswer[]>();

  /**
   * @param pages the pages getOrders answers, in order, NextToken between them
   * @param acceptsToken whether an access token was issued by LWA
   */
  constructor(
    private readonly pages: readonly (readonly FakeOrder[])[],
    private readonly acceptsToken: (token: string) => boolean,
  ) {
    super();
  }

  /** Answers the next requests to `path` with these answers, in order, before the normal one. */
  failNext(path: string, ...answers: ScriptedAnswer[]): void {
    this.script.set(path, [...(this.script.get(path) ?? []), ...answers]);
  }

  seen(path: string): SeenRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  /** Requests of getOrderAddress, by order id. */
  addressRequests(): string[] {
    return this.requests
      .map((r) => /^\/orders\/v0\/orders\/([^/]+)\/address$/.exec(r.path)?.[1])
      .filter((id): id is string => id !== undefined)
      .map(decodeURIComponent);
  }

  protected handle(req: http.IncomingMessage, body: string, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const token = String(req.headers['x-amz-access-token'] ?? '');
    this.requests.push({
      method: req.method ?? '',
      path: url.pathname,
      query: url.searchParams,
      token,
      body,
    });
    const scripted = this.script.get(url.pathname)?.shift();
    if (scripted) return send(res, scripted.status, scripted.body, scripted.headers);
    const address = /^\/orders\/v0\/orders\/([^/]+)\/address$/.exec(url.pathname);
    if (req.method === 'GET' && address)
      return this.address(url.pathname, decodeURIComponent(address[1]), token, res);
    if (!this.acceptsToken(token))
      return send(res, 403, errors('Unauthorized', 'Access to requested resource is denied.'));
    if (req.method === 'GET' && url.pathname === ORDERS_PATH)
      return this.orders(url.searchParams, res);
    if (req.method === 'POST' && url.pathname === RDT_PATH)
      return this.restrictedDataToken(body, res);
    send(res, 404, errors('NotFound', `no route ${url.pathname}`));
  }

  private orders(query: URLSearchParams, res: http.ServerResponse): void {
    if (!query.get('MarketplaceIds')) {
      return send(res, 400, errors('InvalidInput', 'MarketplaceIds is required'));
    }
    const next = query.get('NextToken');
    let page = 0;
    if (next !== null) {
      page = Number(/^page-(\d+)$/.exec(next)?.[1] ?? NaN);
      if (!Number.isInteger(page) || page >= this.pages.length) {
        return send(res, 400, errors('InvalidInput', 'Invalid NextToken'));
      }
    } else if (!query.get('LastUpdatedAfter') || !query.get('LastUpdatedBefore')) {
      return send(
        res,
        400,
        errors('InvalidInput', 'LastUpdatedAfter and LastUpdatedBefore are expected'),
      );
    }
    const orders = (this.pages[page] ?? []).map(({ address: _address, ...order }) => order);
    send(
      res,
      200,
      {
        payload: {
          Orders: orders,
          ...(page + 1 < this.pages.length ? { NextToken: `page-${page + 1}` } : {}),
          LastUpdatedBefore: query.get('LastUpdatedBefore') ?? undefined,
        },
      },
      { 'x-amzn-RateLimit-Limit': '0.0167' },
    );
  }

  private restrictedDataToken(body: string, res: http.ServerResponse): void {
    const request = JSON.parse(body) as {
      restrictedResources?: { method: string; path: string }[];
    };
    const paths = (request.restrictedResources ?? []).map((r) => r.path);
    const refused = paths.some((path) =>
      [...this.refuseTokensFor].some((id) => path === `${ORDERS_PATH}/${id}/address`),
    );
    if (refused) {
      return send(
        res,
        403,
        errors(
          'Unauthorized',
          'Application does not have access to one or more requested data elements',
        ),
      );
    }
    const token = `Atz.sprdt|${randomBytes(24).toString('hex')}`;
    this.restrictedTokens.set(token, paths);
    send(
      res,
      200,
      { restrictedDataToken: token, expiresIn: 3600 },
      { 'x-amzn-RateLimit-Limit': '1' },
    );
  }

  private address(path: string, orderId: string, token: string, res: http.ServerResponse): void {
    if (!(this.restrictedTokens.get(token) ?? []).includes(path)) {
      return send(res, 403, errors('Unauthorized', 'A restricted data token is required'));
    }
    const order = this.pages.flat().find((o) => o.AmazonOrderId === orderId);
    if (!order) return send(res, 404, errors('NotFound', 'no such order'));
    send(
      res,
      200,
      {
        payload: {
          AmazonOrderId: orderId,
          ...(order.address ? { ShippingAddress: order.address } : {}),
        },
      },
      { 'x-amzn-RateLimit-Limit': '0.5' },
    );
  }
}

function errors(code: string, message: string) {
  return { errors: [{ code, message }] };
}

function send(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-amzn-RequestId': `req-${randomBytes(4).toString('hex')}`,
    ...headers,
  });
  res.end(body === undefined ? '' : JSON.stringify(body));
}
