import { Injectable } from '@nestjs/common';
import { QueueHealthResponse } from '@validahub/job-contracts/http';
import { PLAN_QUEUES, Plan } from '@validahub/job-domain';
import { QueueInspector } from '@validahub/queue';
import { JobDispatcher } from '../dispatch/job-dispatcher';
import { JobEventRepository } from '../persistence/job-event.repository';
import { JobRepository } from '../persistence/job.repository';

@Injectable()
export class QueueStatsService {
  constructor(
    private readonly events: JobEventRepository,
    private readonly inspector: QueueInspector,
    private readonly jobs: JobRepository,
    private readonly dispatcher: JobDispatcher,
  ) {}

  /**
   * Runs a worker could take now, per plan queue: those waiting in the queue plus those the dispatcher keeps
   * in Postgres only because the queue is full (not those held back by their tenant's cap: more workers
   * would not run them sooner). `queues` narrows it to one worker pool's queues.
   */
  async runnable(
    queues: readonly string[] = Object.values(PLAN_QUEUES).map((q) => q.queue),
  ): Promise<{ runnable: number; queues: Record<string, number> }> {
    const [depths, heldBack] = await Promise.all([
      this.inspector.depths(queues),
      this.jobs.heldBack(this.dispatcher.fairness.caps),
    ]);
    const counts = depths.map((d) => [d.queue, d.waiting + (heldBack[d.queue] ?? 0)] as const);
    return {
      runnable: counts.reduce((sum, [, n]) => sum + n, 0),
      queues: Object.fromEntries(counts),
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
