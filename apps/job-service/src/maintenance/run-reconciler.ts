import { Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { JOB_EVENTS_QUEUE, runJobMessageId } from '@validahub/job-contracts';
import { QueueInspector } from '@validahub/queue';
import { runWithContext } from '@validahub/telemetry';
import { JobServiceConfig } from '../config/job-service.config';
import { JobDispatcher } from '../dispatch/job-dispatcher';
import { JobEventApplier } from '../job-events/job-event-applier';
import { JobRepository } from '../persistence/job.repository';

/**
 * Nothing stays unfinished forever. Periodically compares quiet unfinished jobs with the queue:
 * a dispatched run the queue no longer holds (Redis lost it) is dispatched again; a running job whose run
 * is gone from the queue and that sends no heartbeat lost its worker, and is retried like a transient failure.
 */
@Injectable()
export class RunReconciler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RunReconciler.name);
  private timer?: NodeJS.Timeout;
  private pass?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly jobs: JobRepository,
    private readonly inspector: QueueInspector,
    private readonly applier: JobEventApplier,
    private readonly dispatcher: JobDispatcher,
    private readonly config: JobServiceConfig,
  ) {}

  /** A first pass soon after start (what changed while this service was down), then periodically. */
  onApplicationBootstrap(): void {
    this.schedule(Math.min(2_000, this.config.reconcileIntervalMs));
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.pass;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.pass = this.reconcile()
        .then(() => undefined)
        .catch((error) => this.logger.warn({ msg: 'reconciliation pass failed', err: error }))
        .finally(() => {
          this.pass = undefined;
          this.schedule(this.config.reconcileIntervalMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  /** One pass; returns what it repaired. */
  async reconcile(): Promise<{ redispatched: number; lost: number }> {
    let redispatched = 0;
    let lost = 0;
    // Reports still waiting to be applied may be exactly the heartbeats we would miss: judge after them.
    const [events] = await this.inspector.depths([JOB_EVENTS_QUEUE]);
    const eventsBacklog = events.waiting + events.active;
    for (const job of await this.jobs.findQuiet(this.config.leaseMs, 100)) {
      if (await this.inspector.isPending(job.queue, runJobMessageId(job.id, job.attempt))) continue;
      await runWithContext(
        {
          jobId: job.id,
          tenantId: job.tenantId,
          correlationId: job.correlationId ?? undefined,
          attempt: job.attempt,
        },
        async () => {
          if (job.status === 'RUNNING') {
            if (eventsBacklog > 0) return;
            const outcome = await this.applier.applyFailure(job.id, job.attempt, {
              code: 'WORKER_LOST',
              message: 'The worker running this job stopped responding',
              transient: true,
            });
            if (outcome.kind === 'applied') {
              lost++;
              this.logger.warn({ msg: 'run lost with its worker', now: outcome.job.status });
            }
          } else if (await this.jobs.markUndispatched(job.id, job.attempt)) {
            redispatched++;
            this.logger.warn({ msg: 'queued run missing from the queue; dispatching it again' });
          }
        },
      );
    }
    if (redispatched) this.dispatcher.kick();
    return { redispatched, lost };
  }
}
