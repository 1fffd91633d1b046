import { QueueDepth, QueueInspector } from '../../ports/queue-inspector.port';
import { BullMqConnection } from './bullmq-connection';

/** Out-of-order messages (active, delayed, prioritized) read to find the oldest; beyond it, assume the worst. */
const OLDEST_SCAN_LIMIT = 1_000;
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

  async oldestPendingAt(queue: string): Promise<Date | null> {
    return this.connection.bounded('oldest', async () => {
      const q = this.connection.queue(queue);
      const counts = await q.getJobCounts('active', 'delayed', 'prioritized');
      const unordered = (counts['active'] ?? 0) + (counts['delayed'] ?? 0) + (counts['prioritized'] ?? 0);
      if (unordered > OLDEST_SCAN_LIMIT) return new Date(0);
      // The wait list is first-in first-out: its oldest entry is the one at the head.
      const jobs = [
        ...(await q.getJobs(['wait', 'paused'], 0, 0, true)),
        ...(await q.getJobs(['active', 'delayed', 'prioritized'], 0, OLDEST_SCAN_LIMIT - 1, true)),
      ].filter((job) => job?.timestamp);
      return jobs.length ? new Date(Math.min(...jobs.map((job) => job.timestamp))) : null;
    });
  }
}
