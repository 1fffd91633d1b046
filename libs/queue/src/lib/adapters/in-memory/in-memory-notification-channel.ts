import { EventEmitter } from 'node:events';
import { NotificationChannel, Unsubscribe } from '../../ports/notification-channel.port';

export class InMemoryNotificationChannel extends NotificationChannel {
  constructor(private readonly emitter: EventEmitter) {
    super();
  }

  async publish(topic: string, message: string): Promise<void> {
    // Asynchronous like the Redis one: a publisher never runs its subscribers' code.
    setImmediate(() => this.emitter.emit(topic, message));
  }

  async subscribe(topic: string, listener: (message: string) => void): Promise<Unsubscribe> {
    this.emitter.on(topic, listener);
    return async () => void this.emitter.off(topic, listener);
  }
}
