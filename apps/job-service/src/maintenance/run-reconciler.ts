import { Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { JOB_EVENTS_QUEUE, runJobMessageId } from '@validahub/job-contracts';
import { QueueInspector } from '@validahub/queue';
import { runWithContext } from '@validahub/telemetry';
import { JobServiceConfig } from '../config/job-service.config';
import { JobDispatcher } from '../dispatch/job-dispatcher';
import { JobEventApplier } from '../job-events/job-event-applier';
import { JobRow } from '../persistence/job-row';
import { JobRepository } from '../persistence/job.repository';

/**
 * Nothing stays unfinished forever. Periodically compares quiet unfinished jobs with the queue:
 * a dispatched run the queue no longer holds (Redis lost it) is dispatched again; a running job whose run
 * is gone from the queue and that sends no heartbeat lost its worker, and is retried like a transient failure.
 *
 * Each pass examines one page of quiet jobs in id order and the next goes on after it, wrapping around at
 * the end: a backlog of jobs legitimately waiting in the queue cannot hide the others, and every quiet job
 * is examined within ceil(quiet / RECONCILE_BATCH_SIZE) + 1 passes, with no write to mark it examined.
 */
@Injectable()
export class RunReconciler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RunReconciler.name);
  private timer?: NodeJS.Timeout;
  private pass?: Promise<void>;
  private stopped = false;
  /** The last job id the previous pass examined; undefined: start from the first. */
  private cursor?: string;

  constructor(
    private readonly jobs: JobRepository,
    private readonly inspector: QueueInspector,
    private readonly applier: JobEventApplier,
    private readonly dispatcher: JobDispatcher,
    private readonly config: JobServiceConfig,
  ) {}

  /** A first pass soon after start (what changed while this service was down), then periodically. */
  onApplicationBootstrap(): void {
    this.schedule(Math.min(2_000, this.config.reconcile.intervalMs));
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
          this.schedule(this.config.reconcile.intervalMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  /** One pass over the next page of quiet jobs; returns what it repaired. */
  async reconcile(): Promise<{ redispatched: number; lost: number }> {
    let redispatched = 0;
    let lost = 0;
    const { batchSize } = this.config.reconcile;
    const page = await this.jobs.findQuiet(this.config.leaseMs, batchSize, this.cursor);
    // A short page ends the walk: the next pass starts over, and meets jobs that went quiet meanwhile.
    this.cursor = page.length < batchSize ? undefined : page[page.length - 1].id;
    // Read at most once a pass, and only if a running job needs it; an earlier reading is only more cautious.
    let oldestReport: Promise<Date | null> | undefined;
    for (const job of page) {
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
            oldestReport ??= this.inspector.oldestPendingAt(JOB_EVENTS_QUEUE);
            if (!this.reportsSettled(job, await oldestReport)) return;
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

  /**
   * Whether every report the job's worker can have sent has been applied, so its silence is real. A live
   * worker heartbeats more often than once a lease; so if every report published up to a lease after the
   * last applied sign of life has been applied (the oldest one still waiting is younger), a worker alive
   * past that point would have refreshed it, and a dead one's last reports (its completion, say) are in.
   * Per job and bounded: under steady load it holds a lease plus the report queue's lag after the last
   * heartbeat, however busy the queue is.
   */
  private reportsSettled(job: JobRow, oldestReport: Date | null): boolean {
    const lastSignOfLife = job.heartbeatAt ?? job.startedAt ?? job.updatedAt;
    return oldestReport === null || oldestReport.getTime() > lastSignOfLife.getTime() + this.config.leaseMs;
  }
}
