import { QueueDepth, QueueInspector } from '../../ports/queue-inspector.port';
import { InMemoryBroker } from './in-memory-broker';

export class InMemoryQueueInspector extends QueueInspector {
  constructor(private readonly broker: InMemoryBroker) {
    super();
  }

  async ping(): Promise<void> {
    // Always reachable: it lives in this process.
  }

  async depths(queues: readonly string[]): Promise<QueueDepth[]> {
    return queues.map((queue) => ({ queue, ...this.broker.depth(queue) }));
  }

  async isPending(queue: string, messageId: string): Promise<boolean> {
    return this.broker.isPending(queue, messageId);
  }

  async oldestPendingAt(queue: string): Promise<Date | null> {
    const at = this.broker.oldestPendingAt(queue);
    return at === undefined ? null : new Date(at);
  }
}
