import { randomBytes } from 'crypto';
import * as http from 'http';
import { LoopbackServer } from './loopback-server';

/**
 * A loopback HTTP server that plays Login with Amazon (the token endpoint) and the
 * SP-API Application Management API (`rotateApplicationClientSecret`), for tests of
 * the LWA client, the SP-API client and the rotation functions. It listens on
 * 127.0.0.1 only and keeps every request it saw.
 */

/** A scripted answer that replaces the normal one, for fault tests. */
export interface ScriptedAnswer {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** A new client secret issued by the fake, as Amazon's notification would carry it. */
export interface IssuedSecret {
  readonly clientId: string;
  readonly newClientSecret: string;
}

export const LWA_PATH = '/auth/o2/token';
export const ROTATE_PATH = '/applications/2023-11-30/clientSecret';

/** Secrets the fake issues look like Amazon's (`amzn1.oa2-cs.v1.` and 64 hex digits). */
export function fakeClientSecret(): string {
  return `amzn1.oa2-cs.v1.${randomBytes(32).toString('hex')}`;
}

/** A secret that matches none of the logger's credential patterns. */
export function plainSecret(): string {
  return `cs${randomBytes(20).toString('hex')}`;
}

export class FakeAmazon extends LoopbackServer {
  readonly requests: SeenRequest[] = [];
  /** Client secrets LWA accepts, by client id. */
  readonly validSecrets = new Map<string, Set<string>>();
  /** Secrets issued through rotateApplicationClientSecret, in order. */
  readonly issued: IssuedSecret[] = [];
  private readonly script = new Map<string, ScriptedAnswer[]>();
  /** Access tokens issued, by token. */
  readonly tokens = new Map<string, { clientId: string; scope?: string }>();

  /**
   * @param plain issue secrets and tokens that look like no known credential, so that a
   * test of the logs proves nothing logs them, not merely that redaction caught them
   */
  constructor(
    clientId: string,
    clientSecret: string,
    private readonly plain = false,
  ) {
    super();
    this.validSecrets.set(clientId, new Set([clientSecret]));
  }

  get lwaEndpoint(): string {
    return `${this.url}${LWA_PATH}`;
  }

  /** Answers the next requests to `path` with these answers, in order, before the normal one. */
  failNext(path: string, ...answers: ScriptedAnswer[]): void {
    this.script.set(path, [...(this.script.get(path) ?? []), ...answers]);
  }

  /** Requests seen on `path`. */
  seen(path: string): SeenRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  /** Makes LWA refuse a secret from now on (as Amazon does when the old one expires). */
  expire(clientId: string, clientSecret: string): void {
    this.validSecrets.get(clientId)?.delete(clientSecret);
  }

  protected handle(req: http.IncomingMessage, body: string, res: http.ServerResponse): void {
    const path = (req.url ?? '').split('?')[0];
    this.requests.push({ method: req.method ?? '', path, headers: req.headers, body });
    const scripted = this.script.get(path)?.shift();
    if (scripted) return send(res, scripted.status, scripted.body, scripted.headers);
    if (req.method === 'POST' && path === LWA_PATH) return this.token(body, res);
    if (req.method === 'POST' && path === ROTATE_PATH) return this.rotate(req, res);
    send(res, 404, { errors: [{ code: 'NotFound', message: `no route ${path}` }] });
  }

  private token(body: string, res: http.ServerResponse): void {
    const form = new URLSearchParams(body);
    const clientId = form.get('client_id') ?? '';
    const secret = form.get('client_secret') ?? '';
    if (!this.validSecrets.get(clientId)?.has(secret)) {
      return send(res, 401, {
        error: 'invalid_client',
        error_description: 'Client authentication failed',
      });
    }
    const grant = form.get('grant_type');
    if (grant === 'refresh_token' && !(form.get('refresh_token') ?? '').startsWith('Atzr|')) {
      return send(res, 400, { error: 'invalid_grant', error_description: 'bad refresh token' });
    }
    if (grant !== 'refresh_token' && grant !== 'client_credentials') {
      return send(res, 400, { error: 'unsupported_grant_type' });
    }
    const accessToken = `${this.plain ? 'tk' : 'Atza|'}${randomBytes(24).toString('hex')}`;
    this.tokens.set(accessToken, { clientId, scope: form.get('scope') ?? undefined });
    send(res, 200, { access_token: accessToken, token_type: 'bearer', expires_in: 3600 });
  }

  private rotate(req: http.IncomingMessage, res: http.ServerResponse): void {
    const token = this.tokens.get(String(req.headers['x-amz-access-token'] ?? ''));
    if (!token || token.scope !== 'sellingpartnerapi::client_credential:rotation') {
      return send(res, 403, { errors: [{ code: 'Unauthorized', message: 'Access denied' }] });
    }
    const newClientSecret = this.plain ? plainSecret() : fakeClientSecret();
    this.validSecrets.get(token.clientId)?.add(newClientSecret);
    this.issued.push({ clientId: token.clientId, newClientSecret });
    send(res, 200, undefined, { 'x-amzn-RateLimit-Limit': '0.0167' });
  }
}

function send(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-amzn-RequestId': `req-${randomBytes(4).toString('hex')}`,
    ...headers,
  });
  res.end(text);
}
