import type { Request } from 'express';

/** The password of `Authorization: Basic base64(user:password)`, or undefined. */
export function basicPassword(request: Request): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(request.header('authorization') ?? '');
  if (!match) return undefined;
  const credentials = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = credentials.indexOf(':');
  return colon < 0 ? undefined : credentials.slice(colon + 1);
}
