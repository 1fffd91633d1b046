import { Injectable, Logger } from '@nestjs/common';
import { JobEventMessage } from '@validahub/job-contracts';
import { canRetry, JobFailure, needsOperator, retryDelayMs } from '@validahub/job-domain';
import { ObjectStorage } from '@validahub/storage';
import { runWithContext } from '@validahub/telemetry';
import { JobServiceConfig } from '../config/job-service.config';
import { JobTransitions, TransitionOutcome, TransitionPlan } from '../jobs/job-transitions';
import { RunFolderCleanup } from '../maintenance/run-folder-cleanup';
import { JobEntity } from '../persistence/job.entity';

/**
 * Applies what workers report. Delivery is at-least-once and unordered across workers, so every event is
 * checked against the job's current attempt and status by the state machine: a duplicate or a late event
 * changes nothing, which makes applying an event twice the same as applying it once.
 */
@Injectable()
export class JobEventApplier {
  private readonly logger = new Logger(JobEventApplier.name);

  constructor(
    private readonly transitions: JobTransitions,
    private readonly storage: ObjectStorage,
    private readonly config: JobServiceConfig,
    private readonly runFolders: RunFolderCleanup,
  ) {}

  apply(event: JobEventMessage): Promise<TransitionOutcome | undefined> {
    return runWithContext(
      { jobId: event.jobId, correlationId: event.correlationId, attempt: event.attempt },
      async () => {
        const plan = this.planFor(event);
        if (!plan) return undefined;
        const outcome = await this.transitions.apply({ id: event.jobId, attempt: event.attempt }, plan);
        this.log(event.type, outcome);
        if (event.type === 'completed' && outcome.kind === 'ignored')
          await this.runFolders.discardLosingRun(outcome.job, event.result);
        return outcome;
      },
    );
  }

  /** A run that ended badly: retried with backoff while the job has retries left and the error is transient. */
  applyFailure(jobId: string, attempt: number, failure: JobFailure): Promise<TransitionOutcome> {
    return this.transitions.apply({ id: jobId, attempt }, (job) => this.failurePlan(job, failure));
  }

  private planFor(event: JobEventMessage): ((job: JobEntity) => TransitionPlan) | undefined {
    const at = new Date(event.at);
    switch (event.type) {
      case 'started':
        return () => ({
          event: 'start',
          changes: {
            startedAt: () => 'COALESCE(started_at, :at)',
            heartbeatAt: () => 'now()',
            message: 'Started',
          },
          parameters: { at },
        });
      case 'progress':
        return () => ({
          event: 'progress',
          // Progress never goes down, even when two reports arrive out of order.
          changes: {
            progress: () => 'GREATEST(progress, :progress)',
            message: event.message,
            heartbeatAt: () => 'now()',
          },
          parameters: { progress: Math.max(0, Math.min(100, event.progress)) },
        });
      case 'heartbeat':
        return () => ({ event: 'progress', changes: { heartbeatAt: () => 'now()' } });
      case 'completed': {
        const report = event.result.artifacts.find((a) => a.name === 'report.json');
        return () => ({
          event: 'succeed',
          changes: {
            progress: 100,
            message: 'Completed',
            result: event.result,
            usageCpuMs: event.result.usage.cpuMs,
            usageRows: event.result.usage.rows,
            usageBytesRead: event.result.usage.bytesRead,
            usageBytesWritten: event.result.usage.bytesWritten,
            resultRef: report ? this.storage.uriFor(report.key) : null,
            error: null,
            errorCode: null,
            startedAt: () => 'COALESCE(started_at, :at)',
            finishedAt: () => 'now()',
            nextAttemptAt: null,
          },
          parameters: { at },
        });
      }
      case 'failed':
        return (job) => this.failurePlan(job, event.error);
      case 'cancelled':
        // The worker confirms it stopped a run the job-service had already cancelled: nothing to change.
        this.logger.log({ msg: 'worker stopped the cancelled run' });
        return undefined;
    }
  }

  private failurePlan(job: JobEntity, failure: JobFailure): TransitionPlan {
    if (needsOperator(failure)) {
      // The seed's convention: a human must look. A distinct event name alerting can key on.
      this.logger.error({
        msg: 'job failed with a CRITICAL error; an operator must look',
        event: 'job.needs_operator',
        code: failure.code,
        error: failure.message,
      });
    }
    if (failure.transient && canRetry(job.retryCount, job.maxRetries)) {
      const retryNumber = job.retryCount + 1;
      const delayMs = retryDelayMs(retryNumber, this.config.retry);
      return {
        event: 'schedule_retry',
        changes: {
          attempt: job.attempt + 1,
          retryCount: retryNumber,
          error: failure.message,
          errorCode: failure.code,
          message: `Retry ${retryNumber} of ${job.maxRetries} in ${Math.ceil(delayMs / 1000)} s after: ${failure.message}`,
          nextAttemptAt: new Date(Date.now() + delayMs),
          heartbeatAt: null,
        },
      };
    }
    return {
      event: 'fail',
      changes: {
        error: failure.message,
        errorCode: failure.code,
        message: failure.transient
          ? `Failed after ${job.retryCount} retries: ${failure.message}`
          : `Failed: ${failure.message}`,
        startedAt: () => 'COALESCE(started_at, now())',
        finishedAt: () => 'now()',
        nextAttemptAt: null,
      },
    };
  }

  private log(type: string, outcome: TransitionOutcome): void {
    if (outcome.kind === 'applied') {
      if (type !== 'progress' && type !== 'heartbeat')
        this.logger.log({ msg: `job ${outcome.job.status.toLowerCase()}`, event: type, from: outcome.from });
    } else if (outcome.kind === 'ignored') {
      this.logger.debug({ msg: 'event ignored', event: type, reason: outcome.reason });
    } else if (outcome.kind === 'not_found') {
      this.logger.warn({ msg: 'event for an unknown job', event: type });
    }
  }
}
