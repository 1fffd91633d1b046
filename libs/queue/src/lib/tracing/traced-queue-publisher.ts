import { OutgoingMessage, PublishOptions, QueuePublisher } from '../ports/queue-publisher.port';
import { publishAllInSpans, publishInSpan } from './message-spans';

/**
 * Every driver's publisher, wrapped: each message goes out from a producer span and carries its trace
 * context (`options.trace` as the adapters receive it is that span's), so tracing lives here once instead
 * of in every adapter and every caller.
 */
export class TracedQueuePublisher extends QueuePublisher {
  constructor(
    private readonly inner: QueuePublisher,
    private readonly system: string,
  ) {
    super();
  }

  publish<T>(queue: string, payload: T, options: PublishOptions): Promise<void> {
    return publishInSpan(
      { system: this.system, queue, messageId: options.messageId },
      options.trace,
      (trace) => this.inner.publish(queue, payload, { ...options, trace }),
    );
  }

  publishAll(messages: readonly OutgoingMessage[]): Promise<void> {
    return publishAllInSpans(
      messages.map((m) => ({
        identity: { system: this.system, queue: m.queue, messageId: m.options.messageId },
        parent: m.options.trace,
      })),
      (carriers) =>
        this.inner.publishAll(
          messages.map((m, i) => ({ ...m, options: { ...m.options, trace: carriers[i] } })),
        ),
    );
  }

  remove(queue: string, messageId: string): Promise<boolean> {
    return this.inner.remove(queue, messageId);
  }
}
