import { Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { RunJobMessage, runJobMessageId } from '@validahub/job-contracts';
import { QueuePublisher } from '@validahub/queue';
import { PLAN_QUEUES, Plan, TaskName } from '@validahub/job-domain';
import { runDetached } from '@validahub/telemetry';
import { JobServiceConfig } from '../config/job-service.config';
import { JobRow } from '../persistence/job-row';
import { DispatchFairness, JobRepository } from '../persistence/job.repository';
import { JobDependencies, ResolvedRun } from '../dependencies/job-dependencies';
import { DispatchRequests } from './dispatch-requests';

const BATCH = 500;

// A create asks for a pass this soon: the creates of these few milliseconds are published together.
const COALESCE_MS = 5;

/**
 * Moves due jobs from Postgres (the source of truth) into their plan queue. A job is accepted by a
 * database insert alone; publishing happens here, so a crash between the two never loses an accepted job:
 * whatever was not marked dispatched is published on the next pass, and what was marked but never
 * published is found by the reconciler (the queue dedupes by message id either way).
 *
 * Fair between tenants: a plan's queue holds only `DISPATCH_QUEUE_DEPTH` runs, picked tenant by tenant, and a
 * tenant has at most its plan's `MAX_RUNNING_JOBS_<PLAN>` runs in flight (JobRepository's `claimDue`). So a
 * pass follows every change that frees a place (DispatchRequests). A job with dependencies is due once they
 * all succeeded; each pass first cancels jobs whose dependency failed (JobDependencies).
 */
@Injectable()
export class JobDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobDispatcher.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  /** A pass is due within COALESCE_MS: later kicks join it. */
  private soon = false;
  private stopped = false;
  readonly fairness: DispatchFairness;

  constructor(
    private readonly jobs: JobRepository,
    private readonly publisher: QueuePublisher,
    private readonly config: JobServiceConfig,
    private readonly dependencies: JobDependencies,
    requests: DispatchRequests,
  ) {
    requests.onRequest(() => this.kick());
    const plans = Object.keys(PLAN_QUEUES) as Plan[];
    this.fairness = {
      caps: Object.fromEntries(plans.map((p) => [PLAN_QUEUES[p].queue, config.quotas.plans[p].runningJobs])),
      queueDepth: config.dispatchQueueDepth,
    };
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Asks for a pass soon (a job was created or re-queued) instead of at the next tick. */
  kick(): void {
    if (this.running) this.again = true;
    else if (!this.soon) this.schedule(COALESCE_MS);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.soon = delayMs <= COALESCE_MS;
    clearTimeout(this.timer);
    // kick() is called while handling a request: the loop must not carry that request's context on and on.
    this.timer = setTimeout(() => runDetached(() => void this.pass()), delayMs);
    this.timer.unref();
  }

  private async pass(): Promise<void> {
    if (this.running) return;
    this.soon = false;
    let delay = this.config.dispatchIntervalMs;
    this.running = (async () => {
      try {
        this.again = false;
        await this.dependencies.cancelBlocked();
        while (
          (await this.jobs.dispatchDue(BATCH, this.fairness, (due) => this.publish(due))) === BATCH &&
          !this.stopped
        );
        // Kicked meanwhile: the next pass comes as soon as a kick would have brought it.
        if (this.again) delay = COALESCE_MS;
      } catch (error) {
        // Postgres or the queue is down (the runs stay due, a re-publish dedupes): keep trying, less often.
        delay = Math.min(10_000, delay * 4);
        this.logger.warn({ msg: 'dispatch pass failed; will retry', err: error });
      }
    })();
    await this.running;
    this.running = undefined;
    this.schedule(delay);
  }

  /**
   * Publishes the claimed runs in one go, each with its input resolved (a `job://` input becomes its
   * artifact's storage URI); a run whose artifact does not exist fails at once instead.
   */
  private async publish(due: JobRow[]): Promise<void> {
    const runs = await this.dependencies.resolve(due);
    const ready = runs.filter((r): r is Extract<ResolvedRun, { kind: 'ready' }> => r.kind === 'ready');
    if (ready.length > 0)
      await this.publisher.publishAll(
        ready.map(({ job, inputUri }) => ({
          queue: job.queue,
          payload: {
            v: 1,
            jobId: job.id,
            attempt: job.attempt,
            task: job.taskName as TaskName,
            tenantId: job.tenantId,
            params: { ...(job.params as unknown as RunJobMessage['params']), input_uri: inputUri },
            correlationId: job.correlationId ?? job.id,
          } satisfies RunJobMessage,
          options: {
            messageId: runJobMessageId(job.id, job.attempt),
            priority: job.priority,
            // Published from this background loop, the run still belongs to the request that created the job.
            trace: job.traceContext ?? undefined,
          },
        })),
      );
    for (const run of runs) if (run.kind === 'unresolvable') await this.dependencies.failUnresolvable(run);
    this.logger.debug({ msg: 'dispatched', count: ready.length });
  }
}
