import { createConnection, createServer, Server, Socket } from 'node:net';

/**
 * A TCP proxy in front of a real service (Postgres, Redis) that a test can cut and restore, to cause an
 * outage for one service under test without touching the shared server everyone else uses.
 */
export class TcpProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** Listens (again, on the same port after a stop); a no-op while it is listening. */
  async start(): Promise<this> {
    // A second server on the same port would fail and orphan the first, which then keeps jest alive.
    if (this.server) return this;
    this.server = this.listener((client) => {
      const upstream = createConnection({ host: this.targetHost, port: this.targetPort });
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', (error) => {
        this.server = undefined;
        reject(error);
      });
      this.server?.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  /** The listening side: plain TCP here; a subclass may terminate TLS on it (TlsProxy). */
  protected listener(onClient: (client: Socket) => void): Server {
    return createServer(onClient);
  }

  /** The outage: open connections are cut, new ones refused. */
  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }

  /** `url` with its host and port replaced by this proxy's. */
  rewrite(url: string): string {
    const parsed = new URL(url);
    parsed.hostname = '127.0.0.1';
    parsed.port = String(this.port);
    return parsed.toString();
  }
}
