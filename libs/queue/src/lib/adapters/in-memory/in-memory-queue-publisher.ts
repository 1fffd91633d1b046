import { OutgoingMessage, PublishOptions, QueuePublisher } from '../../ports/queue-publisher.port';
import { InMemoryBroker } from './in-memory-broker';

export class InMemoryQueuePublisher extends QueuePublisher {
  constructor(private readonly broker: InMemoryBroker) {
    super();
  }

  async publish<T>(queue: string, payload: T, options: PublishOptions): Promise<void> {
    this.broker.publish(queue, payload, options);
  }

  async publishAll(messages: readonly OutgoingMessage[]): Promise<void> {
    for (const { queue, payload, options } of messages) this.broker.publish(queue, payload, options);
  }

  async remove(queue: string, messageId: string): Promise<boolean> {
    return this.broker.remove(queue, messageId);
  }
}
