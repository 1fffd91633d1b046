import type IORedis from 'ioredis';
import { withTimeout } from '@validahub/promises';

/** How long a polite close (QUIT, BullMQ's own close) may wait for an unreachable Redis. */
export const CLOSE_LIMIT_MS = 2_000;

/**
 * Closes a Redis connection politely when Redis answers, and cuts it when it does not: with Redis down,
 * QUIT waits in ioredis's offline queue for a reconnection that may never come, and a service would then
 * never finish shutting down. Cutting also fails the commands still pending on it.
 */
export async function closeRedis(client: IORedis, before?: () => Promise<unknown>): Promise<void> {
  const polite = (async () => {
    await before?.();
    await client.quit();
  })();
  await withTimeout(polite, CLOSE_LIMIT_MS, 'closing a Redis connection').catch(() => undefined);
  client.disconnect();
}
