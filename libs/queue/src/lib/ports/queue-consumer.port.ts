export interface ConsumedMessage<T> {
  readonly id: string;
  readonly queue: string;
  readonly payload: T;
  /** 1 on the first delivery, 2 on the first redelivery, … */
  readonly delivery: number;
  /** Aborted when this consumer loses the message (its lease expired) or is shutting down past its grace. */
  readonly signal: AbortSignal;
}

export type MessageHandler<T> = (message: ConsumedMessage<T>) => Promise<void>;

export interface WeightedQueue {
  readonly name: string;
  /** Share of the consumer's capacity when several queues have messages; higher weight is served first. */
  readonly weight: number;
}

export interface ConsumeOptions {
  /** Messages handled at the same time by this consumer. */
  readonly concurrency: number;
  /**
   * How long a message stays this consumer's without renewal (renewed while handled). After a crash, its
   * messages go to another consumer about this long later. Defaults to the driver's setting.
   */
  readonly leaseMs?: number;
}

export interface Consumption {
  /**
   * Stops taking messages and waits up to `graceMs` for the ones in hand; those still running then are
   * aborted and handed back to the queue for another consumer.
   */
  close(graceMs?: number): Promise<void>;
}

/** The receiving side of one or more queues. */
export abstract class QueueConsumer {
  /**
   * At-least-once: a message may be delivered again (a crash, a lost lease), so handlers must be idempotent.
   * A handler that throws gets the message again after a backoff, until its `attempts` are used up.
   * Queues are served by smooth weighted round-robin: the heaviest first, none starved.
   */
  abstract consume<T>(
    queues: readonly WeightedQueue[],
    handler: MessageHandler<T>,
    options: ConsumeOptions,
  ): Consumption;
}
