import * as http from 'http';
import { AddressInfo } from 'net';

/**
 * An HTTP server on 127.0.0.1, on a free port, for the fakes of Amazon's services: a
 * subclass answers each request, given its whole body. Every connection is bounded, so
 * that a test never hangs on a socket.
 */
export abstract class LoopbackServer {
  private server?: http.Server;
  /** `http://127.0.0.1:<port>` once started. */
  url = '';

  /** Starts listening on 127.0.0.1 on a free port. */
  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, Buffer.concat(chunks).toString('utf8'), res));
    });
    this.server.setTimeout(5_000);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Answers one request whose body was `body`. */
  protected abstract handle(
    req: http.IncomingMessage,
    body: string,
    res: http.ServerResponse,
  ): void;
}
