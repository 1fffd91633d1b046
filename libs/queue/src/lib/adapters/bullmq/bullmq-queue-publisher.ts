import { OutgoingMessage, PublishOptions, QueuePublisher } from '../../ports/queue-publisher.port';
import { DEFAULT_BACKOFF_MS } from '../../redelivery-backoff';
import { BullMqConnection } from './bullmq-connection';

/** Name of the custom backoff the consumer's workers compute with `redeliveryDelayMs`. */
export const CAPPED_EXPONENTIAL = 'capped-exponential';

// BullMQ priorities run the other way (1 is the highest, 0 means none): 1–10 higher-first becomes 10–1.
const toBullMqPriority = (priority: number) => 11 - Math.min(10, Math.max(1, Math.round(priority)));

function jobOptions(options: PublishOptions) {
  const attempts = Math.max(1, options.attempts ?? 1);
  return {
    jobId: options.messageId,
    ...(options.priority !== undefined ? { priority: toBullMqPriority(options.priority) } : {}),
    ...(options.delayMs ? { delay: options.delayMs } : {}),
    attempts,
    ...(attempts > 1
      ? { backoff: { type: CAPPED_EXPONENTIAL, delay: options.backoffMs ?? DEFAULT_BACKOFF_MS } }
      : {}),
    // BullMQ's own trace-propagation field (the one bullmq-otel fills): the payload stays untouched.
    ...(options.trace ? { telemetry: { metadata: JSON.stringify(options.trace) } } : {}),
    removeOnComplete: { age: 3_600, count: 10_000 },
    removeOnFail: { age: 7 * 86_400, count: 10_000 },
  };
}

const WITHDRAWABLE_STATES = new Set(['waiting', 'prioritized', 'delayed', 'paused']);

export class BullMqQueuePublisher extends QueuePublisher {
  constructor(private readonly connection: BullMqConnection) {
    super();
  }

  async publish<T>(queue: string, payload: T, options: PublishOptions): Promise<void> {
    // `add` with an existing jobId returns the existing job: that is the dedupe the port promises.
    await this.connection.bounded('publish', () =>
      this.connection.queue(queue).add(queue, payload, jobOptions(options)),
    );
  }

  async publishAll(messages: readonly OutgoingMessage[]): Promise<void> {
    const byQueue = new Map<string, OutgoingMessage[]>();
    for (const message of messages) {
      const batch = byQueue.get(message.queue) ?? [];
      batch.push(message);
      byQueue.set(message.queue, batch);
    }
    // One MULTI per queue (addBulk), whatever the number of messages.
    await this.connection.bounded('publish', () =>
      Promise.all(
        [...byQueue].map(([queue, batch]) =>
          this.connection
            .queue(queue)
            .addBulk(batch.map((m) => ({ name: queue, data: m.payload, opts: jobOptions(m.options) }))),
        ),
      ),
    );
  }

  async remove(queue: string, messageId: string): Promise<boolean> {
    const handle = this.connection.queue(queue);
    return this.connection.bounded('remove', async () => {
      const state = await handle.getJobState(messageId);
      if (!WITHDRAWABLE_STATES.has(state)) return false;
      // 0 when a worker locked it in the meantime.
      return (await handle.remove(messageId)) === 1;
    });
  }
}
