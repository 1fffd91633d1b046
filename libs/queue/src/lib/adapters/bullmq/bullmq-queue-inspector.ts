import { QueueDepth, QueueInspector } from '../../ports/queue-inspector.port';
import { BullMqConnection } from './bullmq-connection';

const PENDING_STATES = new Set(['waiting', 'prioritized', 'delayed', 'active', 'waiting-children']);

export class BullMqQueueInspector extends QueueInspector {
  constructor(private readonly connection: BullMqConnection) {
    super();
  }

  async ping(): Promise<void> {
    await this.connection.bounded('ping', () => this.connection.redis().ping());
  }

  async depths(queues: readonly string[]): Promise<QueueDepth[]> {
    return this.connection.bounded('depths', () =>
      Promise.all(
        queues.map(async (queue) => {
          const counts = await this.connection
            .queue(queue)
            .getJobCounts('wait', 'prioritized', 'paused', 'active', 'delayed', 'failed');
          return {
            queue,
            // What a worker could take right now: the same sum the autoscaler reads.
            waiting: (counts['wait'] ?? 0) + (counts['prioritized'] ?? 0) + (counts['paused'] ?? 0),
            active: counts['active'] ?? 0,
            delayed: counts['delayed'] ?? 0,
            failed: counts['failed'] ?? 0,
          };
        }),
      ),
    );
  }

  async isPending(queue: string, messageId: string): Promise<boolean> {
    return PENDING_STATES.has(
      await this.connection.bounded('state', () => this.connection.queue(queue).getJobState(messageId)),
    );
  }
}
