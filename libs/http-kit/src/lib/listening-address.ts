import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';

/**
 * Where the server really listens, as `http://host:port` with the bound address itself (`0.0.0.0` stays
 * `0.0.0.0`). Nest's getUrl() rewrites a wildcard to 127.0.0.1, which made a service open to the network
 * log that it was local.
 */
export function listeningAddress(app: INestApplication): string {
  const address = (app.getHttpServer() as { address(): AddressInfo | string | null }).address();
  if (!address || typeof address === 'string') return String(address);
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
