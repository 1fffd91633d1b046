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
  /**
   * The trace the message continues, in W3C form (`traceparent`, `tracestate`): given when the work belongs to
   * a trace that is no longer active (a job dispatched long after the request that created it). Omitted: the
   * publisher's active trace. Its handler runs in that trace, whichever process consumes it.
   */
  readonly trace?: Readonly<Record<string, string>>;
}

/** One message of a `publishAll`. */
export interface OutgoingMessage<T = unknown> {
  readonly queue: string;
  readonly payload: T;
  readonly options: PublishOptions;
}

/** The sending side of a queue. Holds no framework types: adapters translate to their broker. */
export abstract class QueuePublisher {
  /** Resolves once the broker holds the message durably (as durable as the broker is). */
  abstract publish<T>(queue: string, payload: T, options: PublishOptions): Promise<void>;
  /**
   * Many messages in as few round trips as the broker allows. Resolves once all are held; when it rejects,
   * some may be held already: publishing them again is safe (message ids dedupe).
   */
  abstract publishAll(messages: readonly OutgoingMessage[]): Promise<void>;
  /** Withdraws a message no consumer has taken yet; false when it is being processed, done or unknown. */
  abstract remove(queue: string, messageId: string): Promise<boolean>;
}
