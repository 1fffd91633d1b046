import { Injectable } from '@nestjs/common';
import { QueueHealthResponse } from '@validahub/job-contracts/http';
import { PLAN_QUEUES, Plan } from '@validahub/job-domain';
import { QueueInspector } from '@validahub/queue';
import { JobEventRepository } from '../persistence/job-event.repository';

@Injectable()
export class QueueStatsService {
  constructor(
    private readonly events: JobEventRepository,
    private readonly inspector: QueueInspector,
  ) {}

  async runnable(): Promise<{ runnable: number; queues: Record<string, number> }> {
    const depths = await this.inspector.depths(Object.values(PLAN_QUEUES).map((q) => q.queue));
    return {
      runnable: depths.reduce((sum, d) => sum + d.waiting, 0),
      queues: Object.fromEntries(depths.map((d) => [d.queue, d.waiting])),
    };
  }

  /** The seed's `/health/queue`: job counts by status, plus each plan queue's depth. */
  async queueHealth(): Promise<QueueHealthResponse> {
    const plans = Object.entries(PLAN_QUEUES) as [Plan, (typeof PLAN_QUEUES)[Plan]][];
    const [counts, depths] = await Promise.all([
      this.events.statusCounts(),
      this.inspector.depths(plans.map(([, q]) => q.queue)).catch(() => null),
    ]);
    const n = (status: keyof typeof counts) => counts[status] ?? 0;
    return {
      // Degraded: jobs are accepted (Postgres is fine) but the queue cannot be read.
      status: depths ? 'healthy' : 'degraded',
      queue_stats: {
        total_jobs: Object.values(counts).reduce((sum, c) => sum + (c ?? 0), 0),
        queued: n('QUEUED'),
        running: n('RUNNING'),
        retrying: n('RETRYING'),
        succeeded: n('SUCCEEDED'),
        failed: n('FAILED'),
        cancelled: n('CANCELLED'),
      },
      queues: plans.map(([plan, q], i) => ({
        name: q.queue,
        plan,
        priority: q.priority,
        waiting: depths?.[i].waiting ?? 0,
        active: depths?.[i].active ?? 0,
        delayed: depths?.[i].delayed ?? 0,
        failed: depths?.[i].failed ?? 0,
      })),
    };
  }
}
