import { Queue } from 'bullmq';
import IORedis, { RedisOptions } from 'ioredis';
import { withTimeout } from '@validahub/promises';
import { closeRedis } from './close-redis';

export interface BullMqSettings {
  /** `redis://` or `rediss://` (TLS); credentials in the URL. */
  readonly redisUrl: string;
  /** Key prefix for every BullMQ key (per environment, per test run). */
  readonly prefix: string;
}

/**
 * Redis connections and Queue handles for the publishing/inspecting side. Commands fail after a few retries
 * instead of queueing forever, so a Redis outage surfaces as an error (and a 503), never a hang.
 */
const OPERATION_TIMEOUT_MS = 5_000;

export class BullMqConnection {
  private client?: IORedis;
  private readonly queues = new Map<string, Queue>();

  constructor(readonly settings: BullMqSettings) {}

  redis(): IORedis {
    this.client ??= new IORedis(this.settings.redisUrl, { maxRetriesPerRequest: 2, connectTimeout: 5_000 });
    return this.client;
  }

  queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.redis(), prefix: this.settings.prefix });
      this.queues.set(name, queue);
    }
    return queue;
  }

  /**
   * Every publish/inspect call is bounded: while Redis is unreachable, BullMQ would otherwise wait for the
   * connection to come back and an HTTP request behind it would hang. A timed-out publish may still land
   * later, which is harmless: publishing is idempotent by message id.
   */
  bounded<T>(what: string, operation: () => Promise<T>): Promise<T> {
    return withTimeout(operation(), OPERATION_TIMEOUT_MS, `redis ${what}`);
  }

  /** Options for a blocking/consuming connection: BullMQ workers must retry commands indefinitely. */
  consumerRedisOptions(): RedisOptions {
    return { maxRetriesPerRequest: null, connectTimeout: 5_000 };
  }

  key(...parts: string[]): string {
    return [this.settings.prefix, ...parts].join(':');
  }

  async close(): Promise<void> {
    const queues = [...this.queues.values()];
    this.queues.clear();
    if (this.client) await closeRedis(this.client, () => Promise.all(queues.map((q) => q.close())));
    else await Promise.all(queues.map((q) => q.close()));
    this.client = undefined;
  }
}
