export interface QueueDepth {
  readonly queue: string;
  /** Runnable now. */
  readonly waiting: number;
  readonly active: number;
  readonly delayed: number;
  /** Messages whose deliveries were all used up. */
  readonly failed: number;
}

/** Read-only view of the broker for health checks, statistics and reconciliation. */
export abstract class QueueInspector {
  /** Throws when the broker cannot be reached. */
  abstract ping(): Promise<void>;
  abstract depths(queues: readonly string[]): Promise<QueueDepth[]>;
  /** True while the message is waiting, delayed or being processed. */
  abstract isPending(queue: string, messageId: string): Promise<boolean>;
  /**
   * When the oldest message still waiting, delayed or being processed was published; null when none is.
   * Everything published before that time has been consumed.
   */
  abstract oldestPendingAt(queue: string): Promise<Date | null>;
}
