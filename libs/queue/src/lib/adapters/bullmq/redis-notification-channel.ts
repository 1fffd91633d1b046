import IORedis from 'ioredis';
import { NotificationChannel, Unsubscribe } from '../../ports/notification-channel.port';
import { BullMqConnection } from './bullmq-connection';
import { closeRedis } from './close-redis';

/** Redis pub/sub: one subscriber connection per process, fanned out to local listeners. */
export class RedisNotificationChannel extends NotificationChannel {
  private subscriber?: IORedis;
  private readonly listeners = new Map<string, Set<(message: string) => void>>();

  constructor(private readonly connection: BullMqConnection) {
    super();
  }

  async publish(topic: string, message: string): Promise<void> {
    await this.connection.bounded('notify', () =>
      this.connection.redis().publish(this.channel(topic), message),
    );
  }

  async subscribe(topic: string, listener: (message: string) => void): Promise<Unsubscribe> {
    const subscriber = this.ensureSubscriber();
    let listeners = this.listeners.get(topic);
    if (!listeners) {
      listeners = new Set();
      this.listeners.set(topic, listeners);
      await this.connection.bounded('subscribe', () => subscriber.subscribe(this.channel(topic)));
    }
    listeners.add(listener);
    return async () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.listeners.get(topic) === listeners) {
        this.listeners.delete(topic);
        await this.connection
          .bounded('unsubscribe', () => subscriber.unsubscribe(this.channel(topic)))
          .catch(() => undefined);
      }
    };
  }

  async close(): Promise<void> {
    this.listeners.clear();
    if (this.subscriber) await closeRedis(this.subscriber);
    this.subscriber = undefined;
  }

  private ensureSubscriber(): IORedis {
    if (!this.subscriber) {
      const prefix = `${this.connection.key('notify')}:`;
      this.subscriber = new IORedis(this.connection.settings.redisUrl, {
        maxRetriesPerRequest: 2,
        connectTimeout: 5_000,
      });
      this.subscriber.on('message', (channel: string, message: string) => {
        for (const listener of this.listeners.get(channel.slice(prefix.length)) ?? []) listener(message);
      });
      // Reconnects re-subscribe by themselves (ioredis autoResubscribe); errors are reported by the caller's bounded calls.
      this.subscriber.on('error', () => undefined);
    }
    return this.subscriber;
  }

  private channel(topic: string): string {
    return this.connection.key('notify', topic);
  }
}
