export type Unsubscribe = () => Promise<void>;

/**
 * Fire-and-forget notifications between processes ("job X changed"), for pushing live updates. Lossy by
 * design (nobody listening, a reconnect): receivers must be able to catch up from a durable source.
 */
export abstract class NotificationChannel {
  abstract publish(topic: string, message: string): Promise<void>;
  abstract subscribe(topic: string, listener: (message: string) => void): Promise<Unsubscribe>;
}
