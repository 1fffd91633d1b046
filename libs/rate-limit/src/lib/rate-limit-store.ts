import IORedis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { withTimeout } from '@validahub/promises';
import { BatchedWindowRateLimiter } from './adapters/batched-window-rate-limiter';
import { FlexibleWindowRateLimiter } from './adapters/flexible-window-rate-limiter';
import { InMemoryConcurrencyLimiter } from './adapters/in-memory-concurrency-limiter';
import { RedisConcurrencyLimiter } from './adapters/redis-concurrency-limiter';
import { ConcurrencyLimiter } from './concurrency-limiter.port';
import { WindowRateLimiter } from './window-rate-limiter.port';

export interface RateLimitStoreOptions {
  /** Unset: counters live in this process. */
  readonly redisUrl?: string;
  /** Prefix of every Redis key. */
  readonly prefix: string;
  /** How long a concurrency slot outlives a holder that stopped renewing it (default 30 s). */
  readonly leaseMs?: number;
}

/** The limiters of one store, sharing its connection. */
export interface RateLimitStore {
  readonly kind: 'redis' | 'memory';
  readonly window: WindowRateLimiter;
  readonly concurrency: ConcurrencyLimiter;
  /** Resolves true once the store can count, false if it still cannot after `timeoutMs`. */
  connected(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export type RateLimitStoreErrorListener = (error: Error, context: string) => void;

// A limiter sits in front of every request: when Redis is slow or down it must fail fast (the caller then
// lets the request through), never hold the request up while the client reconnects.
const COMMAND_TIMEOUT_MS = 500;
// Hits are decided on the shared count as of at most this long ago (BatchedWindowRateLimiter): one Redis
// command per active key per interval instead of one per request.
const SHARED_COUNT_SYNC_MS = 50;

/** The one place the store is chosen. */
export function createRateLimitStore(
  options: RateLimitStoreOptions,
  onError: RateLimitStoreErrorListener,
): RateLimitStore {
  if (!options.redisUrl) {
    return {
      kind: 'memory',
      window: new FlexibleWindowRateLimiter((limits) => new RateLimiterMemory(limits)),
      concurrency: new InMemoryConcurrencyLimiter(),
      connected: async () => true,
      close: async () => undefined,
    };
  }
  const redis = new IORedis(options.redisUrl, {
    keyPrefix: `${options.prefix}:`,
    // While disconnected, commands fail at once instead of waiting in a queue for the connection.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: 5_000,
  });
  // Without a listener ioredis prints every reconnection failure to stderr; the owner logs them instead.
  redis.on('error', (error: Error) => onError(error, 'connection'));
  const window = new BatchedWindowRateLimiter(
    new FlexibleWindowRateLimiter(
      (limits) => new RateLimiterRedis({ ...limits, storeClient: redis, rejectIfRedisNotReady: true }),
    ),
    SHARED_COUNT_SYNC_MS,
    (error) => onError(error as Error, 'syncing a rate counter'),
  );
  return {
    kind: 'redis',
    window,
    concurrency: new RedisConcurrencyLimiter(redis, {
      leaseMs: options.leaseMs ?? 30_000,
      onLeaseTrouble: (key, error) => onError(error, `lease of ${key}`),
    }),
    connected: (timeoutMs) =>
      redis.status === 'ready'
        ? Promise.resolve(true)
        : new Promise((resolve) => {
            const done = (ready: boolean) => {
              clearTimeout(timer);
              redis.off('ready', onReady);
              resolve(ready);
            };
            const onReady = () => done(true);
            const timer = setTimeout(() => done(false), timeoutMs);
            redis.once('ready', onReady);
          }),
    close: async () => {
      // The hits of the last interval still count for the other replicas.
      await withTimeout(window.sync(), 1_000, 'the last rate counts').catch(() => undefined);
      try {
        await withTimeout(redis.quit(), 2_000, 'redis QUIT');
      } catch {
        redis.disconnect();
      }
    },
  };
}
