export interface PublishOptions {
  /** Identity of the message: publishing an id that is still waiting, delayed or being processed is a no-op. */
  readonly messageId: string;
  /** 1–10, higher is taken first within the queue. Omitted: plain FIFO. */
  readonly priority?: number;
  /** Not deliverable before this many milliseconds. */
  readonly delayMs?: number;
  /** Deliveries in total when the handler throws (default 1: no redelivery). */
  readonly attempts?: number;
  /** Base delay of the capped exponential redelivery backoff (default 1 s). */
  readonly backoffMs?: number;
}

/** The sending side of a queue. Holds no framework types: adapters translate to their broker. */
export abstract class QueuePublisher {
  /** Resolves once the broker holds the message durably (as durable as the broker is). */
  abstract publish<T>(queue: string, payload: T, options: PublishOptions): Promise<void>;
  /** Withdraws a message no consumer has taken yet; false when it is being processed, done or unknown. */
  abstract remove(queue: string, messageId: string): Promise<boolean>;
}
